package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.event.TaskView;
import dev.ecslocal.simulator.event.TaskListener;
import dev.ecslocal.simulator.event.TaskOutcome;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.HealthStatus;
import dev.ecslocal.simulator.event.Notice;
import dev.ecslocal.simulator.event.StopCode;
import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.docker.RuntimeEvent;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.engine.RuntimeActions.LaunchStep;
import dev.ecslocal.simulator.plan.DependencyGraph;
import dev.ecslocal.simulator.plan.Node;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one task with ECS's semantics (ECS-SEMANTICS §1–§3): starts containers as their dependencies
 * are met, follows their exits and health, stops the task when an essential container stops, and
 * shuts down in reverse dependency order.
 *
 * <p>One loop owns all state: runtime events, the results of runtime calls and timers arrive as
 * messages on {@code loop} ({@code post}), and every method below that touches state runs there. Runtime
 * calls block, so {@link RuntimeActions} makes them on {@code workers} and posts what they came to; it is
 * handed names, ids and specs, never a {@link ContainerState}, which nothing off the loop touches.
 * {@link TaskReporter} says what happened, on the loop; the rules the decisions follow are pure and beside
 * this class ({@link DependencyResolver}, {@link StopOrder}, {@link RestartRule}, {@link Reconciliation}).
 * Desired status only moves forward; known status is what the runtime reported, never assumed, and a
 * container becomes STOPPED one way only ({@code markStopped}).
 */
public final class TaskEngine {
    /**
     * What a run may vary.
     *
     * @param taskStartTimeout stop the task if it is not RUNNING by then; null: wait as ECS does
     * @param keep             leave the containers and volumes in place at the end, for inspection
     */
    public record Options(String taskId, ContainerRuntime.PullPolicy pullPolicy, Duration taskStartTimeout, boolean keep) {
        public Options {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(pullPolicy, "pullPolicy");
        }
    }

    /**
     * How long after a signal from outside its exit is still that signal's doing: the container's stopTimeout or the
     * daemon's shutdown timeout (15 s: dockerd kills what its stop signal did not end after the container's own stop
     * timeout, 10 s by default), whichever is longer, and a margin.
     */
    private static final Duration DAEMON_SHUTDOWN_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration SIGNAL_TO_EXIT_MARGIN = Duration.ofSeconds(5);

    /** The agent's reason for a container the kernel's OOM killer ended. */
    private static final String OUT_OF_MEMORY = "OutOfMemoryError: Container killed due to memory usage";

    private final DependencyGraph graph;
    private final SpecFactory specs;
    private final Options options;
    private final Executor loop;
    private final Scheduler scheduler;

    private final Map<String, ContainerState> states = new LinkedHashMap<>();
    /** By runtime id, in the order the runtime created them. */
    private final Map<String, ContainerState> byRuntimeId = new LinkedHashMap<>();
    private final TaskReporter reporter;
    private final RuntimeActions actions;
    private final Alarm alarm;
    private final CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
    /** Podman runs no health check without systemd: said if a container's checks never run. */
    private final boolean podman;

    /** Null while the task's desired status is RUNNING; set once. */
    private TaskStop stop;
    private boolean cleaningUp;

    public TaskEngine(DependencyGraph graph, List<TaskVolume> volumes, ContainerRuntime runtime, SpecFactory specs,
                      Options options, Executor loop, Executor workers, Scheduler scheduler, TaskListener listener) {
        this.graph = graph;
        this.specs = specs;
        this.options = options;
        this.loop = loop;
        this.scheduler = scheduler;
        for (Node node : graph.nodes()) {
            states.put(node.name(), new ContainerState(node));
        }
        this.podman = runtime.product() == ContainerRuntime.Product.PODMAN;
        this.reporter = new TaskReporter(states.values(), () -> stop, scheduler, listener);
        this.actions = new RuntimeActions(runtime, options.pullPolicy(), volumes, specs.hostResources(), workers, this::post,
                listener, (container, message) -> post(() -> reporter.progress(container, message)));
        this.alarm = new Alarm(scheduler, () -> post(this::evaluate));
    }

    /** What the engine knows of the task now: safe to call from any thread, never waits for the loop. */
    public TaskView view() {
        return reporter.view();
    }

    /** Starts the task; the future completes once every container has stopped and been removed. */
    public CompletableFuture<TaskOutcome> start() {
        return start(null);
    }

