package dev.ecslocal.simulator.docker;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * What the engine needs from a container runtime, in ecs-local's terms. One implementation talks to
 * Docker (the only code that may import docker-java); {@link FakeContainerRuntime} is scripted for tests.
 *
 * <p>Calls may block (a pull, a create) and are made from worker threads, never from the engine's loop.
 * What happens to a container afterwards (it started, it died, its health changed) arrives as
 * {@link RuntimeEvent}s through {@link #subscribe}: the engine learns an exit from the event, not from
 * the call that caused it.
 */
public interface ContainerRuntime {

    /** Makes {@code image} available locally: pulls it when the policy says so, reporting progress lines. */
    void ensureImage(String image, PullPolicy policy, Consumer<String> progress) throws RuntimeFailure;

    /** Creates a named volume. */
    void createVolume(VolumeSpec spec) throws RuntimeFailure;

    boolean volumeExists(String name) throws RuntimeFailure;

    void removeVolume(String name) throws RuntimeFailure;

    /** Creates (does not start) a container; returns its id. */
    String createContainer(ContainerSpec spec) throws RuntimeFailure;

    void startContainer(String id) throws RuntimeFailure;

    /**
     * Sends the container its stop signal (the image's STOPSIGNAL, else SIGTERM) and SIGKILL after
     * {@code grace}: Docker's stop (ECS-SEMANTICS §2). The exit arrives as a {@link RuntimeEvent.Died}.
     */
    void stopContainer(String id, Duration grace) throws RuntimeFailure;

    void removeContainer(String id) throws RuntimeFailure;

    /** Starts delivering the events of containers carrying {@code taskLabel}; close the result to stop. */
    AutoCloseable subscribe(String taskLabel, String taskId, Consumer<RuntimeEvent> listener) throws RuntimeFailure;

    /** When ecs-local pulls an image (ECS's agent setting ECS_IMAGE_PULL_BEHAVIOR, in ecs-local's words). */
    enum PullPolicy {
        /** Pull every time, as ECS does by default. */
        ALWAYS,
        /** Pull only images not present locally. */
        MISSING,
        /** Never pull: a missing image fails the container. */
        NEVER
    }
}
