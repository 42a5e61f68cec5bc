package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.RuntimeFailure;

import java.util.List;
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

    /** The volumes, then the host resources. What was created before a failure is still removed by {@link #release}. */
    void create() throws RuntimeFailure {
        createVolumes();
        for (HostResource resource : hostResources) {
            synchronized (created) {
                created.add(resource);
            }
            resource.create();
        }
    }

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
    void release(List<String> containerIds, List<AutoCloseable> streams, boolean keep) {
        if (keep) {
            progress.accept("kept the task's containers and volumes (--keep): `ecs-local down` removes them");
        } else {
            for (String id : containerIds) {
                try {
                    runtime.removeContainer(id);
                } catch (RuntimeFailure failure) {
                    progress.accept("could not remove container " + id + ": " + failure.getMessage());
                }
            }
            for (TaskVolume volume : volumes) {
                if (volume.removeAtEnd()) {
                    try {
                        runtime.removeVolume(volume.source());
                    } catch (RuntimeFailure failure) {
                        progress.accept("could not remove volume " + volume.source() + ": " + failure.getMessage());
                    }
                }
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
