package dev.ecslocal.simulator.docker;

import dev.ecslocal.simulator.event.PublishedPort;
import dev.ecslocal.simulator.engine.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A container runtime whose containers do what a test scripts, on the test's clock: run for a while
 * and exit with a code, turn healthy or unhealthy, ignore their stop signal, write log lines. Every call is
 * logged, so tests can assert the order of starts and stops. The events stream can be cut and restored,
 * as a daemon restart would.
 */
public final class FakeContainerRuntime implements ContainerRuntime {
    private final Map<String, PullCredentials> pullCredentials = new java.util.concurrent.ConcurrentHashMap<>();

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
        String createFailure;
        final List<String> logLines = new ArrayList<>();
        final List<PublishedPort> ports = new ArrayList<>();

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

        public Script failsToCreate(String message) {
            this.createFailure = message;
            return this;
        }

        /** Writes these lines to stdout each time it starts. */
        public Script logs(String... lines) {
            this.logLines.addAll(List.of(lines));
            return this;
        }

        /** The host ports the daemon binds for it. */
        public Script publishes(PublishedPort port) {
            this.ports.add(port);
            return this;
        }
    }

    private final class Container {
        final String id;
        final ContainerSpec spec;
        final Script script;
        boolean running;
        Integer exitCode;
        RuntimeEvent.Health health;
        boolean healthFailing;
        Instant startedAt;
        Instant finishedAt;
        final List<Scheduler.Cancellable> timers = new ArrayList<>();

        Container(String id, ContainerSpec spec, Script script) {
            this.id = id;
            this.spec = spec;
            this.script = script;
        }

        /** The task's name for it (ecs-local's label), else Docker's. */
        String name() {
            return spec.labels().getOrDefault("ecs-local.container", spec.name());
        }
    }

    private final Scheduler scheduler;
    private final Map<String, Script> scripts = new HashMap<>();
    private final Set<String> missingImages = new HashSet<>();
    private final Map<String, Map<String, String>> volumes = new LinkedHashMap<>();
    private final Map<String, Container> containers = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    /** Each run's events subscription: the label it asked for, and who hears. */
    private record Subscription(String labelKey, String labelValue, Consumer<RuntimeEvent> listener) {
    }

    private final List<Subscription> subscriptions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean eventsCut;

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

    /** The events stream breaks: what happens from now on is not told until {@link #restoreEvents}. */
    public void cutEvents(String reason) {
        eventsCut = true;
        subscriptions.forEach(s -> s.listener().accept(new RuntimeEvent.StreamInterrupted(reason)));
    }

    public void restoreEvents() {
        eventsCut = false;
        subscriptions.forEach(s -> s.listener().accept(new RuntimeEvent.StreamResumed()));
    }

    /**
     * Someone else signals the running containers named (docker stop from a terminal; all of them: the daemon shutting
     * down): each one's kill event, then each one's exit with {@code exitCode}.
     */
    public void signalledElsewhere(String signal, int exitCode, String... containerNames) {
        List<Container> signalled = containers.values().stream()
                .filter(c -> c.running && java.util.Arrays.asList(containerNames).contains(c.name())).toList();
        signalled.forEach(c -> tell(new RuntimeEvent.SignalledElsewhere(c.id, signal, scheduler.now())));
        signalled.forEach(c -> die(c, exitCode));
    }

    /** Someone else signals it, and it runs on (a HUP to reload its configuration): only the kill event. */
    public void signalledElsewhereAndRunsOn(String signal, String containerName) {
        containers.values().stream().filter(c -> c.running && c.name().equals(containerName))
                .forEach(c -> tell(new RuntimeEvent.SignalledElsewhere(c.id, signal, scheduler.now())));
    }

    /** A container that is there before the run, as a kill -9'ed earlier run leaves them. */
    public String withLeftover(ContainerSpec spec, boolean running) {
        String id = "id-" + spec.name();
        Container container = new Container(id, spec, new Script());
        container.running = running;
        container.startedAt = scheduler.now();
        containers.put(id, container);
        return id;
    }

    @Override
    public boolean ensureImage(String image, PullPolicy policy, PullCredentials credentials, Consumer<String> progress)
            throws RuntimeFailure {
        pullCredentials.put(image, credentials);
        Registry registry = Registry.of(image);
        if (credentials.task() == null && credentials.ecrTokens() != null && registry.ecrRegion() != null) {
            progress.accept("pulled with " + credentials.ecrTokens().token(registry)); // what a pull Docker has no login for does
        }
        if (missingImages.contains(image)) {
            throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_PULL, "pull access denied for " + image
                    + ", repository does not exist or may require 'docker login'");
        }
        return policy == PullPolicy.ALWAYS; // every other image is here already: only ALWAYS asks the registry
    }

    /** What the run added to Docker's credentials for each image's pull, by image. */
    public PullCredentials pullCredentials(String image) {
        return pullCredentials.get(image);
    }

    @Override
    public String createVolume(VolumeSpec spec) {
        calls.add("create volume " + spec.name());
        volumes.put(spec.name(), spec.labels());
        return "/var/lib/docker/volumes/" + spec.name() + "/_data";
    }

    @Override
    public boolean volumeExists(String name) {
        return volumes.containsKey(name);
    }

    @Override
    public void removeVolume(String name) {
        calls.add("remove volume " + name);
        volumes.remove(name);
    }

    /** A volume that exists before the run, as a shared volume from an earlier one does. */
    public void withVolume(String name, Map<String, String> labels) {
        volumes.put(name, labels);
    }

    public void withVolume(String name) {
        withVolume(name, Map.of());
    }

    public Set<String> volumeNames() {
        return Set.copyOf(volumes.keySet());
    }

    public Set<String> containerNames() {
        return containers.values().stream().map(Container::name).collect(java.util.stream.Collectors.toSet());
    }

    /** What the engine asked for when it created the container of that name. */
    public ContainerSpec specOf(String containerName) {
        return containers.values().stream().filter(c -> c.name().equals(containerName)).findFirst()
                .orElseThrow(() -> new AssertionError(containerName + " was never created")).spec;
    }

    @Override
    public String createContainer(ContainerSpec spec) throws RuntimeFailure {
        String name = spec.labels().getOrDefault("ecs-local.container", spec.name());
        calls.add("create " + name);
        Script script = script(name);
        if (script.createFailure != null) {
            throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_CREATE, script.createFailure);
        }
        String id = "id-" + name;
        for (int n = 2; containers.containsKey(id); n++) {
            id = "id-" + name + "-" + n; // another run's container of that name
        }
        containers.put(id, new Container(id, spec, script));
        if (!spec.files().isEmpty()) {
            calls.add("put files " + name + " " + String.join(" ", new java.util.TreeSet<>(spec.files().keySet())));
        }
        return id;
    }

    @Override
    public void startContainer(String id) throws RuntimeFailure {
        Container container = containers.get(id);
        calls.add("start " + container.name());
        if (container.script.startFailure != null) {
            throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_START, container.script.startFailure);
        }
        container.running = true;
        container.startedAt = scheduler.now();
        tell(new RuntimeEvent.Started(id, scheduler.now()));
        deliverThroughFluentd(container);
        Script script = container.script;
        if (script.runFor != null) {
            after(container, script.runFor, () -> die(container, script.exitCode));
        }
        if (script.healthyAfter != null) {
            after(container, script.healthyAfter, () -> health(container, RuntimeEvent.Health.HEALTHY, "ok"));
        }
        if (script.unhealthyAfter != null) {
            after(container, script.unhealthyAfter, () -> health(container, RuntimeEvent.Health.UNHEALTHY, script.healthOutput));
        }
    }

    private boolean fluentdDelivers = true;

    /** Docker's fluentd driver cannot reach its address (a rootless daemon's loopback is not this machine's). */
    public void fluentdDeliversNothing() {
        this.fluentdDelivers = false;
    }

    /**
     * A container whose log driver is fluentd at a {@code tcp://} address sends its lines there as Docker does: its
     * scripted lines, and what {@code echo} writes, one Message-mode event each.
     */
    private void deliverThroughFluentd(Container container) {
        ContainerSpec.LogDriver log = container.spec.log();
        if (!fluentdDelivers || log == null || !log.type().equals("fluentd")
                || !log.options().getOrDefault("fluentd-address", "").startsWith("tcp://")) {
            return;
        }
        List<String> lines = new ArrayList<>(container.script.logLines);
        List<String> command = container.spec.process().command();
        if (command.size() == 2 && command.get(0).equals("echo")) {
            lines.add(command.get(1));
        }
        String[] hostPort = log.options().get("fluentd-address").substring("tcp://".length()).split(":");
        try (java.net.Socket socket = new java.net.Socket(hostPort[0], Integer.parseInt(hostPort[1]));
             org.msgpack.core.MessagePacker packer = org.msgpack.core.MessagePack.newDefaultPacker(socket.getOutputStream())) {
            for (String line : lines) {
                packer.packArrayHeader(3).packString(log.options().getOrDefault("tag", "docker"))
                        .packLong(scheduler.now().getEpochSecond()).packMapHeader(4)
                        .packString("container_id").packString(container.id)
                        .packString("container_name").packString("/" + container.spec.name())
                        .packString("source").packString("stdout")
                        .packString("log").packString(line);
            }
            packer.flush();
        } catch (java.io.IOException unreachable) {
            // Docker's async driver drops what it cannot deliver, silently.
        }
    }

    @Override
    public void stopContainer(String id, Duration grace) {
        Container container = containers.get(id);
        calls.add("stop " + container.name() + " " + grace.toSeconds() + "s");
        if (!container.running) {
            return;
        }
        if (container.script.ignoresStopSignal && !grace.isZero()) {
            after(container, grace, () -> die(container, 137));
        } else {
            die(container, grace.isZero() && container.script.ignoresStopSignal ? 137 : container.script.exitCodeOnStop);
        }
    }

    /** SIGKILL ends it with 137; any other signal as its stop signal does. */
    @Override
    public void signal(String id, String signal) {
        Container container = containers.get(id);
        calls.add("signal " + container.name() + " " + signal);
        if (container.running) {
            die(container, signal.equals("SIGKILL") ? 137 : container.script.exitCodeOnStop);
        }
    }

    /** Records the command; {@code touch <FAIL_HEALTH>} turns the container UNHEALTHY, as its wrapped check would. */
    @Override
    public void exec(String id, List<String> command) {
        Container container = containers.get(id);
        calls.add("exec " + container.name() + " " + String.join(" ", command));
        if (String.join(" ", command).contains("touch ") && container.running) {
            container.healthFailing = true;
            after(container, Duration.ofSeconds(1), () -> health(container, RuntimeEvent.Health.UNHEALTHY,
                    "failing: ecs-local --fail-health"));
        }
    }

    @Override
    public void pause(String id, boolean paused) {
        calls.add((paused ? "pause " : "unpause ") + containers.get(id).name());
    }

    @Override
    public void removeContainer(String id) {
        Container container = containers.remove(id);
        calls.add("remove " + (container == null ? id : container.name()));
    }

    private java.util.concurrent.CountDownLatch slowInspects;

    /** Every inspect waits until {@code released} opens: a daemon that takes its time to answer. */
    public void inspectsWaitFor(java.util.concurrent.CountDownLatch released) {
        this.slowInspects = released;
    }

    /** How many times {@link #inspect} was called (not in {@link #calls()}, which tests compare whole). */
    public int inspections() {
        return inspections.get();
    }

    private final java.util.concurrent.atomic.AtomicInteger inspections = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public ContainerSnapshot inspect(String id) throws RuntimeFailure {
        inspections.incrementAndGet();
        if (slowInspects != null) {
            try {
                slowInspects.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Container c = containers.get(id);
        if (c == null) { // Docker takes a name too
            c = containers.values().stream().filter(named -> named.spec.name().equals(id)).findFirst().orElse(null);
        }
        if (c == null) {
            throw new RuntimeFailure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, "No such container: " + id);
        }
        int index = List.copyOf(containers.keySet()).indexOf(c.id);
        // Docker gives a container its address when it starts: one only created has none.
        boolean onBridge = c.spec.network().mode().equals("bridge") && c.startedAt != null;
        List<NetworkAttachment> networks = onBridge ? List.of(new NetworkAttachment("bridge", "172.17.0." + (2 + index), 16,
                String.format("02:42:ac:11:00:%02x", 2 + index), "172.17.0.1")) : List.of();
        List<MountPoint> mounts = c.spec.mounts().stream().map(mount -> switch (mount.type()) {
            case VOLUME -> new MountPoint(mount.source(), "/var/lib/docker/volumes/" + mount.source() + "/_data", mount.target());
            case BIND -> new MountPoint(null, mount.source(), mount.target());
            case TMPFS -> new MountPoint(null, "", mount.target());
        }).toList();
        return new ContainerSnapshot(c.id, c.name(), c.spec.image(), "sha256:" + c.spec.image(), c.spec.labels(), c.running, c.exitCode, false, c.health,
                c.health == null ? null : c.script.healthOutput, healthChecksRan(c), c.startedAt, c.startedAt, c.finishedAt, c.script.ports,
                onBridge ? "172.17.0." + (2 + index) : null, networks, mounts, "overlay2");
    }

    private String resolvConf = "nameserver 10.0.0.2\nsearch ec2.internal\n";
    private long writableLayerBytes = 3 * 1024 * 1024;

    /** What every container's /etc/resolv.conf says (Docker copies the daemon machine's onto its default bridge). */
    public void withResolvConf(String content) {
        this.resolvConf = content;
    }

    /** How much each container has written to its own filesystem. */
    public void withWritableLayerBytes(long bytes) {
        this.writableLayerBytes = bytes;
    }

    @Override
    public long writableLayerBytes(String id) throws RuntimeFailure {
        inspect(id);
        return writableLayerBytes;
    }

    @Override
    public String readFile(String id, String path) throws RuntimeFailure {
        inspect(id);
        return path.equals("/etc/resolv.conf") ? resolvConf : null;
    }

    private boolean runsNoHealthChecks;

    /** The daemon never runs a health check, as Podman without systemd: health stays "starting", with no word. */
    public void runsNoHealthChecks() {
        this.runsNoHealthChecks = true;
    }

    /** As Docker does: the first check runs one interval after the start, whatever its result. */
    private boolean healthChecksRan(Container c) {
        return c.spec.healthCheck() != null && !runsNoHealthChecks && c.startedAt != null
                && !scheduler.now().isBefore(c.startedAt.plus(c.spec.healthCheck().interval()));
    }

    @Override
    public LogFollow followLogs(String id, Instant since, Consumer<LogLine> lines) {
        Container container = containers.get(id);
        for (String text : container.script.logLines) {
            lines.accept(new LogLine(id, LogLine.Source.STDOUT, text, scheduler.now()));
        }
        return new LogFollow() {
            @Override
            public boolean awaitEnd(Duration timeout) {
                return true; // every line was given above
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public AutoCloseable subscribe(String labelKey, String labelValue, Instant since, Consumer<RuntimeEvent> listener) {
        Subscription subscription = new Subscription(labelKey, labelValue, listener);
        subscriptions.add(subscription);
        return () -> subscriptions.remove(subscription);
    }

    /** A stats document with the fields the metadata endpoint passes on; a container that is not running has none. */
    @Override
    public String stats(String id) throws RuntimeFailure {
        Container c = containers.get(id);
        if (c == null) {
            throw new RuntimeFailure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, "No such container: " + id);
        }
        if (!c.running) {
            return "{}";
        }
        String mode = c.spec.network().mode();
        // Docker gives networks to a container with an interface of its own, or its holder's (container: mode).
        String networks = mode.equals("bridge") || mode.startsWith("container:")
                ? ",\"networks\":{\"eth0\":{\"rx_bytes\":" + networkBytes[0] + ",\"tx_bytes\":" + networkBytes[1] + "}}" : "";
        return "{\"read\":\"" + scheduler.now() + "\",\"id\":\"" + id + "\",\"name\":\"/" + c.name()
                + "\",\"memory_stats\":{\"usage\":1048576}" + networks + "}";
    }

    private final long[] networkBytes = {0, 0};

    /** What every container's interface has received and sent so far. */
    public void withNetworkBytes(long received, long sent) {
        networkBytes[0] = received;
        networkBytes[1] = sent;
    }

    private final Map<String, Map<String, String>> networks = new LinkedHashMap<>();

    @Override
    public void ensureNetwork(String name, String subnet, String gateway, Map<String, String> labels) {
        calls.add("network " + name + " " + subnet + " " + gateway);
        networks.putIfAbsent(name, Map.copyOf(labels));
    }

    @Override
    public void removeNetwork(String name) throws RuntimeFailure {
        calls.add("remove network " + name);
        if (!networkMembers(name).isEmpty()) {
            throw new RuntimeFailure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, "network " + name + " has active endpoints");
        }
        networks.remove(name);
    }

    @Override
    public List<String> networks(String labelKey) {
        return networks.entrySet().stream().filter(n -> n.getValue().containsKey(labelKey)).map(Map.Entry::getKey).toList();
    }

    /** The relay's fixed address; each other member gets 169.254.170.(10 + its creation index). */
    @Override
    public Map<String, String> networkMembers(String network) {
        Map<String, String> members = new LinkedHashMap<>();
        List<String> ids = List.copyOf(containers.keySet());
        for (Container c : containers.values()) {
            if (!c.running) {
                continue;
            }
            if (c.spec.network().mode().equals(network) && c.spec.network().address() != null) {
                members.put(c.id, c.spec.network().address());
            } else if (c.spec.network().mode().equals(network) || c.spec.network().alsoOn().contains(network)) {
                members.put(c.id, "169.254.170." + (10 + ids.indexOf(c.id)));
            }
        }
        return members;
    }

    /** A process spoken to in lines: {@code relay serve KEY} says "ready" at once; {@code relay others KEY} lists the open serves. */
    public final class FakeConversation implements Conversation {
        final String container;
        final List<String> command;
        final Consumer<String> lines;
        final Runnable ended;
        final List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean closed;

        FakeConversation(String container, List<String> command, Consumer<String> lines, Runnable ended) {
            this.container = container;
            this.command = command;
            this.lines = lines;
            this.ended = ended;
        }

        @Override
        public void send(String line) throws RuntimeFailure {
            if (closed) {
                throw new RuntimeFailure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, "the conversation has ended");
            }
            sent.add(line);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                ended.run();
            }
        }

        /** Whether ecs-local has ended it (or it ended). */
        public boolean closed() {
            return closed;
        }

        /** What the process wrote: a line to ecs-local. */
        public void say(String line) {
            lines.accept(line);
        }

        String mode() {
            return command.size() >= 2 ? command.get(command.size() - 2) : "";
        }

        String key() {
            return command.get(command.size() - 1);
        }
    }

    private final List<FakeConversation> conversations = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Conversation converse(String id, List<String> command, Consumer<String> lines, Runnable ended) throws RuntimeFailure {
        Container container = containers.get(id);
        if (container == null || !container.running) {
            throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_START, "container " + id + " is not running");
        }
        FakeConversation conversation = new FakeConversation(container.name(), command, lines, ended);
        calls.add("converse " + container.name() + " " + conversation.mode() + " " + conversation.key());
        conversations.add(conversation);
        if (conversation.mode().equals("serve")) {
            conversation.say("ready");
        } else if (conversation.mode().equals("others")) {
            conversations.stream().filter(c -> !c.closed && c.mode().equals("serve") && !c.key().equals(conversation.key()))
                    .forEach(c -> conversation.say(c.key()));
            conversation.close();
        }
        return conversation;
    }

    /** The relay's serving of run {@code taskId}, open or not. */
    public FakeConversation serving(String taskId) {
        return conversations.stream().filter(c -> c.mode().equals("serve") && c.key().equals(taskId)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("nothing serves " + taskId));
    }

    private int relayedRequests;

    /**
     * A request that reaches the relay for run {@code taskId}: the HTTP response ecs-local sends back, decoded (waits
     * up to 5 s for the run's answering thread).
     */
    public String relayGet(String taskId, String target, String from) throws InterruptedException {
        FakeConversation serving = serving(taskId);
        String id = String.valueOf(++relayedRequests);
        serving.say(id + " " + from + " GET " + target);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : serving.sent) {
                if (line.startsWith(id + " ")) {
                    return new String(java.util.Base64.getDecoder().decode(line.substring(id.length() + 1)),
                            java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no answer to " + target + " within 5 s");
    }

    private String bridgeGateway = "172.17.0.1";

    /** Where containers reach the host: an address of this machine, for tests whose receivers must listen there. */
    public void withBridgeGateway(String address) {
        this.bridgeGateway = address;
    }

    @Override
    public String bridgeGateway() {
        return bridgeGateway;
    }

    private String daemonHostname;
    private Set<String> logDrivers;
    private String tcpHost;

    /** ecs-local reaches the daemon at tcp://HOST:…, another machine. */
    public void reachedOverTcpAt(String host) {
        this.tcpHost = host;
    }

    /** The daemon says it has these log drivers only (Podman has no fluentd). */
    public void withLogDrivers(String... drivers) {
        this.logDrivers = Set.of(drivers);
    }

    /** The daemon says it runs on {@code hostname}: another machine's name stands for a daemon in a VM. */
    public void runsOn(String hostname) {
        this.daemonHostname = hostname;
    }

    @Override
    public DaemonFacts daemonFacts() {
        calls.add("info");
        return new DaemonFacts(daemonHostname, logDrivers, tcpHost);
    }

    private Product product = Product.DOCKER;

    /** The daemon names itself Podman, as Podman's Docker-compatible API does. */
    public void asPodman() {
        this.product = Product.PODMAN;
    }

    @Override
    public String description() {
        return product == Product.PODMAN ? "Podman 4.3.1 (a fake)" : "a fake runtime";
    }

    @Override
    public Product product() {
        return product;
    }

    @Override
    public List<ContainerSnapshot> containers(String labelKey) throws RuntimeFailure {
        List<ContainerSnapshot> all = new ArrayList<>();
        for (Container c : containers.values()) {
            if (c.spec.labels().containsKey(labelKey)) {
                all.add(inspect(c.id));
            }
        }
        return all;
    }

    @Override
    public List<VolumeSummary> volumes(String labelKey) {
        return volumes.entrySet().stream().filter(v -> v.getValue().containsKey(labelKey))
                .map(v -> new VolumeSummary(v.getKey(), v.getValue())).toList();
    }

    private void after(Container container, Duration delay, Runnable action) {
        container.timers.add(scheduler.schedule(scheduler.now().plus(delay), action));
    }

    private void health(Container container, RuntimeEvent.Health health, String output) {
        if (runsNoHealthChecks) {
            return; // no check runs, so none passes or fails
        }
        if (container.healthFailing && health != RuntimeEvent.Health.UNHEALTHY) {
            return; // its check is switched to failing: no probe passes any more
        }
        container.health = health;
        tell(new RuntimeEvent.HealthChanged(container.id, health, output, scheduler.now()));
    }

    private void die(Container container, int exitCode) {
        if (!container.running) {
            return;
        }
        container.running = false;
        container.exitCode = exitCode;
        container.finishedAt = scheduler.now();
        container.timers.forEach(Scheduler.Cancellable::cancel);
        container.timers.clear();
        tell(new RuntimeEvent.Died(container.id, exitCode, false, scheduler.now()));
    }

    /** What the engine hears, unless the stream is cut. */
    private void tell(RuntimeEvent event) {
        if (!eventsCut) {
            Container container = event instanceof RuntimeEvent.OfContainer of ? containers.get(of.containerId()) : null;
            for (Subscription subscription : subscriptions) {
                if (container == null || subscription.labelValue().equals(container.spec.labels().get(subscription.labelKey()))) {
                    subscription.listener().accept(event);
                }
            }
        }
    }
}
