package dev.ecslocal.junit;

import dev.ecslocal.simulator.api.RunningTask;
import dev.ecslocal.simulator.api.TaskFailedException;
import dev.ecslocal.simulator.event.ContainerLog;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.HealthStatus;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.event.StopCode;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskOutcome;
import dev.ecslocal.simulator.event.TaskStatus;
import dev.ecslocal.simulator.event.TaskView;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A task without Docker, doing what a test scripted: it runs until stopped, or it stops before RUNNING with an
 * outcome, or it stays PENDING. Its failures are worded as {@link RunningTask}'s are; what the extension's tests assert
 * is what the extension makes of them, and that it closes the task.
 */
final class FakeRunningTask implements RunningTask {
    private enum Script { RUNS, STOPS_BEFORE_RUNNING, STAYS_PENDING }

    private final RunIdentity identity;
    private final Script script;
    private final TaskOutcome stopsWith;
    private final Map<String, List<String>> lines;
    /** Of a task that stays PENDING: which container waits, and for what. */
    private final String waiting;
    private final String waitingFor;
    private final Instant startedAt = Instant.now();
    private final CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
    private volatile boolean closed;

    private FakeRunningTask(RunIdentity identity, Script script, TaskOutcome stopsWith, Map<String, List<String>> lines,
                            String waiting, String waitingFor) {
        this.identity = identity;
        this.script = script;
        this.stopsWith = stopsWith;
        this.lines = new LinkedHashMap<>(lines);
        this.waiting = waiting;
        this.waitingFor = waitingFor;
    }

    static FakeRunningTask running(RunIdentity identity) {
        return new FakeRunningTask(identity, Script.RUNS, null, Map.of(), null, null);
    }

    /** Its essential {@code container} exits {@code exitCode} before the task is RUNNING, after writing {@code lines}. */
    static FakeRunningTask exitingBeforeRunning(RunIdentity identity, String container, int exitCode, List<String> lines) {
        TaskOutcome outcome = new TaskOutcome(StopCode.EssentialContainerExited, StopCode.ESSENTIAL_CONTAINER_EXITED, container,
                false, Duration.ofSeconds(1), List.of(new TaskOutcome.ContainerOutcome(container, "busybox", true,
                ContainerStatus.STOPPED, exitCode, null, HealthStatus.UNKNOWN, false, 0, "id-" + container)));
        return new FakeRunningTask(identity, Script.STOPS_BEFORE_RUNNING, outcome, Map.of(container, lines), null, null);
    }

    /** It never gets RUNNING: {@code waiting} waits for {@code forWhat}; the containers wrote {@code lines}. */
    static FakeRunningTask stayingPending(RunIdentity identity, String waiting, String forWhat, Map<String, List<String>> lines) {
        return new FakeRunningTask(identity, Script.STAYS_PENDING, null, lines, waiting, forWhat);
    }

    boolean closed() {
        return closed;
    }

    @Override
    public RunIdentity identity() {
        return identity;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public TaskView view() {
        TaskStatus status = outcome.isDone() ? TaskStatus.STOPPED : script == Script.RUNS ? TaskStatus.RUNNING : TaskStatus.PENDING;
        return new TaskView(status, outcome.isDone(), null, null, null, List.of());
    }

    @Override
    public TaskView awaitStatus(TaskStatus status, Duration timeout) throws InterruptedException {
        return await("the task to be " + status, timeout);
    }

    @Override
    public TaskView awaitHealthy(String container, Duration timeout) throws InterruptedException {
        return await(container + " to be HEALTHY", timeout);
    }

    private TaskView await(String what, Duration timeout) throws InterruptedException {
        switch (script) {
            case RUNS -> {
                return view();
            }
            case STOPS_BEFORE_RUNNING -> {
                outcome.complete(stopsWith);
                throw new TaskFailedException("the task stopped before " + what + ": " + describeFailure(stopsWith), stopsWith);
            }
            default -> {
                Thread.sleep(timeout.toMillis());
                throw new TaskFailedException("waited " + timeout.toSeconds() + "s for " + what + "; it is PENDING; "
                        + waiting + " waits for " + waitingFor, null);
            }
        }
    }

    @Override
    public int hostPort(String container, int containerPort) {
        throw new IllegalArgumentException(container + " has no published port " + containerPort);
    }

    @Override
    public List<String> logs(String container) {
        return List.copyOf(lines.getOrDefault(container, List.of()));
    }

    @Override
    public List<TaskEvent> events() {
        return List.of();
    }

    @Override
    public List<ContainerLog> lines() {
        List<ContainerLog> all = new ArrayList<>();
        lines.forEach((container, written) -> written.forEach(line ->
                all.add(new ContainerLog(container, ContainerLog.Stream.STDOUT, line, startedAt))));
        return all;
    }

    @Override
    public void stop() {
        outcome.complete(new TaskOutcome(StopCode.UserInitiated, StopCode.STOPPED_BY_USER, null, script == Script.RUNS,
                Duration.between(startedAt, Instant.now()), List.of()));
    }

    @Override
    public void kill() {
        stop();
    }

    @Override
    public void kill(String container, String signal) {
        throw new IllegalStateException("cannot signal " + container + ": a fake task has no containers");
    }

    @Override
    public CompletableFuture<TaskOutcome> outcome() {
        return outcome;
    }

    @Override
    public TaskOutcome awaitOutcome(Duration timeout) throws InterruptedException {
        try {
            return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new TaskFailedException("the task did not stop within " + timeout.toSeconds() + "s", null);
        }
    }

    /** As the real one words it: the stop code and reason, the container that stopped the task, its last lines. */
    @Override
    public String describeFailure(TaskOutcome ended) {
        StringBuilder text = new StringBuilder(ended.stopCode() + ": " + ended.stoppedReason());
        if (ended.stoppedBy() != null) {
            TaskOutcome.ContainerOutcome by = ended.container(ended.stoppedBy()).orElseThrow();
            text.append(" (").append(by.name()).append(" exited ").append(by.exitCode()).append(")")
                    .append("\n  last lines of ").append(by.name()).append(':');
            logs(by.name()).forEach(line -> text.append("\n    ").append(line));
        }
        return text.toString();
    }

    @Override
    public void close() {
        stop();
        closed = true;
    }

    @Override
    public String toString() {
        return identity + " " + view().status() + (closed ? " (closed)" : "");
    }
}
