package dev.ecslocal.simulator.api;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.ContainerSnapshot;
import dev.ecslocal.simulator.docker.DockerJavaRuntime;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.fault.Fault;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.launch.LocalTasks;

import java.util.ArrayList;
import java.util.List;

/**
 * A Docker daemon, as ecs-local uses it: to run tasks on ({@link PreparedRun#start(Daemon, dev.ecslocal.simulator.event.TaskListener)}),
 * and to see and act on the tasks ecs-local runs or left there (`ps`, `down`, `stop`, `kill`), found by their labels
 * only: the daemon may be shared.
 */
public final class Daemon {
    private final ContainerRuntime runtime;

    private Daemon(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    /** The daemon DOCKER_HOST names, else the local socket; its API version negotiated. */
    public static Daemon connect() throws DockerUnavailableException {
        try {
            return new Daemon(DockerJavaRuntime.connect());
        } catch (RuntimeFailure failure) {
            throw new DockerUnavailableException(failure.getMessage(), failure);
        }
    }

    /** Any runtime (a fake one in tests). */
    public static Daemon of(ContainerRuntime runtime) {
        return new Daemon(runtime);
    }

    public ContainerRuntime runtime() {
        return runtime;
    }

    /** {@code Docker 27.3.1 at unix:///var/run/docker.sock, API 1.47}. */
    public String description() {
        return runtime.description();
    }

    /** Every task with a container or a volume on the daemon, oldest first. */
    public List<LocalTask> tasks() throws DockerUnavailableException {
        try {
            return LocalTasks.list(runtime).stream().map(Daemon::task).toList();
        } catch (RuntimeFailure failure) {
            throw new DockerUnavailableException(failure.getMessage(), failure);
        }
    }

    /** What {@link #remove} did, and what it could not do (with the daemon's words). */
    public record Removal(List<String> containers, List<String> volumes, List<String> failures) {
    }

    /** Removes the task's containers (running ones are killed), its task-scoped volumes and its router files. */
    public Removal remove(LocalTask task) {
        List<ContainerSnapshot> snapshots = new ArrayList<>();
        for (LocalTask.Container container : task.containers()) {
            snapshots.add(new ContainerSnapshot(container.runtimeId(), container.dockerName(), "", null,
                    java.util.Map.of(), container.running(), null, false, null, null, null, null, null, List.of(), null));
        }
        LocalTasks.Removal removal = LocalTasks.remove(runtime, new LocalTasks.LocalTask(task.taskId(), task.family(),
                task.revision(), task.ownerPid(), task.ownerHost(), task.createdAt(), snapshots, task.volumes()));
        return new Removal(removal.containers(), removal.volumes(), removal.failures());
    }

    /**
     * Signals one container of a task, as a crash would.
     *
     * @param signal {@code KILL}, {@code SIGTERM}, {@code 9}, …
     * @return the signal's name as sent ({@code SIGKILL})
     * @throws RunRefusedException the task has no such container ({@code USAGE}), or the daemon refused (the container
     *                             does not run, or the daemon does not answer: {@code CANNOT_START})
     */
    public String signal(LocalTask task, String container, String signal) throws RunRefusedException {
        LocalTask.Container chosen = task.container(container).orElseThrow(() -> new RunRefusedException("task " + task.taskId()
                + " has no container " + container + ". Containers: " + String.join(", ",
                task.containers().stream().map(LocalTask.Container::name).toList())));
        String name = Fault.signalName(signal);
        try {
            runtime.signal(chosen.runtimeId(), name);
            return name;
        } catch (RuntimeFailure failure) {
            throw new RunRefusedException(RunRefusedException.Kind.CANNOT_START, "cannot signal " + container + " of task "
                    + task.taskId() + ": " + failure.getMessage());
        }
    }

    private static LocalTask task(LocalTasks.LocalTask task) {
        return new LocalTask(task.taskId(), task.family(), task.revision(), task.ownerPid(), task.ownerHost(), task.createdAt(),
                task.containers().stream().map(c -> new LocalTask.Container(c.labels().get(RunIdentity.CONTAINER_LABEL), c.name(),
                        c.id(), c.running())).toList(), task.volumes());
    }
}
