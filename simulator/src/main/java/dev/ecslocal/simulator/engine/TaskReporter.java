package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.event.Notice;
import dev.ecslocal.simulator.event.PublishedPort;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskListener;
import dev.ecslocal.simulator.event.TaskOutcome;
import dev.ecslocal.simulator.event.TaskStatus;
import dev.ecslocal.simulator.event.TaskView;
import dev.ecslocal.simulator.plan.Edge;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What others learn of the run, and when: every event, once the view it speaks of is published; the task's
 * status, derived from its containers' and said when it changes; what a container waits for, said when that
 * changes; the outcome at the end. Called on the engine's loop only ({@link #view} aside), where it reads the
 * containers' state and the task's stop; it changes neither and decides nothing.
 */
final class TaskReporter {
    private final Collection<ContainerState> containers;
    private final Supplier<TaskStop> stop;
    private final Scheduler scheduler;
    private final TaskListener listener;
    /** What each container not launched yet was last said to wait for. */
    private final Map<String, String> lastWaiting = new HashMap<>();
    private Instant startedAt;
    private TaskStatus lastStatus;
    private boolean reachedRunning;
    private Instant pullStartedAt;
    private Instant pullStoppedAt;
    private Instant executionStoppedAt;
    /** The latest picture of the task, for readers on other threads; replaced, never changed, on the loop. */
    private volatile TaskView view;

    /**
     * @param containers every container, in definition order, read on the loop only
     * @param stop       the engine's decision to stop the task; null while it is to run
     */
    TaskReporter(Collection<ContainerState> containers, Supplier<TaskStop> stop, Scheduler scheduler, TaskListener listener) {
        this.containers = containers;
        this.stop = stop;
        this.scheduler = scheduler;
        this.listener = listener;
        view = viewNow();
    }

    /** The run starts: events say how long after this they happened. */
    void started(Instant at) {
        startedAt = at;
    }

    private Duration elapsed() {
        return startedAt == null ? Duration.ZERO : Duration.between(startedAt, scheduler.now());
    }

    /** Safe from any thread, never waits for the loop. */
    TaskView view() {
        return view;
    }

    private TaskView viewNow() {
        return new TaskView(lastStatus == null ? TaskStatus.PENDING : lastStatus, stop.get() != null, pullStartedAt, pullStoppedAt,
                executionStoppedAt, containers.stream().map(ContainerState::view).toList());
    }

    private void emit(TaskEvent event) {
        view = viewNow(); // before anyone hears of the event, so that what it says is already in the view
        listener.event(event);
    }

    /** What the user should know that changes nothing; {@code container} null for the task's own. */
    void progress(String container, String message) {
        emit(new TaskEvent.Progress(elapsed(), container, message));
    }

    /** What the daemon leaves undone that the run relies on, said once by the caller. */
    void noticed(Notice notice) {
        emit(new TaskEvent.Noticed(elapsed(), notice));
    }

    /** Its dependencies are met: it is being launched. */
    void released(String container, List<Edge> dependencies) {
        emit(new TaskEvent.Released(elapsed(), container, dependencies.stream()
                .map(edge -> new TaskEvent.Dependency(edge.dependency(), edge.gate().name())).toList()));
    }

    void portsPublished(String container, List<PublishedPort> ports) {
        emit(new TaskEvent.PortsPublished(elapsed(), container, ports));
    }

    void restarted(ContainerState state, int exitCode) {
        emit(new TaskEvent.Restarted(elapsed(), state.name(), exitCode, state.restartCount));
    }

    void healthChanged(ContainerState state) {
        emit(new TaskEvent.HealthChanged(elapsed(), state.name(), state.health, state.healthOutput));
    }

    void stopRequested(String container, Duration grace) {
        emit(new TaskEvent.StopRequested(elapsed(), container, grace));
    }

    /** Its known status, exit code and reason, as they are now. */
    void containerChanged(ContainerState state) {
        emit(new TaskEvent.ContainerChanged(elapsed(), state.name(), state.known, state.exitCode, state.reason, state.dockerId));
    }

