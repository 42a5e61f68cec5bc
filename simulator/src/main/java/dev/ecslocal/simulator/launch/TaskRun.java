package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.api.DockerUnavailableException;
import dev.ecslocal.simulator.api.RunningTask;
import dev.ecslocal.simulator.api.TaskFailedException;
import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.fault.Fault;
import dev.ecslocal.simulator.engine.TaskEngine;
import dev.ecslocal.simulator.event.ContainerLog;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.HealthStatus;
import dev.ecslocal.simulator.event.PublishedPort;
import dev.ecslocal.simulator.event.RoutedRecord;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskListener;
import dev.ecslocal.simulator.event.TaskOutcome;
import dev.ecslocal.simulator.event.TaskStatus;
import dev.ecslocal.simulator.event.TaskView;
import dev.ecslocal.simulator.model.NetworkMode;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.plan.DependencyGraph;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A started run, as {@link RunningTask}: it reads the engine's published {@link TaskView} and the events it recorded,
 * never the engine's state, and acts through the engine (stop) or the runtime (a signal, as a crash would).
 */
final class TaskRun implements RunningTask {
    /** How many of each container's last lines are kept. */
    static final int KEPT_LINES = 1000;
    /** How many of the failing container's last lines a failure shows. */
    private static final int FAILURE_LINES = 10;

    private final RunIdentity run;
    private final TaskDefinition task;
    private final Instant startedAt;
    private final TaskEngine engine;
    private final CompletableFuture<TaskOutcome> outcome;
    private final Recorder recorder;
    private final ContainerRuntime runtime;

    TaskRun(RunIdentity run, TaskDefinition task, Instant startedAt, TaskEngine engine, CompletableFuture<TaskOutcome> engineOutcome,
            Recorder recorder, ContainerRuntime runtime, Clockwork clockwork, AutoCloseable resources) {
        this.run = run;
        this.task = task;
        this.startedAt = startedAt;
        this.engine = engine;
        this.recorder = recorder;
        this.runtime = runtime;
        // The receivers and the endpoint live until the last container is gone, then go with the threads.
        this.outcome = engineOutcome.whenComplete((result, failure) -> {
            try {
                resources.close();
            } catch (Exception ignored) {
                // What could not be closed goes with the process.
            }
            // Not on this thread: it is one of the run's workers, and a caller's thenAccept may run after it here.
            Thread release = new Thread(clockwork.release(), "ecs-local-release");
            release.setDaemon(true);
            release.start();
        });
        outcome.whenComplete((result, failure) -> recorder.wake());
    }

    /** Keeps what a run said: every event, and each container's last lines. Called from several threads. */
    static final class Recorder implements TaskListener {
        private final List<TaskEvent> events = new ArrayList<>();
        private final Map<String, ArrayDeque<ContainerLog>> lines = new LinkedHashMap<>();

        @Override
        public synchronized void event(TaskEvent event) {
            events.add(event);
            // The engine published its new view before this event: whoever awaits one looks again.
            notifyAll();
        }

        /** The run ended: whoever awaits something looks a last time. */
        synchronized void wake() {
            notifyAll();
        }

        @Override
        public synchronized void log(ContainerLog line) {
            ArrayDeque<ContainerLog> mine = lines.computeIfAbsent(line.container(), c -> new ArrayDeque<>());
            if (mine.size() == KEPT_LINES) {
                mine.removeFirst();
            }
            mine.addLast(line);
        }

        @Override
        public void routed(RoutedRecord record) {
            // A FireLens record is a line its container wrote: kept with the others.
            log(new ContainerLog(record.container(), ContainerLog.Stream.STDOUT, record.log(), Instant.now()));
        }

        synchronized List<TaskEvent> events() {
            return List.copyOf(events);
        }

        synchronized List<ContainerLog> lines(String container) {
            return List.copyOf(lines.getOrDefault(container, new ArrayDeque<>()));
        }

        synchronized List<ContainerLog> lines() {
            return lines.values().stream().flatMap(ArrayDeque::stream).toList();
        }
    }

