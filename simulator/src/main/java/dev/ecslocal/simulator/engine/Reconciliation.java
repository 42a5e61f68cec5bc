package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.docker.ContainerSnapshot;
import dev.ecslocal.simulator.docker.RuntimeEvent;
import dev.ecslocal.simulator.event.ContainerStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * Events Docker sends while its events stream is down are gone, not replayed (docs/docker-notes.md). Once the stream is
 * back the engine asks the runtime how each container is now, and this turns the answer into the events that would
 * have come, for the engine to take as if they had. Pure: evaluated on the engine's state, on its loop.
 */
final class Reconciliation {
    private Reconciliation() {
    }

    /** What {@code known} has not heard of, as the runtime sees it {@code now}: its health, then its exit. */
    static List<RuntimeEvent> missed(ContainerState known, ContainerSnapshot now) {
        List<RuntimeEvent> missed = new ArrayList<>();
        if (now.health() != null) {
            // Told even if unchanged: the engine says only what changed. Docker's inspect does not tell when it changed.
            missed.add(new RuntimeEvent.HealthChanged(now.id(), now.health(), now.healthOutput() == null ? "" : now.healthOutput(),
                    null));
        }
        // An exit of the run the engine knows of: not one from before its last (re)start.
        boolean ranAndEnded = !now.running() && now.exitCode() != null && now.startedAt() != null
                && (known.lastStartedAt == null || !now.finishedAt().isBefore(known.lastStartedAt));
        if (ranAndEnded && known.known == ContainerStatus.RUNNING && known.inFlight != ContainerState.Transition.STARTING) {
            missed.add(new RuntimeEvent.Died(now.id(), now.exitCode(), now.oomKilled(), now.finishedAt()));
        }
        return missed;
    }
}