    /**
     * @param runStartedAt when the run began, before the engine (its set-up said notices from then): events count
     *                     their {@code t} from it, so that one run has one time origin; null: now
     */
    public CompletableFuture<TaskOutcome> start(Instant runStartedAt) {
        post(() -> {
            Instant startedAt = scheduler.now();
            reporter.started(runStartedAt == null ? startedAt : runStartedAt);
            try {
                actions.subscribe(options.taskId(), startedAt, this::onRuntimeEvent);
            } catch (RuntimeFailure failure) {
                outcome.completeExceptionally(failure);
                return;
            }
            if (options.taskStartTimeout() != null) {
                scheduler.schedule(startedAt.plus(options.taskStartTimeout()), () -> post(this::onTaskStartTimeout));
            }
            // No container is pulled before the task's resources exist (§1.5).
            actions.createResources(this::evaluate, failure -> {
                stopTask(StopCode.TaskFailedToStart, failure.reason(), null);
                evaluate();
            });
        });
        return outcome;
    }

    /** Stops the task the way ECS does on StopTask: desired STOPPED, then reverse dependency order. */
    public void stop() {
        post(() -> {
            stopTask(StopCode.UserInitiated, StopCode.STOPPED_BY_USER, null);
            evaluate();
        });
    }

    /** Stops every running container at once, without grace or order: the second Ctrl-C. */
    public void kill() {
        post(() -> {
            stopTask(StopCode.UserInitiated, StopCode.STOPPED_BY_USER, null);
            for (ContainerState state : states.values()) {
                if (state.known == ContainerStatus.RUNNING) {
                    sendStop(state, Duration.ZERO);
                }
            }
            evaluate();
        });
    }

    // ---- the loop ---------------------------------------------------------------------------------

    /**
     * A message to the loop. Work that finishes after the run has ended (a late inspect, a log stream closing)
     * may find the loop shut down by its owner: there is nothing left for it to change, so it is dropped.
     */
    private void post(Runnable message) {
        try {
            loop.execute(message);
        } catch (RejectedExecutionException runIsOver) {
            // The run has ended.
        }
    }

    /** Takes every step that can be taken now. Idempotent: called after every message. */
    private void evaluate() {
        if (stop == null) {
            startWhatCan();
        }
        if (stop != null) {
            stopWhatCan();
        }
        reporter.taskStatus();
        if (!cleaningUp && states.values().stream().allMatch(s -> s.known == ContainerStatus.STOPPED)) {
            cleanUp();
        }
    }

    /**
     * Launches every container whose dependencies are met. One whose dependency can never resolve is STOPPED at
     * once, which may end others' waits: again, until nothing changes. The alarm is set for the earliest moment a
     * wait could end by itself.
     */
    private void startWhatCan() {
        Instant now = scheduler.now();
        Instant earliestDeadline = null;
        boolean changed = true;
        while (changed && stop == null) {
            changed = false;
            earliestDeadline = null;
            for (ContainerState state : states.values()) {
                if (state.desiredStopped || state.known != ContainerStatus.NONE || state.inFlight != ContainerState.Transition.NONE) {
                    continue;
                }
                Resolution resolution = DependencyResolver.resolveAll(graph.dependenciesOf(state.name()), states, now);
                if (resolution instanceof Resolution.Never never) {
                    failToStart(state, never.reason(), 143);
                    changed = true;
                } else if (resolution instanceof Resolution.Waiting waiting) {
                    reporter.waiting(state, waiting);
                    if (waiting.deadline() != null && (earliestDeadline == null || waiting.deadline().isBefore(earliestDeadline))) {
                        earliestDeadline = waiting.deadline();
                    }
                } else {
                    launch(state);
                }
            }
        }
        alarm.set(earliestDeadline);
    }

    private void launch(ContainerState state) {
        reporter.waitEnded(state.name());
        state.inFlight = ContainerState.Transition.STARTING;
        reporter.released(state.name(), graph.dependenciesOf(state.name()));
        ContainerSpec spec = specs.spec(state.node, started);
        state.logsReadable = RuntimeActions.readableByDocker(spec);
        state.healthCheck = spec.healthCheck();
        state.launchedAt = scheduler.now();
        actions.launch(state.name(), spec, state.logsReadable, step -> onLaunchStep(state, step));
    }

