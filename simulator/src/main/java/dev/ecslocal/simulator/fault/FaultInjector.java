package dev.ecslocal.simulator.fault;

import dev.ecslocal.simulator.engine.HostResource;
import dev.ecslocal.simulator.engine.Scheduler;
import dev.ecslocal.simulator.engine.SpecFactory;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskListener;
import dev.ecslocal.simulator.event.ContainerLog;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.HealthStatus;
import dev.ecslocal.simulator.event.TaskStatus;
import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.plan.Node;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Injects the user's faults into a run from the outside, as the world would: it watches the run's events, and
 * when a fault's moment comes (a time after the task started, or after its container became RUNNING or HEALTHY)
 * it signals, stops or pauses the container through the runtime. The engine is not told: it learns of the exit
 * or the failing health check from Docker, as ECS's agent would, and does what ECS does. Each injection is an
 * event of its own, before its effects.
 *
 * <p>Sits between the engine and the run's listener; events arrive on the engine's loop, moments on the
 * scheduler's thread, runtime calls run on {@code workers}.
 */
public final class FaultInjector implements TaskListener {
    /**
     * The file whose existence makes a wrapped health check fail: in /tmp, which images that have a shell also have
     * writable. The check needs a shell to read it; an image without one cannot have its health failed this way.
     */
    public static final String FAIL_HEALTH_SWITCH = "/tmp/.ecs-local-fail-health";

    private final List<Fault> pending;
    private final ContainerRuntime runtime;
    private final Scheduler scheduler;
    private final Executor workers;
    private final TaskListener downstream;
    private final TaskDefinition task;
    /** The runtime's id of each container created, from the run's own events. */
    private final Map<String, String> runtimeIds = new HashMap<>();
    /** Faults whose moment is scheduled and has not come. */
    private final Map<Fault, Scheduler.Cancellable> armed = new LinkedHashMap<>();
    /** Containers paused by a fault and not thawed since. */
    private final Set<String> paused = new HashSet<>();
    /** The router's place is held by a place-holder while ecs-local's stand-in receives the records: it holds none. */
    private volatile boolean routerStandsIn;
    private Instant runStart;
    private boolean taskStopping;

    /** @param task its containers' stopTimeouts are a graceful stop's grace */
    /**
     * What a log router still paused when it stops has done: frozen, it could not flush on SIGTERM, and Docker's
     * SIGKILL at the end of its stopTimeout takes what it held with it, as a real Fluent Bit's buffer goes.
     */
    static final String ROUTER_STOPPED_PAUSED = "stopped while still paused: the records it held were dropped (a frozen "
            + "log router cannot flush when it is told to stop, and is killed with its buffer). Let a --pause on the log "
            + "router end before the task stops (router@running for Ns) to see them delivered";

    public FaultInjector(List<Fault> faults, ContainerRuntime runtime, TaskDefinition task,
                         Scheduler scheduler, Executor workers, TaskListener downstream) {
        this.pending = new ArrayList<>(faults);
        this.runtime = runtime;
        this.task = task;
        this.scheduler = scheduler;
        this.workers = workers;
        this.downstream = downstream;
    }

    @Override
    public void event(TaskEvent event) {
        downstream.event(event);
        synchronized (this) {
            if (runStart == null) {
                runStart = scheduler.now().minus(event.t());
                arm(Fault.Anchor.TASK_START, null, runStart);
            }
            if (event instanceof TaskEvent.ContainerChanged changed && changed.runtimeId() != null) {
                runtimeIds.put(changed.container(), changed.runtimeId());
            }
            // Moments count on the run's own clock (its events' t), so that an injection is exactly its delay after them.
            Instant at = runStart.plus(event.t());
            if (event instanceof TaskEvent.ContainerChanged changed && changed.status() == ContainerStatus.STOPPED
                    && paused.remove(changed.container()) && isLogRouter(changed.container()) && !routerStandsIn) {
                downstream.event(new TaskEvent.Progress(changed.t(), changed.container(), ROUTER_STOPPED_PAUSED));
            }
            if (event instanceof TaskEvent.ContainerChanged changed && changed.status() == ContainerStatus.RUNNING) {
                arm(Fault.Anchor.RUNNING, changed.container(), at);
            } else if (event instanceof TaskEvent.HealthChanged health && health.health() == HealthStatus.HEALTHY) {
                arm(Fault.Anchor.HEALTHY, health.container(), at);
            } else if (event instanceof TaskEvent.TaskChanged task && !taskStopping
                    && (task.status() == TaskStatus.STOPPING || task.status() == TaskStatus.STOPPED)) {
                // A fault after the task is stopping would only race ECS's own shutdown: the rest are dropped, and said.
                taskStopping = true;
                armed.values().forEach(Scheduler.Cancellable::cancel);
                List<Fault> dropped = new ArrayList<>(armed.keySet());
                dropped.addAll(pending);
                armed.clear();
                for (Fault fault : dropped) {
                    downstream.event(new TaskEvent.Progress(task.t(), fault.container(), "not injected (" + fault.describe()
                            + "): the task was already stopping"));
                }
                pending.clear();
            }
        }
    }

