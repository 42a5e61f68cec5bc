package dev.ecslocal.simulator.docker;

import dev.ecslocal.simulator.engine.Scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A container runtime whose containers do what a test scripts, on the test's clock: run for a while
 * and exit with a code, turn healthy or unhealthy, ignore their stop signal. Every call is logged, so
 * tests can assert the order of starts and stops.
 */
public final class FakeContainerRuntime implements ContainerRuntime {

    /** How one container behaves; by default it runs until stopped and exits 143 on its stop signal. */
    public static final class Script {
        Duration runFor;
        int exitCode;
        Duration healthyAfter;
        Duration unhealthyAfter;
        String healthOutput = "";
        boolean ignoresStopSignal;
        int exitCodeOnStop = 143;
        String startFailure;

        /** Exits by itself with {@code code} after {@code duration} (each time it is started). */
        public Script exits(int code, Duration duration) {
            this.exitCode = code;
            this.runFor = duration;
            return this;
        }

        public Script healthyAfter(Duration duration) {
            this.healthyAfter = duration;
            return this;
        }

        public Script unhealthyAfter(Duration duration, String output) {
            this.unhealthyAfter = duration;
            this.healthOutput = output;
            return this;
        }

        /** PID 1 without a signal handler: only SIGKILL, after the grace period, ends it (exit 137). */
        public Script ignoresStopSignal() {
            this.ignoresStopSignal = true;
            return this;
        }

        public Script failsToStart(String message) {
            this.startFailure = message;
            return this;
        }
    }

    private final class Container {
        final String id;
        final String name;
        final Script script;
        boolean running;
        final List<Scheduler.Cancellable> timers = new ArrayList<>();

        Container(String id, String name, Script script) {
            this.id = id;
            this.name = name;
            this.script = script;
        }
    }

    private final Scheduler scheduler;
    private final Map<String, Script> scripts = new HashMap<>();
    private final Set<String> missingImages = new HashSet<>();
    private final Set<String> volumes = new HashSet<>();
    private final Map<String, Container> containers = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private Consumer<RuntimeEvent> listener = event -> { };

    public FakeContainerRuntime(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    public Script script(String containerName) {
        return scripts.computeIfAbsent(containerName, name -> new Script());
    }

    /** An image no registry has: pulling it fails as Docker's does. */
    public void withoutImage(String image) {
        missingImages.add(image);
    }

    /** Every call so far, e.g. {@code start app}, {@code stop app 30s}. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void ensureImage(String image, PullPolicy policy, Consumer<String> progress) throws RuntimeFailure {
        if (missingImages.contains(image)) {
            throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_PULL, "pull access denied for " + image
                    + ", repository does not exist or may require 'docker login'");
        }
    }

    @Override
    public void createVolume(VolumeSpec spec) {
        calls.add("create volume " + spec.name());
        volumes.add(spec.name());
    }

    @Override
    public boolean volumeExists(String name) {
        return volumes.contains(name);
    }

    @Override
    public void removeVolume(String name) {
        calls.add("remove volume " + name);
        volumes.remove(name);
    }

    /** A volume that exists before the run, as a shared volume from an earlier one does. */
    public void withVolume(String name) {
        volumes.add(name);
    }

    @Override
    public String createContainer(ContainerSpec spec) {
        calls.add("create " + spec.name());
        String id = "id-" + spec.name();
        containers.put(id, new Container(id, spec.name(), script(spec.name())));
        return id;
    }

    @Override
    public void startContainer(String id) throws RuntimeFailure {
        Container container = containers.get(id);
        calls.add("start " + container.name);
        if (container.script.startFailure != null) {
            throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_START, container.script.startFailure);
        }
        container.running = true;
        listener.accept(new RuntimeEvent.Started(id, scheduler.now()));
        Script script = container.script;
        if (script.runFor != null) {
            after(container, script.runFor, () -> die(container, script.exitCode));
        }
        if (script.healthyAfter != null) {
            after(container, script.healthyAfter, () -> listener.accept(
                    new RuntimeEvent.HealthChanged(id, RuntimeEvent.Health.HEALTHY, "ok")));
        }
        if (script.unhealthyAfter != null) {
            after(container, script.unhealthyAfter, () -> listener.accept(
                    new RuntimeEvent.HealthChanged(id, RuntimeEvent.Health.UNHEALTHY, script.healthOutput)));
        }
    }

    @Override
    public void stopContainer(String id, Duration grace) {
        Container container = containers.get(id);
        calls.add("stop " + container.name + " " + grace.toSeconds() + "s");
        if (!container.running) {
            return;
        }
        if (container.script.ignoresStopSignal && !grace.isZero()) {
            after(container, grace, () -> die(container, 137));
        } else {
            die(container, grace.isZero() && container.script.ignoresStopSignal ? 137 : container.script.exitCodeOnStop);
        }
    }

    @Override
    public void removeContainer(String id) {
        calls.add("remove " + containers.get(id).name);
    }

    @Override
    public AutoCloseable subscribe(String taskLabel, String taskId, Consumer<RuntimeEvent> listener) {
        this.listener = listener;
        return () -> this.listener = event -> { };
    }

    private void after(Container container, Duration delay, Runnable action) {
        container.timers.add(scheduler.schedule(scheduler.now().plus(delay), action));
    }

    private void die(Container container, int exitCode) {
        if (!container.running) {
            return;
        }
        container.running = false;
        container.timers.forEach(Scheduler.Cancellable::cancel);
        container.timers.clear();
        listener.accept(new RuntimeEvent.Died(container.id, exitCode, false, scheduler.now()));
    }
}
