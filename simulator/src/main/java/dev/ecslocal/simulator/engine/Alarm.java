package dev.ecslocal.simulator.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * One pending wake-up at a time: the engine sets it to the earliest moment a wait could end by itself (a
 * startTimeout expiring), since no event will come then. Setting it again moves it; null cancels it. Set on the
 * engine's loop; it rings on the scheduler's thread, so {@code ring} only posts to the loop.
 */
final class Alarm {
    private final Scheduler scheduler;
    private final Runnable ring;
    private Scheduler.Cancellable pending;
    private Instant at;

    Alarm(Scheduler scheduler, Runnable ring) {
        this.scheduler = scheduler;
        this.ring = ring;
    }

    void set(Instant at) {
        if (Objects.equals(at, this.at)) {
            return;
        }
        if (pending != null) {
            pending.cancel();
        }
        this.at = at;
        pending = at == null ? null : scheduler.schedule(at, ring);
    }
}