    /**
     * Known status follows the launch as the workers tell it: PULLED, CREATED, then RUNNING once the start call
     * returned (unless an exit, which may overtake it, said so first).
     */
    private void onLaunchStep(ContainerState state, LaunchStep step) {
        if (step instanceof LaunchStep.Pulled pulled) {
            // The task's pull times are its containers' pulls; the agent's pause image is no pull of the task's.
            if (pulled.fromRegistry() && !state.node.isInternal()) {
                reporter.pulled(state.launchedAt);
            }
            advance(state, ContainerStatus.PULLED);
        } else if (step instanceof LaunchStep.Created created) {
            state.dockerId = created.runtimeId();
            byRuntimeId.put(created.runtimeId(), state);
            advance(state, ContainerStatus.CREATED);
        } else if (step instanceof LaunchStep.StartReturned returned) {
            state.inFlight = ContainerState.Transition.NONE;
            state.bridgeAddress = returned.bridgeAddress();
            markStarted(state);
            evaluate();
        } else if (step instanceof LaunchStep.PortsPublished published) {
            reporter.portsPublished(state.name(), published.ports());
        } else if (step instanceof LaunchStep.Failed failed) {
            // Docker may report a die before the failed start call returns: the exit was taken, and is what ECS says.
            if (state.known != ContainerStatus.STOPPED) {
                if (failed.blame() != null && states.containsKey(failed.blame())) {
                    // The holder published a member's port: the task fails on that member's account, as its
                    // mapping asked for the port (the holder runs nothing of the user's).
                    stopTask(StopCode.TaskFailedToStart, failed.failure().reason(), failed.blame());
                }
                failToStart(state, failed.failure().reason(), null);
            }
            state.inFlight = ContainerState.Transition.NONE;
            evaluate();
        }
    }

    /** The containers that started, as specs refer to them. Read on the loop only, as all state. */
    private final SpecFactory.Started started = new SpecFactory.Started() {
        @Override
        public String runtimeId(String name) {
            return states.get(name).dockerId;
        }

        @Override
        public String bridgeAddress(String name) {
            return states.get(name).bridgeAddress;
        }
    };

    // ---- what the runtime and the clock tell ------------------------------------------------------

    private void onRuntimeEvent(RuntimeEvent event) {
        if (event instanceof RuntimeEvent.StreamInterrupted interrupted) {
            reporter.progress(null, "lost Docker's events stream (" + interrupted.reason() + "); reconnecting");
            return;
        }
        if (event instanceof RuntimeEvent.StreamResumed) {
            reporter.progress(null, "Docker's events stream is back; checking every container");
            reconcile();
            return;
        }
        ContainerState state = byRuntimeId.get(((RuntimeEvent.OfContainer) event).containerId());
        if (state != null) {
            take(state, event);
            evaluate();
        }
    }

    /** Started needs nothing: the start call's return already said so, and the exit may overtake it. */
    private void take(ContainerState state, RuntimeEvent event) {
        if (event instanceof RuntimeEvent.Died died) {
            onDied(state, died.exitCode(), died.oomKilled(), died.at());
        } else if (event instanceof RuntimeEvent.HealthChanged changed) {
            onHealth(state, changed.health(), changed.output());
        } else if (event instanceof RuntimeEvent.SignalledElsewhere signalled) {
            onSignalledElsewhere(state, signalled.signal());
        }
    }

    /**
     * Someone else signalled it: nothing changes (its exit, if it exits, is taken as any exit), but the run says so,
     * and the outcome says who stopped the task (the daemon stops every container when it shuts down or restarts).
     */
    private void onSignalledElsewhere(ContainerState state, String signal) {
        if (state.known == ContainerStatus.STOPPED || state.signalledElsewhere != null) {
            return;
        }
        state.signalledElsewhere = signal;
        state.signalledElsewhereAt = scheduler.now();
        reporter.progress(state.name(), signal + " from outside this run");
    }

    /** Every created container that has not stopped is inspected; what the runtime says is taken as the events missed. */
    private void reconcile() {
        for (ContainerState state : states.values()) {
            if (state.dockerId != null && state.known != ContainerStatus.STOPPED) {
                actions.reinspect(state.name(), state.dockerId, state.logsReadable, now -> {
                    Reconciliation.missed(state, now).forEach(event -> take(state, event));
                    evaluate();
                });
            }
        }
    }