    @Override
    public RunIdentity identity() {
        return run;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public TaskView view() {
        return engine.view();
    }

    @Override
    public TaskView awaitStatus(TaskStatus status, Duration timeout) throws InterruptedException {
        // RUNNING is passed once reached, even if the task stopped since: ECS's task reached it (the outcome says so).
        return await((view, ended) -> view.status().compareTo(status) >= 0 && (status != TaskStatus.RUNNING
                || view.status() == TaskStatus.RUNNING || ended != null && ended.reachedRunning()),
                status == TaskStatus.STOPPED ? null : "the task to be " + status, timeout);
    }

    @Override
    public TaskView awaitHealthy(String container, Duration timeout) throws InterruptedException {
        engine.view().container(container).orElseThrow(() -> new IllegalArgumentException("no container " + container + " in "
                + run.taskDefinition()));
        if (task.container(container).map(c -> c.healthCheck() == null).orElse(true)) {
            throw new IllegalArgumentException(container + " has no healthCheck, so it never becomes HEALTHY");
        }
        // UNHEALTHY is not the end: Docker's probes may pass again, and a HEALTHY dependency waits on (§1.3).
        return await((view, ended) -> {
            TaskView.ContainerView now = view.container(container).orElseThrow();
            if (now.health() == HealthStatus.HEALTHY) {
                return true;
            }
            if (now.known() == ContainerStatus.STOPPED) {
                throw new TaskFailedException(container + " stopped" + (now.exitCode() == null ? "" : " with exit code " + now.exitCode())
                        + " before it was HEALTHY" + (now.reason() == null ? "" : ": " + now.reason()) + lastLines(container), ended);
            }
            return false;
        }, container + " to be HEALTHY", timeout);
    }

    /** Whether the wait is over, from the view and the outcome (null while the task runs), both read at one moment. */
    private interface Reached {
        boolean test(TaskView view, TaskOutcome ended);
    }

    /**
     * Waits on the published view, looking again at each event (the engine publishes the view before it tells one) and
     * at the run's end. Whether the task had ended is read before the view, so that a view that reached the goal is
     * never mistaken for a task that stopped first.
     *
     * @param what what is awaited, for the failure; null when the task's end satisfies the wait
     */
    private TaskView await(Reached reached, String what, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        synchronized (recorder) {
            while (true) {
                TaskOutcome ended = outcome.isDone() && !outcome.isCompletedExceptionally() ? outcome.getNow(null) : null;
                boolean over = outcome.isDone();
                TaskView view = engine.view();
                if (reached.test(view, ended)) {
                    return view;
                }
                if (over && what != null) {
                    throw new TaskFailedException("the task stopped before " + what + ": " + describeFailure(ended), ended);
                }
                if (Instant.now().isAfter(deadline)) {
                    TaskView.ContainerView unhealthy = view.containers().stream()
                            .filter(c -> c.health() == HealthStatus.UNHEALTHY).findFirst().orElse(null);
                    throw new TaskFailedException("waited " + timeout.toSeconds() + "s for " + (what == null ? "the task to stop" : what)
                            + "; it is " + view.status() + waits() + (unhealthy == null ? ""
                            : "; " + unhealthy.name() + " is UNHEALTHY: " + unhealthy.healthOutput()), null);
                }
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left > 0) {
                    recorder.wait(left);
                }
            }
        }
    }

    /** What the containers still wait for, from the run's last Waiting events. */
    private String waits() {
        Map<String, String> waiting = new LinkedHashMap<>();
        for (TaskEvent event : recorder.events()) {
            if (event instanceof TaskEvent.Waiting w) {
                waiting.put(w.container(), w.forWhat());
            } else if (event instanceof TaskEvent.Released released) {
                waiting.remove(released.container());
            }
        }
        StringBuilder text = new StringBuilder();
        waiting.forEach((container, why) -> text.append("; ").append(container).append(" waits for ").append(why));
        return text.toString();
    }

