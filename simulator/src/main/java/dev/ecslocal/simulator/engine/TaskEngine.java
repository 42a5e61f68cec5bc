package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.docker.RuntimeEvent;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.ContainerDefinition.RestartPolicy;
import dev.ecslocal.simulator.plan.DependencyGraph;
import dev.ecslocal.simulator.plan.Edge;
import dev.ecslocal.simulator.plan.Node;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs one task with ECS's semantics (ECS-SEMANTICS §1–§3): starts containers as their dependencies
 * are met, follows their exits and health, stops the task when an essential container stops, and
 * shuts down in reverse dependency order.
 *
 * <p>One loop owns all state: runtime events, the results of runtime calls and timers arrive as
 * messages on {@code loop}, and every method below that touches state runs there. Runtime calls are
 * made on {@code workers}, because they block. Desired status only moves forward; known status is what
 * the runtime reported, never assumed.
 */
public final class TaskEngine {
    /** What a run may vary. @param taskStartTimeout stop the task if it is not RUNNING by then; null: wait as ECS does */
    public record Options(String taskId, ContainerRuntime.PullPolicy pullPolicy, Duration taskStartTimeout) {
        public Options {
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(pullPolicy, "pullPolicy");
        }
    }

    /** The label every container of a run carries, so that events and clean-up find exactly them. */
    public static final String TASK_LABEL = "ecs-local.task-id";

    private final DependencyGraph graph;
    private final List<TaskVolume> volumes;
    private final ContainerRuntime runtime;
    private final SpecFactory specs;
    private final Options options;
    private final Executor loop;
    private final Executor workers;
    private final Scheduler scheduler;
    private final Consumer<TaskEvent> events;

    private final Map<String, ContainerState> states = new LinkedHashMap<>();
    private final Map<String, ContainerState> byRuntimeId = new HashMap<>();
    private final Map<String, String> lastWaiting = new HashMap<>();
    private final CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();

    private Instant startedAt;
    private boolean taskStopping;
    private StopCode stopCode;
    private String stoppedReason;
    private String stoppedBy;
    private TaskStatus lastStatus;
    private boolean reachedRunning;
    private boolean cleaningUp;
    private Scheduler.Cancellable nextDeadline;
    private Instant nextDeadlineAt;
    private AutoCloseable subscription;

    public TaskEngine(DependencyGraph graph, List<TaskVolume> volumes, ContainerRuntime runtime, SpecFactory specs,
                      Options options, Executor loop, Executor workers, Scheduler scheduler, Consumer<TaskEvent> events) {
        this.graph = graph;
        this.volumes = List.copyOf(volumes);
        this.runtime = runtime;
        this.specs = specs;
        this.options = options;
        this.loop = loop;
        this.workers = workers;
        this.scheduler = scheduler;
        this.events = events;
        for (Node node : graph.nodes()) {
            states.put(node.name(), new ContainerState(node));
        }
    }

    /** Starts the task; the future completes once every container has stopped and been removed. */
    public CompletableFuture<TaskOutcome> start() {
        loop.execute(() -> {
            startedAt = scheduler.now();
            try {
                subscription = runtime.subscribe(TASK_LABEL, options.taskId(), event -> loop.execute(() -> onRuntimeEvent(event)));
            } catch (RuntimeFailure failure) {
                outcome.completeExceptionally(failure);
                return;
            }
            if (options.taskStartTimeout() != null) {
                scheduler.schedule(startedAt.plus(options.taskStartTimeout()), () -> loop.execute(this::onTaskStartTimeout));
            }
            // The task's volumes exist before any container is pulled (the agent's volume resources, §1.5).
            workers.execute(() -> {
                try {
                    createVolumes();
                    loop.execute(this::evaluate);
                } catch (RuntimeFailure failure) {
                    loop.execute(() -> {
                        stopTask(StopCode.TaskFailedToStart, failure.reason(), null);
                        evaluate();
                    });
                }
            });
        });
        return outcome;
    }