    private void onDied(ContainerState state, int exitCode, boolean oomKilled, Instant at) {
        if (state.known == ContainerStatus.STOPPED) {
            return;
        }
        // Docker may report the exit before our start call returns: it did start.
        markStarted(state);
        Duration signalToExit = (state.stopTimeout().compareTo(DAEMON_SHUTDOWN_TIMEOUT) > 0 ? state.stopTimeout()
                : DAEMON_SHUTDOWN_TIMEOUT).plus(SIGNAL_TO_EXIT_MARGIN);
        if (state.signalledElsewhere != null && Duration.between(state.signalledElsewhereAt, scheduler.now()).compareTo(signalToExit) > 0) {
            // A signal long before this exit (a HUP to reload, minutes ago) did not end it.
            state.signalledElsewhere = null;
            state.signalledElsewhereAt = null;
        }
        if (RestartRule.shouldRestart(state.restartPolicy(), state.desiredStopped || stop != null, exitCode,
                state.lastStartedAt, scheduler.now())) {
            restart(state, exitCode, at);
            return;
        }
        // Without an OOM kill, the reason a failed restart gave (if any) stays.
        markStopped(state, exitCode, oomKilled ? OUT_OF_MEMORY : state.reason, StopCode.EssentialContainerExited);
    }

    /** The same container, started again in place (same id, same writable layer). */
    private void restart(ContainerState state, int exitCode, Instant diedAt) {
        state.restartCount++;
        state.signalledElsewhere = null;
        state.signalledElsewhereAt = null;
        state.lastStartedAt = scheduler.now();
        state.inFlight = ContainerState.Transition.STARTING;
        reporter.restarted(state, exitCode);
        actions.restart(state.name(), state.dockerId, state.logsReadable, diedAt, () -> {
            state.inFlight = ContainerState.Transition.NONE;
            evaluate();
        }, failure -> {
            // As the agent does: a failed restart continues the normal stop flow.
            state.inFlight = ContainerState.Transition.NONE;
            state.reason = failure.reason();
            onDied(state, exitCode, false, diedAt);
            evaluate();
        });
    }

    private void onHealth(ContainerState state, RuntimeEvent.Health health, String output) {
        // ECS reports health only for containers whose task definition has a healthCheck (§4.1).
        if (!state.hasHealthCheck()) {
            return;
        }
        HealthStatus status = switch (health) {
            case HEALTHY -> HealthStatus.HEALTHY;
            case UNHEALTHY -> HealthStatus.UNHEALTHY;
            case STARTING -> HealthStatus.UNKNOWN;
        };
        state.healthOutput = output;
        if (status != state.health) {
            state.health = status;
            state.healthSince = scheduler.now();
            reporter.healthChanged(state);
        }
    }

    private void onTaskStartTimeout() {
        if (reporter.reachedRunning() || stop != null) {
            return;
        }
        List<String> waits = reporter.waits();
        stopTask(StopCode.TaskFailedToStart, "Task did not reach RUNNING within " + options.taskStartTimeout().toSeconds()
                + "s (--task-start-timeout)" + (waits.isEmpty() ? "" : ": " + String.join("; ", waits)), null);
        evaluate();
    }

    // ---- known status -----------------------------------------------------------------------------

    /** Known status only moves forward; each step is said once. */
    private void advance(ContainerState state, ContainerStatus to) {
        if (state.advance(to)) {
            reporter.containerChanged(state);
        }
    }

    /** RUNNING, from the start call's return or an exit that overtook it; startTimeout counts from the first (§1.4). */
    private void markStarted(ContainerState state) {
        if (state.startedAt == null) {
            state.startedAt = scheduler.now();
            state.lastStartedAt = state.startedAt;
            if (state.healthCheck != null) {
                scheduler.schedule(HealthSilence.askAt(state.healthCheck, state.startedAt), () -> post(() -> askIfHealthChecked(state)));
            }
        }
        advance(state, ContainerStatus.RUNNING);
    }

    /**
     * Its first health check's result was due, and none came: did the daemon run any? If not, said once, with the
     * containers that wait for it HEALTHY ({@link HealthSilence}). Nothing changes: the wait goes on as on ECS.
     */
    private void askIfHealthChecked(ContainerState state) {
        if (cleaningUp || !HealthSilence.stillSilent(state)) {
            return;
        }
        actions.inspect(state.name(), state.dockerId, now -> {
            Notice notice = cleaningUp ? null : HealthSilence.notice(state, now, scheduler.now(),
                    HealthSilence.waitingForItHealthy(graph.dependentsOf(state.name()), states), podman);
            if (notice != null) {
                reporter.noticed(notice);
            }
        });
    }

