package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.ContainerSnapshot;
import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.docker.PortTaken;
import dev.ecslocal.simulator.docker.RuntimeEvent;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.event.PublishedPort;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.event.TaskListener;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Every runtime call of a run: its events subscription, its resources, its containers' launch, restart, stop and
 * inspection, and the removal of it all at the end. Calls that block run on {@code workers}; what they come to
 * reaches the engine as messages on its loop, where every callback given here runs (except release's: the loop
 * may be gone by then). This class sees only the names, ids and specs it is handed, never the engine's state: deciding
 * what a result means is the engine's.
 */
final class RuntimeActions {
    /** How far a launch got, in order; the last is {@link StartReturned} (or {@link PortsPublished}) or {@link Failed}. */
    sealed interface LaunchStep {
        /** @param fromRegistry whether the image was pulled (or a pull tried); false when the local one was used as it was */
        record Pulled(boolean fromRegistry) implements LaunchStep {
        }

        record Created(String runtimeId) implements LaunchStep {
        }

        /**
         * Docker's start returned.
         *
         * @param bridgeAddress its address on the default bridge; null off it, or when the daemon would not tell
         */
        record StartReturned(String bridgeAddress) implements LaunchStep {
        }

        /** The host ports the daemon bound (it chooses them for hostPort 0), once it started. */
        record PortsPublished(List<PublishedPort> ports) implements LaunchStep {
        }

        /**
         * The runtime could not pull, create or start it.
         *
         * @param blame the container the failure is to be blamed on: another than this one when the network holder
         *              could not publish a port a member asked for; null for this one
         */
        record Failed(RuntimeFailure failure, String blame) implements LaunchStep {
            Failed(RuntimeFailure failure) {
                this(failure, null);
            }
        }
    }

    private final ContainerRuntime runtime;
    private final ContainerRuntime.PullPolicy pullPolicy;
    private final Executor workers;
    private final Executor loop;
    private final TaskResources resources;
    private final LogStreams logs;
    /** How long the end of a run waits for the lines a stopped container wrote last to arrive. */
    private static final java.time.Duration LAST_LINES = java.time.Duration.ofSeconds(2);
    private final BiConsumer<String, String> progress;
    /** Docker's events for the run's containers; written on the loop, closed with the run. */
    private AutoCloseable subscription;

    /**
     * @param loop     the engine's loop: what a call came to is posted there
     * @param progress told (container, message) what the user should know that changes nothing (pull lines,
     *                 a failed inspect, a volume created; null container for the task's); it posts to the loop itself
     */
    RuntimeActions(ContainerRuntime runtime, ContainerRuntime.PullPolicy pullPolicy, List<TaskVolume> volumes,
                   List<HostResource> hostResources, Executor workers, Executor loop, TaskListener listener,
                   BiConsumer<String, String> progress) {
        this.runtime = runtime;
        this.pullPolicy = pullPolicy;
        this.workers = workers;
        this.loop = loop;
        this.resources = new TaskResources(runtime, volumes, hostResources, message -> progress.accept(null, message));
        this.logs = new LogStreams(runtime, listener, progress);
        this.progress = progress;
    }

    /**
     * Docker's events for the task's containers, from {@code since} on (an event the daemon sends before the stream
     * is up is replayed, not lost), each posted to the loop. Called on the loop.
     */
    void subscribe(String taskId, Instant since, Consumer<RuntimeEvent> events) throws RuntimeFailure {
        subscription = runtime.subscribe(RunIdentity.TASK_LABEL, taskId, since, event -> loop.execute(() -> events.accept(event)));
    }

    /** The task's volumes and host resources, before any container is pulled (the agent's task resources, §1.5). */
    void createResources(Runnable created, Consumer<RuntimeFailure> failed) {
        workers.execute(() -> {
            try {
                resources.create();
                loop.execute(created);
            } catch (RuntimeFailure failure) {
                loop.execute(() -> failed.accept(failure));
            }
        });
    }

    /** Lines sent to the FireLens router (Docker's fluentd driver) reach the user through it, not docker logs. */
    static boolean readableByDocker(ContainerSpec spec) {
        return spec.log() == null || !spec.log().type().equals("fluentd");
    }

