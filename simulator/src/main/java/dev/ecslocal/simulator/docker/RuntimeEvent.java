package dev.ecslocal.simulator.docker;

import java.time.Instant;

/**
 * What the runtime reports, from Docker's events stream: about a container, or about the stream itself
 * (events missed while it was down are gone, so the engine reconciles with {@link ContainerRuntime#inspect}
 * when it comes back).
 */
public sealed interface RuntimeEvent {

    /** An event about one container. */
    sealed interface OfContainer extends RuntimeEvent {
        String containerId();
    }

    /** The container's process started (Docker {@code start}). */
    record Started(String containerId, Instant at) implements OfContainer {
    }

    /** The container's process exited (Docker {@code die}), with its code; {@code oomKilled} after an {@code oom}. */
    record Died(String containerId, int exitCode, boolean oomKilled, Instant at) implements OfContainer {
    }

    /**
     * Someone else signalled it (Docker's {@code kill} event for a signal this runtime did not send): {@code docker stop}
     * or {@code kill} from a terminal, {@code ecs-local kill}, or the daemon stopping every container as it shuts down.
     *
     * @param signal its name ({@code SIGTERM})
     */
    record SignalledElsewhere(String containerId, String signal, Instant at) implements OfContainer {
    }

    /** Docker's health status changed ({@code health_status: healthy}); {@code output} is the last probe's. */
    record HealthChanged(String containerId, Health health, String output, Instant at) implements OfContainer {
    }

    /** The events stream broke (the daemon restarted, the socket closed); the runtime is reconnecting. */
    record StreamInterrupted(String reason) implements RuntimeEvent {
    }

    /** The events stream is back: anything may have happened meanwhile. */
    record StreamResumed() implements RuntimeEvent {
    }

    enum Health { STARTING, HEALTHY, UNHEALTHY }
}