    /**
     * A container that will not run: its dependency can never resolve (exit code 143, chosen by the agent
     * to look like SIGTERM although nothing was signalled: §1.3), or the runtime could not pull, create or
     * start it (no exit code). Its desired status moves to STOPPED, since it will never run; an essential one
     * fails the task to start.
     */
    private void failToStart(ContainerState state, String reason, Integer exitCode) {
        state.desiredStopped = true;
        markStopped(state, exitCode, reason, StopCode.TaskFailedToStart);
    }

    /**
     * The one way a container's known status becomes STOPPED, whatever stopped it: its exit, a start that failed
     * or can never happen, the task stopping before it started, a stop the runtime could not carry out. Callers
     * know it was not STOPPED yet, so each container is said STOPPED once. Desired status is not moved here: a
     * container that exits by itself keeps the desired status it had.
     *
     * @param exitCode    its process's exit code; null when it never ran, or the runtime never told how it ended
     * @param reason      its stoppedReason; null when nothing went wrong
     * @param ifEssential what an essential container stopping this way does to the task (§3.1): TaskFailedToStart
     *                    with the container's reason, EssentialContainerExited with ECS's; null when the task is
     *                    already stopping
     */
    private void markStopped(ContainerState state, Integer exitCode, String reason, StopCode ifEssential) {
        state.inFlight = ContainerState.Transition.NONE;
        state.exitCode = exitCode;
        state.reason = reason;
        // Waits end here: the task start timeout names only the containers still waiting.
        reporter.waitEnded(state.name());
        state.known = ContainerStatus.STOPPED;
        state.stoppedAt = scheduler.now();
        reporter.containerChanged(state);
        if (ifEssential != null && state.node.isEssential()) {
            stopTask(ifEssential, ifEssential == StopCode.EssentialContainerExited ? StopCode.ESSENTIAL_CONTAINER_EXITED : reason,
                    state.name());
        }
    }

    // ---- stopping ---------------------------------------------------------------------------------

    /** The task's desired status moves to STOPPED, once; the first cause is the one ECS reports. */
    private void stopTask(StopCode code, String reason, String container) {
        if (stop != null) {
            return;
        }
        stop = new TaskStop(code, reason, container);
        for (ContainerState state : states.values()) {
            state.desiredStopped = true;
        }
        alarm.set(null);
        reporter.taskStatus(); // STOPPING is said before the first container is stopped
    }

    /** Every step ECS's stop order allows now; again after one STOPPED at once, which may free others. */
    private void stopWhatCan() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (ContainerState state : states.values()) {
                List<ContainerState> dependents = graph.dependentsOf(state.name()).stream()
                        .map(edge -> states.get(edge.dependent())).toList();
                switch (StopOrder.next(state, dependents)) {
                    case STOPPED_AT_ONCE -> {
                        // Never ran: no exit code, nothing went wrong, and the task is already stopping.
                        markStopped(state, null, null, null);
                        changed = true;
                    }
                    case STOP -> sendStop(state, state.stopTimeout());
                    case WAIT -> { }
                }
            }
        }
    }

    private void sendStop(ContainerState state, Duration grace) {
        state.inFlight = ContainerState.Transition.STOPPING;
        reporter.stopRequested(state.name(), grace);
        actions.stop(state.dockerId, grace, failure -> {
            // As the agent does when stopping keeps failing: the container is marked STOPPED anyway. The runtime
            // never told how it ended, so there is no exit code; the task is already stopping.
            if (state.known != ContainerStatus.STOPPED) {
                markStopped(state, null, failure.reason(), null);
            }
            evaluate();
        });
    }

    /** Every container has stopped: remove what the run created, then report the outcome. */
    private void cleanUp() {
        cleaningUp = true;
        alarm.set(null);
        // Newest first: a container another joined (awsvpc's pause, a volumesFrom source) goes after it, which Podman
        // insists on ("has dependent containers") and Docker does not mind.
        List<String> ids = new ArrayList<>(byRuntimeId.keySet());
        Collections.reverse(ids);
        Map<String, String> named = new java.util.LinkedHashMap<>();
        ids.forEach(id -> named.put(id, byRuntimeId.get(id).name()));
        TaskOutcome result = reporter.outcome();
        actions.releaseAll(named, options.taskId(), options.keep(), () -> outcome.complete(result));
    }
}
