package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.ContainerSnapshot;
import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.event.PublishedPort;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The runtime calls the engine makes for its containers. They block, so they run on {@code workers}; what they
 * come to reaches the engine as messages on its loop, where every callback given here runs. This class sees
 * only the names, ids and specs it is handed, never the engine's state: deciding what to do with a result is
 * the engine's.
 */
final class ContainerActions {
    /** How far a launch got, in order; the last is {@link StartReturned} (or {@link PortsPublished}) or {@link Failed}. */
    sealed interface LaunchStep {
        record Pulled() implements LaunchStep {
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

        /** The runtime could not pull, create or start it. */
        record Failed(RuntimeFailure failure) implements LaunchStep {
        }
    }

    private final ContainerRuntime runtime;
    private final ContainerRuntime.PullPolicy pullPolicy;
    private final Executor workers;
    private final Executor loop;
    private final LogStreams logs;
    private final BiConsumer<String, String> progress;

    /**
     * @param loop     the engine's loop: what a call came to is posted there
     * @param progress told (container, message) what the user should know that changes nothing (pull lines,
     *                 a failed inspect); it posts to the loop itself
     */
    ContainerActions(ContainerRuntime runtime, ContainerRuntime.PullPolicy pullPolicy, Executor workers, Executor loop,
                     LogStreams logs, BiConsumer<String, String> progress) {
        this.runtime = runtime;
        this.pullPolicy = pullPolicy;
        this.workers = workers;
        this.loop = loop;
        this.logs = logs;
        this.progress = progress;
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
                runtime.ensureImage(spec.image(), pullPolicy, line -> progress.accept(container, line));
                tell(steps, new LaunchStep.Pulled());
                String id = runtime.createContainer(spec);
                tell(steps, new LaunchStep.Created(id));
                runtime.startContainer(id);
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

    private void tell(Consumer<LaunchStep> steps, LaunchStep step) {
        loop.execute(() -> steps.accept(step));
    }
}