    /** ensureImage → create → start → follow its lines → on the bridge, inspect it; each step told as it is taken. */
    void launch(String container, ContainerSpec spec, boolean readable, Consumer<LaunchStep> steps) {
        boolean onBridge = spec.network().mode().equals("bridge");
        workers.execute(() -> {
            try {
                boolean pulled = runtime.ensureImage(spec.image(), pullPolicy, spec.pullCredentials(),
                        line -> progress.accept(container, line));
                tell(steps, new LaunchStep.Pulled(pulled));
                String id = runtime.createContainer(spec);
                tell(steps, new LaunchStep.Created(id));
                try {
                    runtime.startContainer(id);
                } catch (RuntimeFailure failure) {
                    List<ContainerSpec.PortBinding> ports = spec.network() == null ? List.of() : spec.network().ports();
                    var taken = PortTaken.binding(ports, failure.getMessage());
                    tell(steps, new LaunchStep.Failed(PortTaken.named(ports, failure),
                            taken.map(ContainerSpec.PortBinding::askedBy).filter(asker -> !asker.equals(container)).orElse(null)));
                    return;
                }
                // At once: a container that exits at once is removed soon after, and its lines with it.
                if (readable) {
                    logs.follow(container, id, null);
                }
                // Before RUNNING is known, so that a dependent's spec can use the address (§7.3's FLUENT_HOST).
                ContainerSnapshot onTheBridge = onBridge ? inspectStarted(container, id) : null;
                tell(steps, new LaunchStep.StartReturned(onTheBridge == null ? null : onTheBridge.ipAddress()));
                if (onTheBridge != null && !spec.network().ports().isEmpty()) {
                    tell(steps, new LaunchStep.PortsPublished(onTheBridge.ports()));
                }
            } catch (RuntimeFailure failure) {
                tell(steps, new LaunchStep.Failed(failure));
            }
        });
    }

    /**
     * A bridge container's address and the host ports the daemon bound. Null, said once, when the daemon will not
     * tell: the container runs all the same.
     */
    private ContainerSnapshot inspectStarted(String container, String id) {
        try {
            return runtime.inspect(id);
        } catch (RuntimeFailure failure) {
            progress.accept(container, "cannot read its address and published ports: " + failure.getMessage());
            return null;
        }
    }

    /** The same container started again in place (same id, same writable layer), after it died at {@code diedAt}. */
    void restart(String container, String id, boolean readable, Instant diedAt, Runnable started, Consumer<RuntimeFailure> failed) {
        workers.execute(() -> {
            try {
                runtime.startContainer(id);
                loop.execute(started);
                if (readable) {
                    // The previous run's stream ended with it; this one shows only what came after its exit.
                    logs.follow(container, id, diedAt);
                }
            } catch (RuntimeFailure failure) {
                loop.execute(() -> failed.accept(failure));
            }
        });
    }

    /** Docker's stop: its stop signal, SIGKILL after {@code grace}. The exit itself arrives as an event, not here. */
    void stop(String id, Duration grace, Consumer<RuntimeFailure> failed) {
        workers.execute(() -> {
            try {
                runtime.stopContainer(id, grace);
            } catch (RuntimeFailure failure) {
                loop.execute(() -> failed.accept(failure));
            }
        });
    }

    /**
     * How the container is now, after the events stream was down; a running one's log stream, which broke with the
     * events stream, is picked up after the last line shown. An inspect that fails is only said.
     */
    void reinspect(String container, String id, boolean readable, Consumer<ContainerSnapshot> inspected) {
        workers.execute(() -> {
            try {
                ContainerSnapshot now = runtime.inspect(id);
                loop.execute(() -> inspected.accept(now));
                if (now.running() && readable) {
                    logs.resume(container, id);
                }
            } catch (RuntimeFailure failure) {
                progress.accept(container, "cannot inspect it: " + failure.getMessage());
            }
        });
    }

    /** How the container is now; an inspect that fails is only said. */
    void inspect(String container, String id, Consumer<ContainerSnapshot> inspected) {
        workers.execute(() -> {
            try {
                ContainerSnapshot now = runtime.inspect(id);
                loop.execute(() -> inspected.accept(now));
            } catch (RuntimeFailure failure) {
                progress.accept(container, "cannot inspect it: " + failure.getMessage());
            }
        });
    }

    /**
     * Removes what the run created (with {@code keep}, its containers and volumes stay) and closes every stream,
     * then runs {@code released} on the worker: it must not need the loop, which its owner may shut down once the
     * run is over.
     */
    /** @param containers the runtime ids to remove, in that order, with the names the task gives them */
    void releaseAll(java.util.Map<String, String> containers, String taskId, boolean keep, Runnable released) {
        List<AutoCloseable> streams = new ArrayList<>(logs.all());
        streams.add(subscription);
        workers.execute(() -> {
            logs.awaitEnds(LAST_LINES);
            resources.release(containers, taskId, streams, keep);
            released.run();
        });
    }

    private void tell(Consumer<LaunchStep> steps, LaunchStep step) {
        loop.execute(() -> steps.accept(step));
    }
}
