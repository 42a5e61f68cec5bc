package dev.ecslocal.simulator.engine;

import java.time.Instant;

/** Time, injected: the system clock in a run, a manual one in tests. */
public interface Scheduler {
    Instant now();

    /** Runs {@code action} at {@code at} (at once if it has passed), on a thread of the scheduler's choosing. */
    Cancellable schedule(Instant at, Runnable action);

    interface Cancellable {
        void cancel();
    }
}
