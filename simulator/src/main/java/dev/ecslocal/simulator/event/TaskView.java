package dev.ecslocal.simulator.event;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the engine knows of a task at one moment, as an immutable value: the engine publishes a new one with every
 * event, from its loop, and anyone may read the latest from any thread without a lock (the metadata endpoint, a
 * test awaiting a status). Only the engine writes task state; this is its picture of it.
 *
 * @param pullStartedAt      when the first of the task's image pulls began; null while none did (images used as they were)
 * @param pullStoppedAt      when the last of them ended; null while none did
 * @param executionStoppedAt when the task reached STOPPED; null before
 * @param containers         every node of the task, the agent's internal containers included, in definition order
 */
public record TaskView(TaskStatus status, boolean desiredStopped, Instant pullStartedAt, Instant pullStoppedAt, Instant executionStoppedAt,
                       List<ContainerView> containers) {
    public TaskView {
        containers = List.copyOf(containers);
    }

    /**
     * One container.
     *
     * @param runtimeId   the runtime's id once created; null before
     * @param healthSince when its health last changed; null while UNKNOWN since the start
     */
    public record ContainerView(String name, boolean internal, ContainerStatus known, boolean desiredStopped, String runtimeId,
                                Integer exitCode, String reason, HealthStatus health, Instant healthSince, String healthOutput,
                                int restartCount) {
    }

    /** A task nothing has happened to yet: every container NONE. */
    public static TaskView pending(List<String> containers, List<String> internal) {
        return new TaskView(TaskStatus.PENDING, false, null, null, null, containers.stream()
                .map(name -> new ContainerView(name, internal.contains(name), ContainerStatus.NONE, false, null, null, null,
                        HealthStatus.UNKNOWN, null, null, 0))
                .toList());
    }

    public Optional<ContainerView> container(String name) {
        return containers.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
