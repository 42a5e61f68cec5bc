package dev.ecslocal.junit;

import dev.ecslocal.simulator.api.DockerUnavailableException;
import dev.ecslocal.simulator.api.EcsLocal;
import dev.ecslocal.simulator.api.PreparedRun;
import dev.ecslocal.simulator.api.RunOptions;
import dev.ecslocal.simulator.api.RunRefusedException;
import dev.ecslocal.simulator.api.RunningTask;
import dev.ecslocal.simulator.api.TaskDefinitionFile;
import dev.ecslocal.simulator.api.TaskFailedException;
import dev.ecslocal.simulator.event.ContainerLog;
import dev.ecslocal.simulator.event.TaskListener;
import dev.ecslocal.simulator.event.TaskOutcome;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.opentest4j.AssertionFailedError;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the extension starts one task for tests, as an immutable value: which task definition, with which options, on
 * which host, awaiting what and for how long. {@link #start()} reads and checks everything before anything is
 * created; a task that does not reach what is awaited is stopped and removed before the test fails.
 *
 * @param source   the file, or the registered task definition
 * @param listener hears the run's events and lines as they come, besides the {@link RunningTask}'s own record
 */
record TaskStart(TaskSource source, RunOptions options, Awaited awaited, Duration startTimeout, TaskListener listener, TaskHost host) {
    /** How many of each container's last lines a start that timed out shows. */
    private static final int LAST_LINES = 10;

    TaskStart {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(awaited, "awaited");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(host, "host");
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
        }
    }

    /**
     * Reads, prepares and starts the task, then waits for what is awaited.
     *
     * @throws ExtensionConfigurationException the task definition cannot be read, the task definition is invalid, or the options
     *                                         or what is awaited do not fit the task: nothing was started
     * @throws AssertionFailedError            the task could not start, or stopped (or timed out) before what is awaited;
     *                                         it was stopped and removed, and the message says why
     */
    RunningTask start() throws InterruptedException {
        TaskDefinitionFile task = source.read(options);
        awaited.check(task);
        PreparedRun prepared;
        try {
            prepared = EcsLocal.prepare(task, source.runOptions(options));
        } catch (RunRefusedException refused) {
            throw new ExtensionConfigurationException("ecs-local: cannot run " + source + ": " + refused.getMessage()
                    + "\nNothing was started.");
        }
        RunningTask running;
        try {
            running = host.start(prepared, listener);
        } catch (RunRefusedException refused) {
            throw new AssertionFailedError("ecs-local: cannot start " + prepared.identity().taskDefinition() + " from " + source
                    + ": " + refused.getMessage() + "\nNothing was started.");
        } catch (DockerUnavailableException e) {
            throw new AssertionFailedError("ecs-local: the Docker daemon stopped answering before " + source + " could start: "
                    + e.getMessage());
        }
        long begun = System.nanoTime();
        try {
            awaited.await(running, startTimeout);
            return running;
        } catch (TaskFailedException failed) {
            boolean timedOut = Duration.ofNanos(System.nanoTime() - begun).compareTo(startTimeout) >= 0;
            running.close();
            throw new AssertionFailedError(failure(running, failed, timedOut));
        } catch (InterruptedException e) {
            // Interrupted (a @Timeout): the task is still removed, which close() would not wait for with the flag set;
            // the exception says the interruption.
            Thread.interrupted();
            running.close();
            throw e;
        } catch (RuntimeException | Error e) {
            running.close();
            throw e;
        }
    }

    /**
     * Why the task did not get there. When it stopped, {@link RunningTask#describeFailure}: its stopCode and
     * stoppedReason, the container that stopped it, that container's last lines. When the time ran out, what it still
     * waited for, and every container's last lines, read after the extension stopped it, so that nothing is missing.
     */
    private String failure(RunningTask running, TaskFailedException failed, boolean timedOut) {
        String task = "ecs-local: task " + running.identity().taskDefinition() + " (" + running.identity().taskId() + ")";
        if (failed.outcome() != null) {
            return task + " stopped before it was " + awaited.what() + ": " + running.describeFailure(failed.outcome());
        }
        if (!timedOut) {
            return task + " did not become " + awaited.what() + ": " + failed.getMessage();
        }
        StringBuilder text = new StringBuilder(task + " was not " + awaited.what() + " after " + seconds(startTimeout) + ": "
                + failed.getMessage() + "; the extension stopped it");
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (ContainerLog line : running.lines()) {
            lines.computeIfAbsent(line.container(), c -> new ArrayList<>()).add(line.text());
        }
        lines.forEach((container, written) -> {
            text.append("\n  last lines of ").append(container).append(':');
            written.subList(Math.max(0, written.size() - LAST_LINES), written.size())
                    .forEach(line -> text.append("\n    ").append(line));
        });
        return text.toString();
    }

    /** {@code 90s}, {@code 0.5s}. */
    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() / 1000.0 + "s";
    }

    /** One line: {@code samples/payments/taskdef.json awaiting envoy HEALTHY within 120s}. */
    @Override
    public String toString() {
        return source + " awaiting " + awaited.what() + " within " + seconds(startTimeout);
    }
}