    @Override
    public int hostPort(String container, int containerPort) {
        boolean mapped = task.container(container).orElseThrow(() -> new IllegalArgumentException("no container " + container
                        + " in " + run.taskDefinition())).portMappings().stream()
                .anyMatch(mapping -> mapping.containerPort() != null && mapping.containerPort() == containerPort);
        if (!mapped) {
            throw new IllegalArgumentException(container + " maps no containerPort " + containerPort + " (its portMappings)");
        }
        if (task.effectiveNetworkMode() == NetworkMode.HOST) {
            return containerPort;
        }
        // awsvpc: the task's ports are published on its namespace holder, which stands in for the ENI.
        String holder = task.effectiveNetworkMode() == NetworkMode.AWSVPC ? DependencyGraph.NETWORK_PAUSE : container;
        for (TaskEvent event : recorder.events()) {
            if (event instanceof TaskEvent.PortsPublished published && published.container().equals(holder)) {
                for (PublishedPort port : published.ports()) {
                    if (port.containerPort() == containerPort) {
                        return port.hostPort();
                    }
                }
            }
        }
        throw new IllegalStateException(container + "'s port " + containerPort + " is not published yet: it is, once "
                + (holder.equals(container) ? "it" : "the task's pause container") + " started");
    }

    @Override
    public List<String> logs(String container) {
        return recorder.lines(container).stream().map(ContainerLog::text).toList();
    }

    @Override
    public List<TaskEvent> events() {
        return recorder.events();
    }

    @Override
    public List<ContainerLog> lines() {
        return recorder.lines();
    }

    @Override
    public void stop() {
        engine.stop();
    }

    @Override
    public void kill() {
        engine.kill();
    }

    @Override
    public void kill(String container, String signal) {
        TaskView.ContainerView known = engine.view().container(container).orElseThrow(() -> new IllegalArgumentException(
                "no container " + container + " in " + run.taskDefinition()));
        if (known.runtimeId() == null) {
            throw new IllegalStateException(container + " was never created: nothing to signal");
        }
        try {
            runtime.signal(known.runtimeId(), Fault.signalName(signal));
        } catch (RuntimeFailure failure) {
            throw new IllegalStateException("cannot signal " + container + ": " + failure.getMessage(), failure);
        }
    }

    @Override
    public CompletableFuture<TaskOutcome> outcome() {
        return outcome;
    }

    @Override
    public TaskOutcome awaitOutcome(Duration timeout) throws InterruptedException, DockerUnavailableException {
        try {
            return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeFailure failure) {
                throw new DockerUnavailableException(failure.getMessage(), failure);
            }
            throw new IllegalStateException("the run failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new TaskFailedException("the task did not stop within " + timeout.toSeconds() + "s; it is "
                    + engine.view().status() + waits(), null);
        }
    }

    @Override
    public String describeFailure(TaskOutcome ended) {
        if (ended == null) {
            return "the task has not ended";
        }
        StringBuilder text = new StringBuilder(ended.stopCode() + ": " + ended.stoppedReason());
        if (ended.stoppedBy() != null) {
            ended.container(ended.stoppedBy()).ifPresent(c -> text.append(" (").append(c.name())
                    .append(c.exitCode() == null ? "" : " exited " + c.exitCode())
                    .append(c.reason() == null ? "" : ": " + c.reason()).append(")"));
            if (ended.elsewhere() != null) {
                text.append("\n  stopped by ").append(ended.elsewhere().describe(ended.stoppedBy()));
            }
            text.append(lastLines(ended.stoppedBy()));
        }
        return text.toString();
    }

    private String lastLines(String container) {
        List<ContainerLog> lines = recorder.lines(container);
        if (lines.isEmpty()) {
            return "\n  " + container + " wrote no line";
        }
        StringBuilder text = new StringBuilder("\n  last lines of " + container + ":");
        lines.subList(Math.max(0, lines.size() - FAILURE_LINES), lines.size())
                .forEach(line -> text.append("\n    ").append(line.text()));
        return text.toString();
    }

    @Override
    public void close() {
        if (!outcome.isDone()) {
            engine.stop();
        }
        try {
            outcome.get(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The daemon went away, or a container will not stop: `ecs-local down` removes what is left.
        }
    }

    @Override
    public String toString() {
        return run + " " + engine.view().status();
    }
}
