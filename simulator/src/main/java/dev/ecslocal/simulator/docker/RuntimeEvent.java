package dev.ecslocal.simulator.docker;

import java.time.Instant;

/** What the runtime reports about a container, from Docker's events stream or a reconciliation. */
public sealed interface RuntimeEvent {
    String containerId();

    /** The container's process started (Docker {@code start}). */
    record Started(String containerId, Instant at) implements RuntimeEvent {
    }

    /** The container's process exited (Docker {@code die}), with its code; {@code oomKilled} from inspect. */
    record Died(String containerId, int exitCode, boolean oomKilled, Instant at) implements RuntimeEvent {
    }

    /** Docker's health status changed ({@code health_status: healthy}); {@code output} is the last probe's. */
    record HealthChanged(String containerId, Health health, String output) implements RuntimeEvent {
    }

    enum Health { STARTING, HEALTHY, UNHEALTHY }
}
