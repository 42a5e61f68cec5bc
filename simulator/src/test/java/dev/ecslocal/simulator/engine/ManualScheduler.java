package dev.ecslocal.simulator.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/** A clock that moves only when a test says so; timers fire in time order as it moves. */
public final class ManualScheduler implements Scheduler {
    private record Timer(Instant at, long sequence, Runnable action, boolean[] cancelled) {
    }

    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.at().equals(b.at())
            ? Long.compare(a.sequence(), b.sequence()) : a.at().compareTo(b.at()));
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private long sequence;

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Cancellable schedule(Instant at, Runnable action) {
        boolean[] cancelled = {false};
        timers.add(new Timer(at.isBefore(now) ? now : at, sequence++, action, cancelled));
        return () -> cancelled[0] = true;
    }

    /**
     * Runs a deterministic engine for {@code duration}: its loop (a queue) is drained, then each timer due on the way
     * fires in time order, each followed by the loop's messages, and the clock ends at the target.
     */
    public void run(java.util.Queue<Runnable> loop, Duration duration) {
        Instant target = now.plus(duration);
        drain(loop);
        while (fireNext(target)) {
            drain(loop);
        }
        moveTo(target);
        drain(loop);
    }

    public static void drain(java.util.Queue<Runnable> loop) {
        while (!loop.isEmpty()) {
            loop.poll().run();
        }
    }

    /** Fires the earliest timer due by {@code until}, moving the clock to it; false when none is due. */
    private boolean fireNext(Instant until) {
        while (!timers.isEmpty() && !timers.peek().at().isAfter(until)) {
            Timer timer = timers.poll();
            if (!timer.cancelled()[0]) {
                now = timer.at();
                timer.action().run();
                return true;
            }
        }
        return false;
    }

    private void moveTo(Instant instant) {
        now = instant;
    }

    Duration since(Instant start) {
        return Duration.between(start, now);
    }
}
