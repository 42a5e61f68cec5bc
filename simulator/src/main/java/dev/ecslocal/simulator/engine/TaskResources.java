package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.RuntimeFailure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a run creates besides its containers, and the removal of everything at its end. ECS creates a task's
 * volumes before any container can be pulled (the agent's volume resources, ECS-SEMANTICS §1.5) and removes
 * task-scoped ones with the task (§6.1); a local run removes its containers too, as soon as it ends, since
 * nobody will inspect them three hours later. Runs on worker threads; says what it did through
 * {@code progress}.
 */
final class TaskResources {
    private final ContainerRuntime runtime;
    private final List<TaskVolume> volumes;
    private final List<HostResource> hostResources;
    private final Consumer<String> progress;
    private final List<HostResource> created = new java.util.ArrayList<>();

    TaskResources(ContainerRuntime runtime, List<TaskVolume> volumes, List<HostResource> hostResources,
                  Consumer<String> progress) {
        this.runtime = runtime;
        this.volumes = List.copyOf(volumes);
        this.hostResources = List.copyOf(hostResources);
        this.progress = progress;
    }

    /**
     * The volumes, then the host resources. What was created before a failure is still removed by {@link #release}.
     * Nothing is created once the run has released: a task stopped while it was being set up (a Ctrl-C in its first
     * second) is released at once, and a volume made after that would be left behind.
     */
    void create() throws RuntimeFailure {
        // Held while creating: a release waits for the creation under way, then removes what it made.
        synchronized (releaseLock) {
            if (released) {
                return;
            }
            createVolumes();
            for (HostResource resource : hostResources) {
                synchronized (created) {
                    created.add(resource);
                }
                resource.create();
            }
        }
    }

    private final Object releaseLock = new Object();
    private boolean released;

    /** A shared volume is reused; one with autoprovision false must already exist (§6.1). */
    private void createVolumes() throws RuntimeFailure {
        for (TaskVolume volume : volumes) {
            if (volume.create() == null) {
                continue;
            }
            try {
                if (volume.kind() == TaskVolume.Kind.SHARED_VOLUME && runtime.volumeExists(volume.source())) {
                    continue;
                }
                if (volume.mustExist()) {
                    // The agent's words.
                    throw new RuntimeFailure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, "volume '" + volume.source()
                            + "' does not exist and autoprovision is set to false");
                }
                runtime.createVolume(volume.create());
                progress.accept("created volume " + volume.source());
            } catch (RuntimeFailure failure) {
                if (failure.kind() == RuntimeFailure.Kind.RESOURCE_INITIALIZATION) {
                    throw failure;
                }
                throw new RuntimeFailure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, "failed to create volume '"
                        + volume.name() + "': " + failure.getMessage(), failure);
            }
        }
    }

    /**
     * Removes the containers, then the task-scoped volumes they used (shared volumes stay for the next run) and
     * the host resources, and closes the run's streams. With {@code keep}, containers and volumes stay for the user to inspect.
     */
    void release(Map<String, String> containers, String taskId, List<AutoCloseable> streams, boolean keep) {
        synchronized (releaseLock) {
            released = true;
        }
        if (keep) {
            progress.accept("kept the task's containers and volumes (--keep): `ecs-local down` removes them");
        } else {
            List<String> left = new ArrayList<>();
            String unreachable = null;
            for (var container : containers.entrySet()) {
                try {
                    removeContainer(container.getKey());
                } catch (RuntimeFailure failure) {
                    String named = container.getValue() + " (" + shortId(container.getKey()) + ")";
                    left.add("container " + named);
                    if (failure.kind() == RuntimeFailure.Kind.DAEMON_UNREACHABLE) {
                        unreachable = failure.getMessage();
                    } else {
                        progress.accept("could not remove container " + named + ": " + failure.getMessage());
                    }
                }
            }
            for (TaskVolume volume : volumes) {
                if (volume.removeAtEnd()) {
                    try {
                        runtime.removeVolume(volume.source());
                    } catch (RuntimeFailure failure) {
                        left.add("volume " + volume.source());
                        if (failure.kind() == RuntimeFailure.Kind.DAEMON_UNREACHABLE) {
                            unreachable = failure.getMessage();
                        } else {
                            progress.accept("could not remove volume " + volume.source() + ": " + failure.getMessage());
                        }
                    }
                }
            }
            if (!left.isEmpty()) {
                progress.accept((unreachable == null ? "left behind: " : "Docker is unreachable (" + unreachable + "), so these are "
                        + "left behind: ") + String.join(", ", left) + ". `ecs-local down " + taskId + "` removes them"
                        + (unreachable == null ? "" : " once Docker answers again"));
            }
        }
        // Host resources go even with keep: they are ecs-local's files, which nothing inspects.
        List<HostResource> made;
        synchronized (created) {
            made = new java.util.ArrayList<>(created);
        }
        java.util.Collections.reverse(made);
        made.forEach(resource -> resource.remove(progress));
        streams.forEach(TaskResources::closeQuietly);
    }

    /**
     * Removes it; when Docker does not answer (a restart's seconds without a daemon), waits for it up to
     * {@link #DOCKER_BACK} once per run, saying so, then gives up.
     */
    private void removeContainer(String id) throws RuntimeFailure {
        try {
            runtime.removeContainer(id);
        } catch (RuntimeFailure failure) {
            if (failure.kind() != RuntimeFailure.Kind.DAEMON_UNREACHABLE || waitedForDocker) {
                throw failure;
            }
            waitedForDocker = true;
            progress.accept("Docker does not answer (" + failure.getMessage() + "); waiting up to " + DOCKER_BACK.toSeconds()
                    + " s for it to come back to remove the task's containers");
            long deadline = System.nanoTime() + DOCKER_BACK.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw failure;
                }
                try {
                    runtime.removeContainer(id);
                    return;
                } catch (RuntimeFailure again) {
                    if (again.kind() != RuntimeFailure.Kind.DAEMON_UNREACHABLE) {
                        throw again;
                    }
                }
            }
            throw failure;
        }
    }

    /** Whether the end of the run has waited for Docker already: once is enough. */
    private boolean waitedForDocker;

    /** How long the end of a run waits for an unreachable Docker: a restart takes a few seconds. */
    static final java.time.Duration DOCKER_BACK = java.time.Duration.ofSeconds(15);

    /** Docker's short form of a container id: its first 12 characters. */
    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** Streams end with the run, or are replaced: a failure to close one has nothing left to tell. */
    static void closeQuietly(AutoCloseable stream) {
        try {
            if (stream != null) {
                stream.close();
            }
        } catch (Exception ignored) {
            // The stream is going away.
        }
    }
}
