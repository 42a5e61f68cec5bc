package dev.ecslocal.simulator.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Real time: the system clock and one daemon timer thread. Timer actions should only post to a loop. */
public final class SystemScheduler implements Scheduler, AutoCloseable {
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ecs-local-timer");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Cancellable schedule(Instant at, Runnable action) {
        long delay = Math.max(0, Duration.between(now(), at).toMillis());
        ScheduledFuture<?> future = timer.schedule(action, delay, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