    /** A container's pull, begun at {@code began}, ended now: the task's pull times span the first to the last (§8.3). */
    void pulled(Instant began) {
        if (pullStartedAt == null || began.isBefore(pullStartedAt)) {
            pullStartedAt = began;
        }
        pullStoppedAt = scheduler.now();
    }

    /** Said when what it waits for changes, not at every evaluation. */
    void waiting(ContainerState state, Resolution.Waiting waiting) {
        if (!waiting.why().equals(lastWaiting.put(state.name(), waiting.why()))) {
            emit(new TaskEvent.Waiting(elapsed(), state.name(), waiting.why(), waiting.stuck()));
        }
    }

    /** It waits no more: it was launched, or it stopped. */
    void waitEnded(String container) {
        lastWaiting.remove(container);
    }

    /** What the containers still waiting wait for: {@code app is waiting for envoy HEALTHY}. */
    List<String> waits() {
        List<String> waits = new ArrayList<>();
        // In definition order, as everything the user reads (never the map's hash order).
        for (ContainerState state : containers) {
            String why = lastWaiting.get(state.name());
            if (why != null) {
                waits.add(state.name() + " is waiting for " + why);
            }
        }
        return waits;
    }

    /** The task's status is derived from its containers', never stored; an event is emitted when it changes. */
    void taskStatus() {
        TaskStop stopped = stop.get();
        TaskStatus status = TaskStatus.derive(containers.stream().map(c -> c.known).toList(), stopped != null);
        if (status == TaskStatus.RUNNING) {
            reachedRunning = true;
        }
        if (status != lastStatus) {
            lastStatus = status;
            if (status == TaskStatus.STOPPED) {
                executionStoppedAt = scheduler.now();
            }
            emit(new TaskEvent.TaskChanged(elapsed(), status, stopped == null ? null : stopped.code(),
                    stopped == null ? null : stopped.reason()));
        }
    }

    boolean reachedRunning() {
        return reachedRunning;
    }

    TaskOutcome outcome() {
        TaskStop stopped = stop.get();
        List<TaskOutcome.ContainerOutcome> outcomes = containers.stream()
                .filter(s -> !s.node.isInternal())
                .map(s -> new TaskOutcome.ContainerOutcome(s.name(), s.node.container().image(), s.node.isEssential(),
                        s.known, s.exitCode, s.reason, s.health, s.hasHealthCheck(), s.restartCount, s.dockerId))
                .toList();
        return new TaskOutcome(stopped == null ? null : stopped.code(), stopped == null ? null : stopped.reason(),
                stopped == null ? null : stopped.container(), reachedRunning, elapsed(), outcomes, elsewhere(stopped));
    }

    /**
     * Whether the container that stopped the task was signalled from outside the run, and whether every container
     * that was running then was too, within two seconds (a daemon's shutdown signals them all at once).
     */
    private TaskOutcome.Elsewhere elsewhere(TaskStop stopped) {
        ContainerState by = stopped == null || stopped.container() == null ? null
                : containers.stream().filter(s -> s.name().equals(stopped.container())).findFirst().orElse(null);
        if (by == null || by.signalledElsewhere == null) {
            return null;
        }
        Instant first = containers.stream().map(s -> s.signalledElsewhereAt).filter(java.util.Objects::nonNull)
                .min(Instant::compareTo).orElseThrow();
        List<ContainerState> running = containers.stream()
                .filter(s -> s.startedAt != null && (s.stoppedAt == null || !s.stoppedAt.isBefore(first))).toList();
        boolean every = running.size() > 1 && running.stream().allMatch(s -> s.signalledElsewhereAt != null
                && Duration.between(first, s.signalledElsewhereAt).compareTo(AT_ONCE) <= 0);
        return new TaskOutcome.Elsewhere(by.signalledElsewhere, startedAt == null ? Duration.ZERO
                : Duration.between(startedAt, by.signalledElsewhereAt), every);
    }

    /** How close together a daemon's shutdown signals a task's containers. */
    private static final Duration AT_ONCE = Duration.ofSeconds(2);
}
