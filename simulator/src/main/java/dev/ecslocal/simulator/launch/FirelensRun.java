package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.api.FirelensMode;
import dev.ecslocal.simulator.api.FirelensOutputs;
import dev.ecslocal.simulator.api.RunRefusedException;
import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.agent.FirelensSetup;
import dev.ecslocal.simulator.agent.RouterFiles;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.Notice;
import dev.ecslocal.simulator.event.RoutedRecord;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskListener;
import dev.ecslocal.simulator.firelens.FirelensConfig;
import dev.ecslocal.simulator.firelens.ForwardReceiver;
import dev.ecslocal.simulator.firelens.ForwardRecord;
import dev.ecslocal.simulator.firelens.LocalRouting;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.NetworkMode;
import dev.ecslocal.simulator.model.TaskDefinition;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Who does a run's FireLens router work (ECS-SEMANTICS §7), chosen once and said once as a {@link Notice}:
 * <ul>
 *   <li>the router container, running its own image with ECS's files; outputs that would leave the machine
 *   come back to ecs-local's receiver and are shown, unless the user wants them real;</li>
 *   <li>ecs-local's embedded stand-in, when the router's image is not here, the daemon cannot see this
 *   machine's files, or the user asks for it.</li>
 * </ul>
 * Holds the receivers for the run; closing it closes them, after the last container has gone.
 */
final class FirelensRun implements AutoCloseable {
    /** Where the stand-in's driver-side receiver listens: the daemon on this machine dials it. */
    private static final String LOOPBACK = "127.0.0.1";

    /** How long the probe record may take to come back through Docker's fluentd driver (it takes ~0.3 s here). */
    static final Duration PROBE_PATIENCE = Duration.ofSeconds(4);
    /** The tag of the probe record: the stand-in takes it as proof, and routes nothing of it. */
    static final String PROBE_TAG = "ecs-local-probe";

    /** How long a started router may take to create its socket before the run says that lines are being lost. */
    static final Duration SOCKET_PATIENCE = Duration.ofSeconds(5);

    /** What the run's set-up tells its listener. */
    interface Voice {
        void notice(Notice notice);

        void routed(RoutedRecord record);
    }

