package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.engine.Scheduler;
import dev.ecslocal.simulator.engine.SystemScheduler;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * The threads and the clock a run's engine works with: its loop (one thread: the one writer of task state), the
 * workers that make the blocking runtime calls, and time. Real threads in a run; a queue the test drains, inline
 * calls and a manual clock in unit tests, so that a whole run is deterministic.
 *
 * @param release ends the threads once the run is over
 */
public record Clockwork(Executor loop, Executor workers, Scheduler scheduler, Runnable release) {
    /** A run's real threads (daemon threads: they never keep the JVM alive) and the system clock. */
    public static Clockwork threads() {
        ExecutorService loop = Executors.newSingleThreadExecutor(daemonThreads("ecs-local-engine"));
        ExecutorService workers = Executors.newCachedThreadPool(daemonThreads("ecs-local-docker"));
        SystemScheduler scheduler = new SystemScheduler();
        return new Clockwork(loop, workers, scheduler, () -> {
            loop.shutdownNow();
            workers.shutdownNow();
            scheduler.close();
        });
    }

    private static ThreadFactory daemonThreads(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
