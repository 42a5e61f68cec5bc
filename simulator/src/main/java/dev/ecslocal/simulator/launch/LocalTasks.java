package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.agent.RouterFiles;
import dev.ecslocal.simulator.api.Daemon;
import dev.ecslocal.simulator.api.LocalTask;
import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.ContainerSnapshot;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.docker.VolumeSummary;
import dev.ecslocal.simulator.event.RunIdentity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tasks ecs-local runs or left behind on a daemon, found by the labels every run puts on what it
 * creates (never by listing everything: the daemon may be shared). A run killed with {@code kill -9}
 * leaves its containers and volumes; {@link #remove} takes them away.
 */
public final class LocalTasks {
    private LocalTasks() {
    }

    /** Every task with a container or a volume on the daemon, oldest first. */
    public static List<LocalTask> list(ContainerRuntime runtime) throws RuntimeFailure {
        Map<String, List<ContainerSnapshot>> containers = new LinkedHashMap<>();
        for (ContainerSnapshot container : runtime.containers(RunIdentity.TASK_LABEL)) {
            containers.computeIfAbsent(container.labels().get(RunIdentity.TASK_LABEL), id -> new ArrayList<>()).add(container);
        }
        Map<String, List<String>> volumes = new LinkedHashMap<>();
        for (VolumeSummary volume : runtime.volumes(RunIdentity.TASK_LABEL)) {
            volumes.computeIfAbsent(volume.labels().get(RunIdentity.TASK_LABEL), id -> new ArrayList<>()).add(volume.name());
        }
        List<String> ids = new ArrayList<>(containers.keySet());
        volumes.keySet().stream().filter(id -> !containers.containsKey(id)).forEach(ids::add);
        List<LocalTask> tasks = new ArrayList<>();
        for (String id : ids) {
            // Newest first: `remove` takes them in this order, dependents before what they joined (Podman insists).
            List<ContainerSnapshot> mine = new ArrayList<>(containers.getOrDefault(id, List.of()));
            mine.sort(Comparator.comparing(ContainerSnapshot::createdAt, Comparator.nullsLast(Comparator.reverseOrder())));
            Map<String, String> labels = mine.isEmpty() ? Map.of() : mine.get(0).labels();
            Long pid = labels.containsKey(RunIdentity.PID_LABEL) ? parsePid(labels.get(RunIdentity.PID_LABEL)) : null;
            Instant created = mine.stream().map(ContainerSnapshot::createdAt).filter(Objects::nonNull)
                    .min(Comparator.naturalOrder()).orElse(null);
            tasks.add(new LocalTask(id, labels.get("com.amazonaws.ecs.task-definition-family"),
                    labels.get("com.amazonaws.ecs.task-definition-version"), pid, labels.get(RunIdentity.HOST_LABEL), created,
                    mine.stream().map(c -> new LocalTask.Container(c.labels().get(RunIdentity.CONTAINER_LABEL), c.name(), c.id(),
                            c.running())).toList(), volumes.getOrDefault(id, List.of())));
        }
        tasks.sort(Comparator.comparing(LocalTask::createdAt, Comparator.nullsLast(Comparator.naturalOrder())));
        return tasks;
    }

    /** Removes the task's containers (running ones are killed), then its task-scoped volumes and the router's files. */
    public static Daemon.Removal remove(ContainerRuntime runtime, LocalTask task) {
        List<String> containers = new ArrayList<>();
        List<String> volumes = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (LocalTask.Container container : task.containers()) {
            try {
                runtime.removeContainer(container.runtimeId());
                containers.add(container.dockerName());
            } catch (RuntimeFailure failure) {
                failures.add("container " + container.dockerName() + ": " + failure.getMessage());
            }
        }
        for (String volume : task.volumes()) {
            try {
                runtime.removeVolume(volume);
                volumes.add(volume);
            } catch (RuntimeFailure failure) {
                failures.add("volume " + volume + ": " + failure.getMessage());
            }
        }
        // The FireLens router's files, when the run that wrote them here was killed before removing them.
        RouterFiles.removeDirectory(RouterFiles.directoryFor(task.taskId()), problem -> failures.add(problem));
        return new Daemon.Removal(containers, volumes, failures);
    }

    /** What every run on the daemon shares (the endpoints relay and its network), as {@code container NAME}, {@code network NAME}. */
    public static List<String> shared(ContainerRuntime runtime) throws RuntimeFailure {
        return EndpointRelay.shared(runtime);
    }

    /** Removes what the runs share when no task is left to use it; what it removed. */
    public static List<String> removeSharedIfUnused(ContainerRuntime runtime) {
        return EndpointRelay.removeIfUnused(runtime, null);
    }

    private static Long parsePid(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