    private final FirelensSetup setup;
    private final List<ForwardReceiver> receivers;
    private final Voice voice;
    /** With lines read back: the awsfirelens containers, and the routing their lines go through; else empty, null. */
    private final java.util.Set<String> readBack;
    private final LocalRouting routing;
    private final RunIdentity run;
    /** Removes what the set-up made on the daemon (the router's socket volume), after the last container has gone. */
    private Runnable cleanUp = () -> { };
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ecs-local-firelens-socket");
        thread.setDaemon(true);
        return thread;
    });

    private FirelensRun(FirelensSetup setup, List<ForwardReceiver> receivers, Voice voice) {
        this(setup, receivers, voice, java.util.Set.of(), null, null);
    }

    private FirelensRun(FirelensSetup setup, List<ForwardReceiver> receivers, Voice voice, java.util.Set<String> readBack,
                        LocalRouting routing, RunIdentity run) {
        this.setup = setup;
        this.receivers = receivers;
        this.voice = voice;
        this.readBack = readBack;
        this.routing = routing;
        this.run = run;
    }

    /**
     * Who does the router's work, decided before the run says anything.
     *
     * @param whyEmbedded why the stand-in does it; null: the router container
     */
    record Choice(FirelensMode mode, String whyEmbedded) {
    }

    /**
     * @param daemon where the daemon runs: the router's socket is dialled by its path, so the daemon must see our files
     * @throws RunRefusedException when the user asked for the router container and it cannot run here
     */
    static Choice choose(TaskDefinition task, RunIdentity run, FirelensMode mode, ContainerRuntime runtime,
                         ContainerRuntime.PullPolicy pull, DaemonPlace daemon) throws RunRefusedException {
        if (mode == FirelensMode.EMBEDDED) {
            return new Choice(mode, "--firelens embedded");
        }
        String why = whyNotContainer(task.firelensRouter().orElseThrow().image(), runtime, pull, mode, daemon);
        if (mode == FirelensMode.CONTAINER && why != null) {
            throw new RunRefusedException("--firelens container: " + why + ". Use --firelens embedded (ecs-local's stand-in).");
        }
        return new Choice(mode, why);
    }

    /**
     * Where the router's {@code config-file-type s3} object comes from: the user's local copy ({@code --firelens-s3-file}),
     * else the account when the run was asked to fetch it ({@code --firelens-s3 aws}).
     *
     * @param account null: not asked
     */
    record S3Config(Map<String, Path> copies, dev.ecslocal.simulator.aws.AccountObjects account) {
        RouterFiles files(Path directory, FirelensConfig config, String s3Arn) {
            return new RouterFiles(directory, config, s3Arn, s3Arn == null ? null : copies.get(s3Arn), account);
        }
    }

    /**
     * Starts the receivers the choice needs and says what it chose.
     *
     * @param s3Config where the router's config-file-type s3 object comes from
     */
    static FirelensRun start(Choice choice, TaskDefinition task, RunIdentity run, LocalRouting routing, FirelensOutputs outputs,
                             S3Config s3Config, ContainerRuntime runtime, DaemonPlace daemon,
                             java.util.function.Supplier<dev.ecslocal.simulator.event.TaskView> view, Voice voice) throws IOException {
        FirelensConfig ecsConfig = FirelensConfig.of(task, run.revision(), RunIdentity.CLUSTER, run.taskArn()).orElseThrow();
        String s3Arn = FirelensConfig.s3ConfigArn(task).orElse(null);
        Path directory = RouterFiles.directoryFor(run.taskId());
        ContainerDefinition router = task.container(ecsConfig.router()).orElseThrow();
        // Where containers reach this machine; a daemon elsewhere has no way to it (FLUENT_HOST is not given then).
        String gateway = daemon.elsewhere() != null ? null : bridgeGateway(runtime, voice);
        String type = ecsConfig.type().name().toLowerCase(Locale.ROOT);
        List<ForwardReceiver> receivers = new ArrayList<>();
        // Whoever is on the daemon's bridge can reach the receivers there: only the task's own containers are served.
        ForwardReceiver.Gate taskOnly = new TaskAddresses(view, runtime, task.effectiveNetworkMode() == NetworkMode.HOST,
                System::nanoTime);
        Runnable cleanUp = () -> { };
        try {
            if (choice.whyEmbedded() != null) {
                return embedded(task, run, routing, ecsConfig, s3Arn, s3Config, directory, gateway, choice.whyEmbedded(), type,
                        whyNotDelivered(daemon), runtime, taskOnly, voice, receivers);
            }
            String socketVolume = "ecs-local-fl-" + run.taskId();
            String socketDirectory = socketVolume(runtime, run, socketVolume);
            String socket = socketDirectory + "/fluent.sock";
            if (socket.length() > RouterFiles.MAX_SOCKET_PATH) {
                removeVolume(runtime, socketVolume);
                String why = "the router's socket on the daemon's machine, " + socket + ", would be " + socket.length()
                        + " characters, over Linux's " + RouterFiles.MAX_SOCKET_PATH;
                if (choice.mode() == FirelensMode.CONTAINER) {
                    throw new IOException("--firelens container: " + why + ". Use --firelens embedded (ecs-local's stand-in).");
                }
                return embedded(task, run, routing, ecsConfig, s3Arn, s3Config, directory, gateway, why, type,
                        whyNotDelivered(daemon), runtime, taskOnly, voice, receivers);
            }
            cleanUp = () -> removeVolume(runtime, socketVolume);
            // The router container: outputs come back to a receiver on the bridge gateway, where the router reaches this
            // machine; a daemon elsewhere reaches none of ours, and the router writes them to its stdout, shown here.
            ForwardReceiver back = outputs == FirelensOutputs.LOCAL && gateway != null && daemon.elsewhere() == null
                    && task.effectiveNetworkMode() != NetworkMode.NONE
                    ? receiver(gateway, taskOnly, record -> List.of(routing.forwarded(record)), voice) : null;
            if (back != null) {
                receivers.add(back);
            }
            FirelensConfig config = outputs == FirelensOutputs.REAL ? ecsConfig : FirelensConfig.local(task, run.revision(),
                    RunIdentity.CLUSTER, run.taskArn(), back != null ? new FirelensConfig.LocalOutput.Forward(gateway, back.port())
                            : new FirelensConfig.LocalOutput.Stdout()).orElseThrow();
            RouterFiles files = s3Config.files(directory, config, s3Arn);
            voice.notice(new Notice.FirelensRouter(config.router(), router.image(), type, config.configPath(), socket,
                    choice.mode() == FirelensMode.AUTO));
            config.replaced().forEach((container, plugin) -> voice.notice(new Notice.FirelensOutputKeptLocal(container, plugin,
                    config.router(), back != null)));
            FirelensRun made = new FirelensRun(new FirelensSetup.Router(files, socketVolume, socketDirectory), receivers, voice);
            made.cleanUp = cleanUp;
            return made;
        } catch (IOException | RuntimeException e) {
            closeAll(receivers);
            cleanUp.run();
            throw e;
        }
    }

    /**
     * The stand-in listens on loopback TCP: Docker's fluentd driver is dialled by the daemon, not from inside the
     * task, and a daemon on this machine reaches 127.0.0.1 with no file of ours to share. A Unix socket, ECS's
     * choice and the router container's here, needs the daemon to see this machine's files. A daemon that reaches
     * neither (in a VM, on another host) or has no fluentd driver (Podman) keeps the lines as json-file, and the
     * stand-in reads them back through the Docker API: no line is lost, and the run says so before any starts.
     *
     * @param whyNotDelivered why Docker's driver cannot deliver to the stand-in here; null when it can
     */
    private static FirelensRun embedded(TaskDefinition task, RunIdentity run, LocalRouting routing, FirelensConfig ecsConfig,
                                        String s3Arn, S3Config s3Config, Path directory, String gateway, String why,
                                        String type, String whyNotDelivered, ContainerRuntime runtime,
                                        ForwardReceiver.Gate taskOnly, Voice voice, List<ForwardReceiver> receivers)
            throws IOException {
        String driverAddress = null;
        boolean unproven = false;
        if (whyNotDelivered == null) {
            java.util.concurrent.CountDownLatch proof = new java.util.concurrent.CountDownLatch(1);
            // Only the daemon on this machine dials it, for the task's containers: with ECS's tags, which name them.
            java.util.concurrent.atomic.AtomicBoolean strangerSaid = new java.util.concurrent.atomic.AtomicBoolean();
            ForwardReceiver driverSide = receiver(LOOPBACK, ForwardReceiver.Gate.ANYONE, record -> {
                if (PROBE_TAG.equals(record.tag())) {
                    proof.countDown();
                    return List.of();
                }
                if (routing.containerOf(record.tag()) == null) {
                    if (strangerSaid.compareAndSet(false, true)) {
                        voice.notice(new Notice.Remark(Notice.Topic.FIRELENS, "refused the records tagged \"" + record.tag()
                                + "\" sent to the stand-in's driver address: that tag names no container of this task"));
                    }
                    return List.of();
                }
                return routing.route(record);
            }, voice);
            String address = "tcp://" + LOOPBACK + ":" + driverSide.port();
            whyNotDelivered = probe(runtime, run, address, proof);
            unproven = whyNotDelivered != null;
            if (whyNotDelivered == null) {
                receivers.add(driverSide);
                driverAddress = address;
            } else {
                driverSide.close();
            }
        }
        ForwardReceiver taskSide = gateway == null ? null : taskSide(gateway, taskOnly, routing, voice);
        if (taskSide != null) {
            receivers.add(taskSide);
        }
        RouterFiles files = s3Config.files(directory, ecsConfig, s3Arn);
        voice.notice(new Notice.FirelensStandIn(ecsConfig.router(), type, why, driverAddress));
        if (whyNotDelivered != null) {
            // Said loudly when the route was expected to work and did not: the user's daemon is not what it seems.
            voice.notice(new Notice.Remark(Notice.Topic.FIRELENS, (unproven ? "WARNING: " : "")
                    + "the awsfirelens containers log as json-file here, not "
                    + "through Docker's fluentd driver as on ECS, because " + whyNotDelivered + "; their records carry the same "
                    + "fields (container_id, container_name, source, log)" + (taskSide == null
                    ? "; programs that send to FLUENT_HOST themselves get none (nothing of ecs-local's is reachable from the task)"
                    : "")));
        }
        String custom = task.container(ecsConfig.router()).orElseThrow().firelensConfiguration().options()
                .get(FirelensConfig.CONFIG_FILE_TYPE);
        if (custom != null) {
            voice.notice(new Notice.Remark(Notice.Topic.FIRELENS, "the stand-in does not apply the router's custom "
                    + "configuration (config-file-type " + custom + "); --firelens container runs the router, which does"));
        }
        FirelensSetup.StandIn standIn = new FirelensSetup.StandIn(files, driverAddress, taskSide == null ? null : gateway,
                taskSide == null ? 0 : taskSide.port());
        if (whyNotDelivered == null) {
            return new FirelensRun(standIn, receivers, voice);
        }
        java.util.Set<String> readBack = new java.util.HashSet<>();
        task.containerDefinitions().stream().filter(c -> c.logConfiguration() != null
                        && dev.ecslocal.simulator.model.ContainerDefinition.LogConfiguration.AWSFIRELENS.equals(c.logConfiguration().logDriver()))
                .forEach(c -> readBack.add(c.name()));
        return new FirelensRun(standIn, receivers, voice, java.util.Set.copyOf(readBack), routing, run);
    }

    /**
     * Proves the route before any of the task's containers starts: a container of ecs-local's pause image writes one
     * line through Docker's fluentd driver to the stand-in. Docker drops what its driver cannot deliver, silently (a
     * rootless daemon's 127.0.0.1 is not this machine's, for one), so an unproven route is not used.
     *
     * @return why the record did not come back; null when it did
     */
    private static String probe(ContainerRuntime runtime, RunIdentity run, String address,
                                java.util.concurrent.CountDownLatch proof) {
        Map<String, String> labels = new java.util.LinkedHashMap<>(run.containerLabels("~firelens-probe"));
        dev.ecslocal.simulator.docker.ContainerSpec spec = new dev.ecslocal.simulator.docker.ContainerSpec(
                run.dockerName("firelens-probe"), dev.ecslocal.simulator.agent.ContainerSpecs.DEFAULT_PAUSE_IMAGE,
                new dev.ecslocal.simulator.docker.ContainerSpec.Process(List.of("/bin/busybox"), List.of("echo", PROBE_TAG),
                        List.of(), Map.of(), null, null, false, false, false),
                labels, dev.ecslocal.simulator.docker.ContainerSpec.Network.mode("none"), List.of(), List.of(),
                dev.ecslocal.simulator.docker.ContainerSpec.Resources.NONE, dev.ecslocal.simulator.docker.ContainerSpec.Isolation.NONE,
                null, new dev.ecslocal.simulator.docker.ContainerSpec.LogDriver("fluentd", Map.of("fluentd-address", address,
                "tag", PROBE_TAG, "fluentd-async", "true")));
        String id = null;
        try {
            id = runtime.createContainer(spec);
            runtime.startContainer(id);
            return proof.await(PROBE_PATIENCE.toMillis(), TimeUnit.MILLISECONDS) ? null
                    : "a probe record sent through Docker's fluentd driver to " + address + " did not arrive in "
                    + PROBE_PATIENCE.toSeconds() + " s (is the daemon rootless, or in a network namespace of its own?)";
        } catch (RuntimeFailure failure) {
            String message = String.valueOf(failure.getMessage());
            return "no probe record could be sent through Docker's fluentd driver to " + address + " (" + message + ")"
                    + (message.toLowerCase(Locale.ROOT).contains("no such image") ? ": the probe runs in "
                    + dev.ecslocal.simulator.agent.ContainerSpecs.DEFAULT_PAUSE_IMAGE + ", which ./scripts/setup.sh builds offline" : "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while the route was proven";
        } finally {
            if (id != null) {
                try {
                    runtime.removeContainer(id);
                } catch (RuntimeFailure ignored) {
                    // `down` removes it: it carries the task's labels.
                }
            }
        }
    }

    /**
     * The volume that is the router's socket directory, made: where it is on the daemon's machine, which the daemon
     * dials. A tmpfs open to every user, as ECS gives the directory to the router's user, whoever that is (a volume's
     * own directory would be root's). It carries the task's labels, so `down` removes it after a killed run.
     */
    private static String socketVolume(ContainerRuntime runtime, RunIdentity run, String name) throws IOException {
        try {
            return runtime.createVolume(new dev.ecslocal.simulator.docker.VolumeSpec(name, "local",
                    Map.of("type", "tmpfs", "device", "tmpfs", "o", "mode=1777"), run.volumeLabels("~firelens-socket")));
        } catch (RuntimeFailure failure) {
            throw new IOException("cannot make the FireLens router's socket volume " + name + ": " + failure.getMessage(), failure);
        }
    }

    private static void removeVolume(ContainerRuntime runtime, String name) {
        try {
            runtime.removeVolume(name);
        } catch (RuntimeFailure ignored) {
            // It carries the task's labels: `down` removes it.
        }
    }

    /** Why Docker's fluentd driver cannot deliver to ecs-local's receiver on this daemon; null when it can. */
    private static String whyNotDelivered(DaemonPlace daemon) {
        if (daemon.elsewhere() != null) {
            return "the daemon, on " + daemon.elsewhere() + ", cannot reach ecs-local's receiver on this machine";
        }
        if (!daemon.fluentd()) {
            return "the daemon has no fluentd log driver (Podman has none)";
        }
        return null;
    }

    /**
     * What the run's listener hears, with the awsfirelens containers' lines read back turned into the records the
     * router would pass on (and not shown raw): the same fields Docker's fluentd driver sends, ECS's tag.
     *
     * @param view    the engine's latest picture of the task: the containers' Docker ids
     * @param runtime asked for an id the picture does not have yet (a line can come before the engine's next picture)
     */
    TaskListener listening(TaskListener next, java.util.function.Supplier<dev.ecslocal.simulator.event.TaskView> view,
                           ContainerRuntime runtime) {
        Map<String, String> ids = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.function.Function<String, String> idOf = container -> view.get().container(container)
                .map(dev.ecslocal.simulator.event.TaskView.ContainerView::runtimeId)
                .orElseGet(() -> ids.computeIfAbsent(container, name -> {
                    try {
                        return runtime.inspect(run.dockerName(name)).id();
                    } catch (RuntimeFailure gone) {
                        return "";
                    }
                }));
        return new TaskListener() {
            @Override
            public void event(TaskEvent event) {
                next.event(event);
                FirelensRun.this.event(event);
            }

            @Override
            public void log(dev.ecslocal.simulator.event.ContainerLog line) {
                if (!readBack.contains(line.container())) {
                    next.log(line);
                    return;
                }
                Map<String, Object> fields = new java.util.LinkedHashMap<>();
                fields.put("container_id", idOf.apply(line.container()));
                fields.put("container_name", "/" + run.dockerName(line.container()));
                fields.put("source", line.stream() == dev.ecslocal.simulator.event.ContainerLog.Stream.STDERR ? "stderr" : "stdout");
                fields.put("log", line.text());
                ForwardRecord record = new ForwardRecord(FirelensConfig.tag(line.container(), run.taskId()),
                        line.at() == null ? java.time.Instant.now() : line.at(), fields);
                routing.route(record).forEach(routed -> next.routed(new RoutedRecord(routed.container(), routed.output(),
                        routed.record())));
            }

            @Override
            public void routed(RoutedRecord record) {
                next.routed(record);
            }
        };
    }

    FirelensSetup setup() {
        return setup;
    }

    /**
     * Watches the router container: Docker's fluentd driver drops what it cannot deliver, silently, so a router
     * image that is no log router (or one that fails to open its socket) would just make the lines vanish, as on
     * ECS. Said once, with the way out.
     */
    void event(TaskEvent event) {
        if (setup instanceof FirelensSetup.Router router && event instanceof TaskEvent.ContainerChanged changed
                && changed.container().equals(router.files().config().router()) && changed.status() == ContainerStatus.RUNNING) {
            String name = router.files().config().router();
            Path socket = Path.of(router.socket());
            if (!Files.isReadable(socket.getParent())) {
                return; // on the daemon's machine, or not ours to read: the router's own lines say whether it listens
            }
            timer.schedule(() -> {
                if (!Files.exists(socket) && Files.exists(router.files().directory())) {
                    voice.notice(new Notice.Remark(Notice.Topic.FIRELENS, name + " has run for " + SOCKET_PATIENCE.toSeconds()
                            + "s without creating " + FirelensConfig.SOCKET_PATH + ": the awsfirelens containers' lines are "
                            + "being dropped, as ECS would drop them. Is its image a Fluent Bit or Fluentd? `--firelens embedded` "
                            + "makes ecs-local stand in for it"));
                }
            }, SOCKET_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Why the router container cannot run here; null when it can. Docker's fluentd driver takes the lines to it (Podman
     * has none); and the image must be here, unless the user asked for the container, which pulls it as any other image.
     * Where the daemon runs does not matter: the router's files go in through the API, and its socket is in a volume.
     */
    private static String whyNotContainer(String image, ContainerRuntime runtime, ContainerRuntime.PullPolicy pull,
                                          FirelensMode mode, DaemonPlace daemon) {
        if (daemon.unknownBecause() != null) {
            return "Docker would not say where it runs (" + daemon.unknownBecause() + ")";
        }
        if (!daemon.fluentd()) {
            return "the Docker daemon has no fluentd log driver (Podman has none), which takes the lines to the router";
        }
        try {
            runtime.ensureImage(image, mode == FirelensMode.CONTAINER ? pull : ContainerRuntime.PullPolicy.NEVER, line -> { });
            return null;
        } catch (RuntimeFailure failure) {
            return mode == FirelensMode.CONTAINER ? failure.reason()
                    : "its image " + image + " is not on this machine (--firelens container pulls it)";
        }
    }

    private static ForwardReceiver receiver(String host, ForwardReceiver.Gate gate,
                                            Function<ForwardRecord, List<LocalRouting.Routed>> route, Voice voice) throws IOException {
        return new ForwardReceiver(new InetSocketAddress(host, 0), gate, ForwardReceiver.MAX_CONNECTIONS,
                record -> route.apply(record).forEach(routed -> voice.routed(new RoutedRecord(routed.container(),
                        routed.output(), routed.record()))),
                problem -> voice.notice(new Notice.Remark(Notice.Topic.FIRELENS, problem)));
    }

    /** Where containers reach the host; null, said once, when the daemon will not tell. */
    private static String bridgeGateway(ContainerRuntime runtime, Voice voice) {
        try {
            return runtime.bridgeGateway();
        } catch (RuntimeFailure failure) {
            voice.notice(new Notice.Remark(Notice.Topic.FIRELENS, "cannot find Docker's bridge gateway (" + failure.getMessage()
                    + "); containers cannot reach ecs-local"));
            return null;
        }
    }

    /**
     * The stand-in's receiver where the task's containers reach the host (Docker's bridge gateway), for programs that
     * send to FLUENT_HOST themselves. Only there, not on every interface. Null when this machine does not have
     * that address (a daemon in a VM): then FLUENT_HOST is not given, and the run says so.
     */
    private static ForwardReceiver taskSide(String gateway, ForwardReceiver.Gate taskOnly, LocalRouting routing, Voice voice) {
        try {
            return receiver(gateway, taskOnly, routing::route, voice);
        } catch (IOException notHere) {
            voice.notice(new Notice.Remark(Notice.Topic.FIRELENS, "containers cannot reach the stand-in (" + gateway
                    + " is not an address of this machine: " + notHere.getMessage() + "); FLUENT_HOST and FLUENT_PORT are not set"));
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        closeAll(receivers);
        cleanUp.run();
    }

    /** At the end of the run, or of a failed start: a receiver that will not close has nothing left to receive. */
    private static void closeAll(List<ForwardReceiver> receivers) {
        for (ForwardReceiver receiver : receivers) {
            try {
                receiver.close();
            } catch (IOException ignored) {
                // Its socket goes with the process.
            }
        }
    }

}
