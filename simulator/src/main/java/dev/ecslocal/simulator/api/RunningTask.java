package dev.ecslocal.simulator.api;

import dev.ecslocal.simulator.event.ContainerLog;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskOutcome;
import dev.ecslocal.simulator.event.TaskStatus;
import dev.ecslocal.simulator.event.TaskView;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A task running on a daemon, started by {@link PreparedRun#start}. Closing it stops the task as StopTask does (if it
 * still runs), waits for the end, and removes what the run created (unless it was run with keep).
 */
public interface RunningTask extends AutoCloseable {
    RunIdentity identity();

    /** When the run started (the events' {@code t} counts from here). */
    Instant startedAt();

    /** What the engine knows of the task now; never waits. */
    TaskView view();

    /**
     * Waits until the task is at least {@code status} (RUNNING, STOPPED, …).
     *
     * @throws TaskFailedException when the task stopped first (for STOPPED: never), or the time ran out
     */
    TaskView awaitStatus(TaskStatus status, Duration timeout) throws InterruptedException;

    /**
     * Waits until the container is HEALTHY.
     *
     * @throws TaskFailedException when the task stopped first, the container turned UNHEALTHY or stopped, or the time ran out
     */
    TaskView awaitHealthy(String container, Duration timeout) throws InterruptedException;

    /** The host port the daemon published for the container's port (awsvpc: on the task's namespace holder). */
    int hostPort(String container, int containerPort);

    /** The container's lines so far (the last thousand), as the run's listener heard them. */
    List<String> logs(String container);

    /** Every event so far, in order. */
    List<TaskEvent> events();

    /** Every line so far (the last thousand per container). */
    List<ContainerLog> lines();

    /** Stops the task as ECS's StopTask does: reverse dependency order, each container's stopTimeout. */
    void stop();

    /** Stops every container at once, without grace or order. */
    void kill();

    /** Signals one container as a crash would ({@code SIGKILL}, {@code TERM}, {@code 9}, …); the run sees the exit. */
    void kill(String container, String signal);

    /** Completes once every container has stopped and the run has cleaned up. */
    CompletableFuture<TaskOutcome> outcome();

    /**
     * Waits for the task's end.
     *
     * @throws DockerUnavailableException the daemon stopped answering before the task ended
     * @throws TaskFailedException        the time ran out
     */
    TaskOutcome awaitOutcome(Duration timeout) throws InterruptedException, DockerUnavailableException;

    /** Why the task failed, in a few lines: its stop reason, the container that stopped it, that container's last lines. */
    String describeFailure(TaskOutcome outcome);

    /** Stops the task if it still runs, waits for its end and its clean-up. */
    @Override
    void close();
}
