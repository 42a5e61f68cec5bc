package dev.ecslocal.bench;

import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.ContainerSnapshot;
import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.docker.LogLine;
import dev.ecslocal.simulator.docker.RuntimeEvent;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.docker.VolumeSpec;
import dev.ecslocal.simulator.docker.VolumeSummary;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The real runtime, with the time of every call the engine makes and of every fact the daemon reports, per
 * container (by its task-definition name). The daemon's facts carry the daemon's own timestamps; the calls,
 * this process's clock: on one host they are the same clock.
 */
final class TimedRuntime implements ContainerRuntime {
    /** What happened to one container, and when. */
    static final class Times {
        volatile Instant createCalled;
        volatile Instant createReturned;
        volatile Instant startCalled;
        volatile Instant startReturned;
        volatile Instant firstStopCalled;
        volatile Instant died;
        /** The container's own State.FinishedAt: the process's exit, before the daemon's die event. */
        volatile Instant finishedAt;
        volatile Instant healthy;
    }

    private final ContainerRuntime runtime;
    final Map<String, Times> times = new ConcurrentHashMap<>();
    private final Map<String, String> names = new ConcurrentHashMap<>();

    TimedRuntime(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    Times of(String container) {
        return times.computeIfAbsent(container, name -> new Times());
    }

    @Override
    public boolean ensureImage(String image, PullPolicy policy, dev.ecslocal.simulator.docker.PullCredentials credentials,
                               Consumer<String> progress) throws RuntimeFailure {
        return runtime.ensureImage(image, policy, credentials, progress);
    }

    @Override
    public String createVolume(VolumeSpec spec) throws RuntimeFailure {
        return runtime.createVolume(spec);
    }

    @Override
    public boolean volumeExists(String name) throws RuntimeFailure {
        return runtime.volumeExists(name);
    }

    @Override
    public void removeVolume(String name) throws RuntimeFailure {
        runtime.removeVolume(name);
    }

    @Override
    public String createContainer(ContainerSpec spec) throws RuntimeFailure {
        // The endpoints relay is no container of the task: its own name.
        String name = spec.labels().getOrDefault(RunIdentity.CONTAINER_LABEL, spec.name());
        Times t = of(name);
        t.createCalled = Instant.now();
        String id = runtime.createContainer(spec);
        t.createReturned = Instant.now();
        names.put(id, name);
        return id;
    }

    @Override
    public void startContainer(String id) throws RuntimeFailure {
        Times t = of(names.get(id));
        if (t.startCalled == null) {
            t.startCalled = Instant.now();
        }
        runtime.startContainer(id);
        if (t.startReturned == null) {
            t.startReturned = Instant.now();
        }
    }

    @Override
    public void stopContainer(String id, Duration grace) throws RuntimeFailure {
        Times t = of(names.get(id));
        if (t.firstStopCalled == null) {
            t.firstStopCalled = Instant.now();
        }
        runtime.stopContainer(id, grace);
    }

    @Override
    public void removeContainer(String id) throws RuntimeFailure {
        // Read at the end of the run, not when the exit is reported, so that measuring does not delay the engine.
        of(names.get(id)).finishedAt = runtime.inspect(id).finishedAt();
        runtime.removeContainer(id);
    }

    @Override
    public void signal(String id, String signal) throws RuntimeFailure {
        runtime.signal(id, signal);
    }

    @Override
    public void exec(String id, List<String> command) throws RuntimeFailure {
        runtime.exec(id, command);
    }

    @Override
    public void pause(String id, boolean paused) throws RuntimeFailure {
        runtime.pause(id, paused);
    }

    @Override
    public ContainerSnapshot inspect(String id) throws RuntimeFailure {
        return runtime.inspect(id);
    }

    @Override
    public LogFollow followLogs(String id, Instant since, Consumer<LogLine> lines) throws RuntimeFailure {
        return runtime.followLogs(id, since, lines);
    }

    @Override
    public AutoCloseable subscribe(String labelKey, String labelValue, Instant since, Consumer<RuntimeEvent> listener)
            throws RuntimeFailure {
        return runtime.subscribe(labelKey, labelValue, since, event -> {
            if (event instanceof RuntimeEvent.Died died && names.containsKey(died.containerId())) {
                Times t = of(names.get(died.containerId()));
                if (t.died == null) {
                    t.died = died.at();
                }
            } else if (event instanceof RuntimeEvent.HealthChanged health && health.health() == RuntimeEvent.Health.HEALTHY
                    && names.containsKey(health.containerId())) {
                Times t = of(names.get(health.containerId()));
                if (t.healthy == null) {
                    t.healthy = health.at();
                }
            }
            listener.accept(event);
        });
    }

    @Override
    public String stats(String id) throws RuntimeFailure {
        return runtime.stats(id);
    }

    @Override
    public long writableLayerBytes(String id) throws RuntimeFailure {
        return runtime.writableLayerBytes(id);
    }

    @Override
    public String readFile(String id, String path) throws RuntimeFailure {
        return runtime.readFile(id, path);
    }

    @Override
    public void ensureNetwork(String name, String subnet, String gateway, Map<String, String> labels) throws RuntimeFailure {
        runtime.ensureNetwork(name, subnet, gateway, labels);
    }

    @Override
    public void removeNetwork(String name) throws RuntimeFailure {
        runtime.removeNetwork(name);
    }

    @Override
    public List<String> networks(String labelKey) throws RuntimeFailure {
        return runtime.networks(labelKey);
    }

    @Override
    public Map<String, String> networkMembers(String network) throws RuntimeFailure {
        return runtime.networkMembers(network);
    }

    @Override
    public Conversation converse(String id, List<String> command, java.util.function.Consumer<String> lines, Runnable ended)
            throws RuntimeFailure {
        return runtime.converse(id, command, lines, ended);
    }

    @Override
    public String bridgeGateway() throws RuntimeFailure {
        return runtime.bridgeGateway();
    }

    @Override
    public dev.ecslocal.simulator.docker.DaemonFacts daemonFacts() throws RuntimeFailure {
        return runtime.daemonFacts();
    }

    @Override
    public String description() {
        return runtime.description();
    }

    @Override
    public Product product() {
        return runtime.product();
    }

    @Override
    public List<ContainerSnapshot> containers(String labelKey) throws RuntimeFailure {
        return runtime.containers(labelKey);
    }

    @Override
    public List<VolumeSummary> volumes(String labelKey) throws RuntimeFailure {
        return runtime.volumes(labelKey);
    }
}