    /** Runs on a worker. A shared volume is reused; one with autoprovision false must already exist (§6.1). */
    private void createVolumes() throws RuntimeFailure {
        for (TaskVolume volume : volumes) {
            if (volume.create() == null) {
                continue;
            }
            try {
                if (volume.kind() == TaskVolume.Kind.SHARED_VOLUME && runtime.volumeExists(volume.source())) {
                    continue;
                }
                if (volume.mustExist()) {
                    // The agent's words.
                    throw new RuntimeFailure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, "volume '" + volume.source()
                            + "' does not exist and autoprovision is set to false");
                }
                runtime.createVolume(volume.create());
                loop.execute(() -> emit(new TaskEvent.Progress(elapsed(), null, "created volume " + volume.source())));
            } catch (RuntimeFailure failure) {
                if (failure.kind() == RuntimeFailure.Kind.RESOURCE_INITIALIZATION) {
                    throw failure;
                }
                throw new RuntimeFailure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, "failed to create volume '"
                        + volume.name() + "': " + failure.getMessage(), failure);
            }
        }
    }

    /** Stops the task the way ECS does on StopTask: desired STOPPED, then reverse dependency order. */
    public void stop() {
        loop.execute(() -> {
            stopTask(StopCode.UserInitiated, StopCode.STOPPED_BY_USER, null);
            evaluate();
        });
    }

    /** Stops every running container at once, without grace or order: the second Ctrl-C. */
    public void kill() {
        loop.execute(() -> {
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

    /** Takes every step that can be taken now. Idempotent: called after every message. */
    private void evaluate() {
        if (!taskStopping) {
            startWhatCan();
        }
        if (taskStopping) {
            stopWhatCan();
        }
        reportTaskStatus();
        if (!cleaningUp && states.values().stream().allMatch(s -> s.known == ContainerStatus.STOPPED)) {
            cleanUp();
        }
    }

    private void startWhatCan() {
        Instant now = scheduler.now();
        Instant earliestDeadline = null;
        boolean changed = true;
        while (changed && !taskStopping) {
            changed = false;
            earliestDeadline = null;
            for (ContainerState state : states.values()) {
                if (state.desiredStopped || state.known != ContainerStatus.NONE || state.inFlight != ContainerState.Transition.NONE) {
                    continue;
                }
                Resolution resolution = resolve(state, now);
                if (resolution instanceof Resolution.Never never) {
                    failToStart(state, never.reason(), 143);
                    changed = true;
                } else if (resolution instanceof Resolution.Waiting waiting) {
                    reportWaiting(state, waiting.why());
                    if (waiting.deadline() != null && (earliestDeadline == null || waiting.deadline().isBefore(earliestDeadline))) {
                        earliestDeadline = waiting.deadline();
                    }
                } else {
                    launch(state);
                }
            }
        }
        wakeUpAt(earliestDeadline);
    }

    /** All of a container's dependencies at once: the first "never" wins, then the first "not yet". */
    private Resolution resolve(ContainerState state, Instant now) {
        Resolution.Waiting firstWait = null;
        Instant deadline = null;
        for (Edge edge : graph.dependenciesOf(state.name())) {
            Resolution resolution = DependencyResolver.resolve(edge, states.get(edge.dependency()), now);
            if (resolution instanceof Resolution.Never) {
                return resolution;
            }
            if (resolution instanceof Resolution.Waiting waiting) {
                firstWait = firstWait == null ? waiting : firstWait;
                if (waiting.deadline() != null && (deadline == null || waiting.deadline().isBefore(deadline))) {
                    deadline = waiting.deadline();
                }
            }
        }
        return firstWait == null ? Resolution.SATISFIED : new Resolution.Waiting(firstWait.why(), deadline);
    }

    private void launch(ContainerState state) {
        lastWaiting.remove(state.name());
        state.inFlight = ContainerState.Transition.STARTING;
        ContainerSpec spec = specs.spec(state.node, name -> states.get(name).dockerId);
        workers.execute(() -> {
            try {
                runtime.ensureImage(spec.image(), options.pullPolicy(),
                        line -> loop.execute(() -> emit(new TaskEvent.Progress(elapsed(), state.name(), line))));
                loop.execute(() -> advance(state, ContainerStatus.PULLED));
                String id = runtime.createContainer(spec);
                loop.execute(() -> onCreated(state, id));
                runtime.startContainer(id);
                loop.execute(() -> onStartReturned(state));
            } catch (RuntimeFailure failure) {
                loop.execute(() -> {
                    state.inFlight = ContainerState.Transition.NONE;
                    failToStart(state, failure.reason(), null);
                    evaluate();
                });
            }
        });
    }

    private void onCreated(ContainerState state, String id) {
        state.dockerId = id;
        byRuntimeId.put(id, state);
        advance(state, ContainerStatus.CREATED);
    }

    private void onStartReturned(ContainerState state) {
        state.inFlight = ContainerState.Transition.NONE;
        markStarted(state);
        evaluate();
    }

    private void markStarted(ContainerState state) {
        if (state.startedAt == null) {
            state.startedAt = scheduler.now();
            state.lastStartedAt = state.startedAt;
        }
        advance(state, ContainerStatus.RUNNING);
    }

    /**
     * A container that will not run: its dependency can never resolve (exit code 143, chosen by the agent
     * to look like SIGTERM although nothing was signalled: §1.3), or the runtime could not pull, create or
     * start it (no exit code). An essential one stops the task.
     */
    private void failToStart(ContainerState state, String reason, Integer exitCode) {
        state.desiredStopped = true;
        state.exitCode = exitCode;
        state.reason = reason;
        lastWaiting.remove(state.name());
        state.known = ContainerStatus.STOPPED;
        state.stoppedAt = scheduler.now();
        emitContainer(state);
        if (state.node.isEssential()) {
            stopTask(StopCode.TaskFailedToStart, reason, state.name());
        }
    }

    private void onRuntimeEvent(RuntimeEvent event) {
        ContainerState state = byRuntimeId.get(event.containerId());
        if (state == null) {
            return;
        }
        if (event instanceof RuntimeEvent.Died died) {
            onDied(state, died.exitCode(), died.oomKilled());
        } else if (event instanceof RuntimeEvent.HealthChanged changed) {
            onHealth(state, changed.health(), changed.output());
        }
        // Started needs nothing: the start call's return already said so, and the exit may overtake it.
        evaluate();
    }

    private void onDied(ContainerState state, int exitCode, boolean oomKilled) {
        if (state.known == ContainerStatus.STOPPED) {
            return;
        }
        // Docker may report the exit before our start call returns: it did start.
        markStarted(state);
        if (shouldRestart(state, exitCode)) {
            restart(state, exitCode);
            return;
        }
        state.inFlight = ContainerState.Transition.NONE;
        state.exitCode = exitCode;
        if (oomKilled) {
            state.reason = "OutOfMemoryError: Container killed due to memory usage";
        }
        state.known = ContainerStatus.STOPPED;
        state.stoppedAt = scheduler.now();
        emitContainer(state);
        if (state.node.isEssential()) {
            stopTask(StopCode.EssentialContainerExited, StopCode.ESSENTIAL_CONTAINER_EXITED, state.name());
        }
    }

    /**
     * restartPolicy (§3.2): only while the task runs, for a code not ignored, and only if the container
     * ran at least restartAttemptPeriod since its last (re)start; no back-off, no limit.
     */
    private boolean shouldRestart(ContainerState state, int exitCode) {
        ContainerDefinition definition = state.node.container();
        RestartPolicy policy = definition == null ? null : definition.restartPolicy();
        if (policy == null || !Boolean.TRUE.equals(policy.enabled()) || state.desiredStopped || taskStopping
                || policy.ignoredExitCodes().contains(exitCode)) {
            return false;
        }
        int period = policy.restartAttemptPeriod() == null
                ? RestartPolicy.DEFAULT_RESTART_ATTEMPT_PERIOD_SECONDS : policy.restartAttemptPeriod();
        return !Duration.between(state.lastStartedAt, scheduler.now()).minusSeconds(period).isNegative();
    }

    /** The same container, started again in place (same id, same writable layer). */
    private void restart(ContainerState state, int exitCode) {
        state.restartCount++;
        state.lastStartedAt = scheduler.now();
        state.inFlight = ContainerState.Transition.STARTING;
        emit(new TaskEvent.Restarted(elapsed(), state.name(), exitCode, state.restartCount));
        String id = state.dockerId;
        workers.execute(() -> {
            try {
                runtime.startContainer(id);
                loop.execute(() -> {
                    state.inFlight = ContainerState.Transition.NONE;
                    evaluate();
                });
            } catch (RuntimeFailure failure) {
                // As the agent does: a failed restart continues the normal stop flow.
                loop.execute(() -> {
                    state.inFlight = ContainerState.Transition.NONE;
                    state.reason = failure.reason();
                    onDied(state, exitCode, false);
                    evaluate();
                });
            }
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
            emit(new TaskEvent.HealthChanged(elapsed(), state.name(), status, output));
        }
    }

    private void onTaskStartTimeout() {
        if (reachedRunning || taskStopping) {
            return;
        }
        List<String> waits = new ArrayList<>();
        lastWaiting.forEach((name, why) -> waits.add(name + " is waiting for " + why));
        stopTask(StopCode.TaskFailedToStart, "Task did not reach RUNNING within " + options.taskStartTimeout().toSeconds()
                + "s (--task-start-timeout)" + (waits.isEmpty() ? "" : ": " + String.join("; ", waits)), null);
        evaluate();
    }

    // ---- stopping ---------------------------------------------------------------------------------

    /** The task's desired status moves to STOPPED, once; the first cause is the one ECS reports. */
    private void stopTask(StopCode code, String reason, String container) {
        if (taskStopping) {
            return;
        }
        taskStopping = true;
        stopCode = code;
        stoppedReason = reason;
        stoppedBy = container;
        for (ContainerState state : states.values()) {
            state.desiredStopped = true;
        }
        wakeUpAt(null);
        reportTaskStatus(); // STOPPING is said before the first container is stopped
    }

    /**
     * Reverse dependency order, in parallel otherwise (§2): a running container is stopped once every
     * container that depends on it has stopped; one that never started is STOPPED without a runtime call.
     */
    private void stopWhatCan() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (ContainerState state : states.values()) {
                changed |= stopIfItCan(state);
            }
        }
    }

    /** One container's step towards STOPPED; true when it reached STOPPED here, which may free others. */
    private boolean stopIfItCan(ContainerState state) {
        if (state.known == ContainerStatus.STOPPED || state.inFlight != ContainerState.Transition.NONE) {
            return false;
        }
        if (state.known.isBefore(ContainerStatus.RUNNING)) {
            state.known = ContainerStatus.STOPPED;
            state.stoppedAt = scheduler.now();
            lastWaiting.remove(state.name());
            emitContainer(state);
            return true;
        }
        boolean dependentsStopped = graph.dependentsOf(state.name()).stream()
                .allMatch(edge -> states.get(edge.dependent()).known == ContainerStatus.STOPPED);
        if (dependentsStopped) {
            ContainerDefinition definition = state.node.container();
            int grace = definition == null ? ContainerDefinition.DEFAULT_STOP_TIMEOUT_SECONDS
                    : definition.effectiveStopTimeoutSeconds();
            sendStop(state, Duration.ofSeconds(grace));
        }
        return false;
    }

    private void sendStop(ContainerState state, Duration grace) {
        state.inFlight = ContainerState.Transition.STOPPING;
        emit(new TaskEvent.Progress(elapsed(), state.name(), "stopping: stop signal, then SIGKILL after "
                + grace.toSeconds() + "s"));
        String id = state.dockerId;
        workers.execute(() -> {
            try {
                runtime.stopContainer(id, grace);
            } catch (RuntimeFailure failure) {
                // As the agent does when stopping keeps failing: the container is marked STOPPED anyway.
                loop.execute(() -> {
                    if (state.known != ContainerStatus.STOPPED) {
                        state.inFlight = ContainerState.Transition.NONE;
                        state.reason = failure.reason();
                        state.known = ContainerStatus.STOPPED;
                        state.stoppedAt = scheduler.now();
                        emitContainer(state);
                    }
                    evaluate();
                });
            }
        });
    }

    /** Every container has stopped: remove what the run created, then report the outcome. */
    private void cleanUp() {
        cleaningUp = true;
        wakeUpAt(null);
        List<String> ids = states.values().stream().map(s -> s.dockerId).filter(Objects::nonNull).toList();
        TaskOutcome result = outcomeNow();
        workers.execute(() -> {
            for (String id : ids) {
                try {
                    runtime.removeContainer(id);
                } catch (RuntimeFailure failure) {
                    loop.execute(() -> emit(new TaskEvent.Progress(elapsed(), null, "could not remove container " + id
                            + ": " + failure.getMessage())));
                }
            }
            // After the containers that use them; shared volumes stay for the next run.
            for (TaskVolume volume : volumes) {
                if (volume.removeAtEnd()) {
                    try {
                        runtime.removeVolume(volume.source());
                    } catch (RuntimeFailure failure) {
                        loop.execute(() -> emit(new TaskEvent.Progress(elapsed(), null, "could not remove volume "
                                + volume.source() + ": " + failure.getMessage())));
                    }
                }
            }
            try {
                if (subscription != null) {
                    subscription.close();
                }
            } catch (Exception ignored) {
                // The events stream is going away with the run; nothing is left to tell.
            }
            outcome.complete(result);
        });
    }

    // ---- what the user sees -----------------------------------------------------------------------

    private void advance(ContainerState state, ContainerStatus to) {
        if (state.advance(to)) {
            emitContainer(state);
        }
    }

    private void emitContainer(ContainerState state) {
        emit(new TaskEvent.ContainerChanged(elapsed(), state.name(), state.known, state.exitCode, state.reason));
    }

    private void reportWaiting(ContainerState state, String why) {
        if (!why.equals(lastWaiting.put(state.name(), why))) {
            emit(new TaskEvent.Waiting(elapsed(), state.name(), why));
        }
    }

    /** The task's status is derived from its containers', never stored; an event is emitted when it changes. */
    private void reportTaskStatus() {
        TaskStatus status = derivedStatus();
        if (status == TaskStatus.RUNNING) {
            reachedRunning = true;
        }
        if (status != lastStatus) {
            lastStatus = status;
            emit(new TaskEvent.TaskChanged(elapsed(), status, stopCode, stoppedReason));
        }
    }

    private TaskStatus derivedStatus() {
        boolean allStopped = states.values().stream().allMatch(s -> s.known == ContainerStatus.STOPPED);
        if (allStopped) {
            return TaskStatus.STOPPED;
        }
        if (taskStopping) {
            return TaskStatus.STOPPING;
        }
        boolean started = states.values().stream()
                .allMatch(s -> s.known == ContainerStatus.RUNNING || s.known == ContainerStatus.STOPPED);
        return started ? TaskStatus.RUNNING : TaskStatus.PENDING;
    }

    private TaskOutcome outcomeNow() {
        List<TaskOutcome.ContainerOutcome> containers = states.values().stream()
                .filter(s -> !s.node.isInternal())
                .map(s -> new TaskOutcome.ContainerOutcome(s.name(), s.node.isEssential(), s.known, s.exitCode,
                        s.reason, s.health, s.restartCount))
                .toList();
        return new TaskOutcome(stopCode, stoppedReason, stoppedBy, reachedRunning, elapsed(), containers);
    }

    /** Re-evaluates at {@code at}, when a startTimeout could expire; null cancels. */
    private void wakeUpAt(Instant at) {
        if (Objects.equals(at, nextDeadlineAt)) {
            return;
        }
        if (nextDeadline != null) {
            nextDeadline.cancel();
        }
        nextDeadlineAt = at;
        nextDeadline = at == null ? null : scheduler.schedule(at, () -> loop.execute(this::evaluate));
    }

    private Duration elapsed() {
        return startedAt == null ? Duration.ZERO : Duration.between(startedAt, scheduler.now());
    }

    private void emit(TaskEvent event) {
        events.accept(event);
    }
}