    /**
     * The specs, with the health check of every container a {@code --fail-health} names put behind
     * {@link #FAIL_HEALTH_SWITCH}: the same check while the file is absent, a failing one once it exists.
     */
    public SpecFactory specs(SpecFactory specs) {
        Set<String> failable = new HashSet<>();
        pending.stream().filter(f -> f.kind() == Fault.Kind.FAIL_HEALTH).forEach(f -> failable.add(f.container()));
        return new SpecFactory() {
            @Override
            public ContainerSpec spec(Node node, Started started) {
                var spec = specs.spec(node, started);
                if (isLogRouter(node.name()) && spec.labels().containsKey(dev.ecslocal.simulator.event.RunIdentity.FIRELENS_STAND_IN_LABEL)) {
                    routerStandsIn = true;
                }
                return failable.contains(node.name()) && spec.healthCheck() != null
                        ? spec.withHealthCheck(switchable(spec.healthCheck())) : spec;
            }

            @Override
            public List<HostResource> hostResources() {
                return specs.hostResources();
            }
        };
    }

    public static ContainerSpec.HealthCheck switchable(ContainerSpec.HealthCheck check) {
        List<String> test = check.test();
        String original = test.get(0).equals("CMD-SHELL") ? String.join(" ", test.subList(1, test.size()))
                : "exec " + String.join(" ", test.subList(1, test.size()).stream()
                        .map(arg -> "'" + arg.replace("'", "'\\''") + "'").toList());
        return new ContainerSpec.HealthCheck(List.of("CMD-SHELL", "test -e " + FAIL_HEALTH_SWITCH
                + " && { echo 'failing: ecs-local --fail-health'; exit 1; }; " + original),
                check.interval(), check.timeout(), check.retries(), check.startPeriod());
    }

    @Override
    public void log(ContainerLog line) {
        downstream.log(line);
    }

    /** Schedules every pending fault waiting for this moment; each fires once. */
    private void arm(Fault.Anchor anchor, String container, Instant at) {
        for (Fault fault : List.copyOf(pending)) {
            if (fault.anchor() == anchor && (container == null || fault.container().equals(container))) {
                pending.remove(fault);
                armed.put(fault, scheduler.schedule(at.plus(fault.delay()), () -> workers.execute(() -> inject(fault))));
            }
        }
    }

    private void inject(Fault fault) {
        synchronized (this) {
            if (taskStopping || armed.remove(fault) == null) {
                return;
            }
        }
        String id = runtimeId(fault.container());
        if (id == null) {
            downstream.event(new TaskEvent.Progress(elapsed(), fault.container(), "not injected (" + fault.describe()
                    + "): it has no container"));
            return;
        }
        downstream.event(new TaskEvent.Injected(elapsed(), fault.container(), fault.describe()));
        try {
            switch (fault.kind()) {
                case KILL -> runtime.signal(id, fault.signal());
                case STOP -> runtime.stopContainer(id, Duration.ofSeconds(task.container(fault.container())
                        .map(ContainerDefinition::effectiveStopTimeoutSeconds).orElse(ContainerDefinition.DEFAULT_STOP_TIMEOUT_SECONDS)));
                case FAIL_HEALTH -> runtime.exec(id, List.of("/bin/sh", "-c", "touch " + FAIL_HEALTH_SWITCH));
                case PAUSE -> {
                    runtime.pause(id, true);
                    synchronized (this) {
                        paused.add(fault.container());
                    }
                    if (fault.pauseFor() != null) {
                        scheduler.schedule(scheduler.now().plus(fault.pauseFor()), () -> workers.execute(() -> thaw(fault, id)));
                    }
                }
            }
        } catch (RuntimeFailure failure) {
            downstream.event(new TaskEvent.Progress(elapsed(), fault.container(), "the injection failed: " + failure.getMessage()));
        }
    }

    private void thaw(Fault fault, String id) {
        try {
            runtime.pause(id, false);
            synchronized (this) {
                paused.remove(fault.container());
            }
            downstream.event(new TaskEvent.Injected(elapsed(), fault.container(), "resumed after a pause of "
                    + Fault.seconds(fault.pauseFor())));
        } catch (RuntimeFailure failure) {
            // Gone with the task: nothing left to thaw.
        }
    }

    private boolean isLogRouter(String container) {
        return task.firelensRouter().map(router -> router.name().equals(container)).orElse(false);
    }

    private synchronized String runtimeId(String container) {
        return runtimeIds.get(container);
    }

    private Duration elapsed() {
        return Duration.between(runStart, scheduler.now());
    }
}
