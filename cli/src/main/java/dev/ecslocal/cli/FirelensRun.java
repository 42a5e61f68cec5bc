package dev.ecslocal.cli;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.DockerJavaRuntime;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.engine.ContainerSpecs;
import dev.ecslocal.simulator.engine.ContainerStatus;
import dev.ecslocal.simulator.engine.TaskEvent;
import dev.ecslocal.simulator.engine.FirelensSetup;
import dev.ecslocal.simulator.engine.RouterFiles;
import dev.ecslocal.simulator.firelens.FirelensConfig;
import dev.ecslocal.simulator.firelens.ForwardReceiver;
import dev.ecslocal.simulator.firelens.ForwardRecord;
import dev.ecslocal.simulator.firelens.LocalRouting;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.NetworkMode;
import dev.ecslocal.simulator.model.TaskDefinition;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who does a run's FireLens router work (ECS-SEMANTICS §7), chosen once and said once:
 * <ul>
 *   <li>the router container, running its own image with ECS's files; outputs that would leave the machine
 *   come back to ecs-local's receiver and are shown in the console, unless the user wants them real;</li>
 *   <li>ecs-local's embedded stand-in, when the router's image is not here, the daemon cannot see this
 *   machine's files, or the user asks for it.</li>
 * </ul>
 * Holds the receivers for the run; closing it closes them, after the last container has gone.
 */
final class FirelensRun implements AutoCloseable {
    /** {@code --firelens}. */
    enum Mode { AUTO, EMBEDDED, CONTAINER }

    /** {@code --firelens-outputs}. */
    enum Outputs { LOCAL, REAL }

    /** Where the stand-in's driver-side receiver listens: the daemon on this machine dials it. */
    private static final String LOOPBACK = "127.0.0.1";

    /** How long a started router may take to create its socket before the run says that lines are being lost. */
    static final Duration SOCKET_PATIENCE = Duration.ofSeconds(5);

    private final FirelensSetup setup;
    private final List<ForwardReceiver> receivers;
    private final RunConsole console;
    private final java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "ecs-local-firelens-socket");
                thread.setDaemon(true);
                return thread;
            });

    private FirelensRun(FirelensSetup setup, List<ForwardReceiver> receivers, RunConsole console) {
        this.setup = setup;
        this.receivers = receivers;
        this.console = console;
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
            timer.schedule(() -> {
                if (!java.nio.file.Files.exists(router.files().socket()) && java.nio.file.Files.exists(router.files().directory())) {
                    console.say("  FireLens: " + name + " has run for " + SOCKET_PATIENCE.toSeconds() + "s without creating "
                            + FirelensConfig.SOCKET_PATH + ": the awsfirelens containers' lines are being dropped, as ECS would drop "
                            + "them. Is its image a Fluent Bit or Fluentd? `--firelens embedded` makes ecs-local stand in for it");
                }
            }, SOCKET_PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    FirelensSetup setup() {
        return setup;
    }

    /**
     * Who does the router's work, decided before the run says anything.
     *
     * @param whyEmbedded why the stand-in does it; null: the router container
     */
    record Choice(Mode mode, String whyEmbedded) {
    }

    /** @throws Refused when the user asked for the router container and it cannot run here */
    static Choice choose(TaskDefinition task, String taskId, Mode mode, DockerJavaRuntime runtime, ContainerRuntime.PullPolicy pull)
            throws Refused {
        if (mode == Mode.EMBEDDED) {
            return new Choice(mode, "--firelens embedded");
        }
        String why = whyNotContainer(task.firelensRouter().orElseThrow().image(), RouterFiles.directoryFor(taskId), runtime,
                pull, mode);
        if (mode == Mode.CONTAINER && why != null) {
            throw new Refused("--firelens container: " + why + ". Use --firelens embedded (ecs-local's stand-in).");
        }
        return new Choice(mode, why);
    }

    /**
     * Starts the receivers the choice needs and says what it chose.
     *
     * @param s3Copies the user's local copies of S3 objects ({@code --firelens-s3-file})
     */
    static FirelensRun start(Choice choice, TaskDefinition task, int revision, String taskId, LocalRouting routing,
                             Outputs outputs, Map<String, Path> s3Copies, ContainerRuntime runtime, RunConsole console)
            throws IOException {
        String taskArn = ContainerSpecs.taskArn(taskId);
        FirelensConfig ecsConfig = FirelensConfig.of(task, revision, ContainerSpecs.CLUSTER, taskArn).orElseThrow();
        String s3Arn = FirelensConfig.s3ConfigArn(task).orElse(null);
        Path directory = RouterFiles.directoryFor(taskId);
        ContainerDefinition router = task.container(ecsConfig.router()).orElseThrow();
        String why = choice.whyEmbedded();
        Mode mode = choice.mode();
        String gateway = bridgeGateway(runtime, console);
        String type = ecsConfig.type().name().toLowerCase(Locale.ROOT);
        List<ForwardReceiver> receivers = new ArrayList<>();
        try {
            if (why != null) {
                return embedded(task, routing, ecsConfig, s3Arn, s3Copies, directory, gateway, why, type, console, receivers);
            }
            // The router container: outputs come back to a receiver on the bridge gateway, where the router reaches the host.
            ForwardReceiver back = outputs == Outputs.LOCAL && gateway != null && task.effectiveNetworkMode() != NetworkMode.NONE
                    ? receiver(gateway, routing::forwarded, console) : null;
            if (back != null) {
                receivers.add(back);
            }
            FirelensConfig config = outputs == Outputs.REAL ? ecsConfig : FirelensConfig.local(task, revision, ContainerSpecs.CLUSTER,
                    taskArn, back != null ? new FirelensConfig.LocalOutput.Forward(gateway, back.port())
                            : new FirelensConfig.LocalOutput.Stdout()).orElseThrow();
            RouterFiles files = new RouterFiles(directory, config, s3Arn, s3Arn == null ? null : s3Copies.get(s3Arn));
            console.say("  FireLens: " + config.router() + " runs " + router.image() + " (" + type + ") with the configuration ECS "
                    + "would generate, mounted at " + config.configPath() + "; the task's awsfirelens containers log to its socket "
                    + files.socket() + (mode == Mode.AUTO ? " (--firelens embedded makes ecs-local stand in for it)" : ""));
            config.replaced().forEach((container, plugin) -> console.say("  FireLens: " + container + "'s output \"" + plugin
                    + "\" is not sent: " + (back != null ? "its records are shown here" : "its records go to " + config.router()
                    + "'s stdout (it cannot reach ecs-local)") + " (--firelens-outputs=real sends them)"));
            return new FirelensRun(new FirelensSetup.Router(files), receivers, console);
        } catch (IOException | RuntimeException e) {
            closeAll(receivers);
            throw e;
        }
    }

    /**
     * The stand-in listens on loopback TCP: Docker's fluentd driver is dialled by the daemon, not from inside the
     * task (DOCKER-NOTES), and a daemon on this machine reaches 127.0.0.1 with no file of ours to share. A Unix
     * socket, ECS's choice and the router container's here, needs the daemon to see this machine's files. A daemon
     * in a VM (Docker Desktop) reaches neither; it would need the host's name in the VM (host.docker.internal),
     * which ecs-local does not choose yet.
     */
    private static FirelensRun embedded(TaskDefinition task, LocalRouting routing, FirelensConfig ecsConfig, String s3Arn,
                                        Map<String, Path> s3Copies, Path directory, String gateway, String why, String type,
                                        RunConsole console, List<ForwardReceiver> receivers) throws IOException {
        ForwardReceiver driverSide = receiver(LOOPBACK, record -> routing.route(record).orElse(null), console);
        receivers.add(driverSide);
        ForwardReceiver taskSide = gateway == null ? null : taskSide(gateway, routing, console);
        if (taskSide != null) {
            receivers.add(taskSide);
        }
        String driverAddress = "tcp://" + LOOPBACK + ":" + driverSide.port();
        RouterFiles files = new RouterFiles(directory, ecsConfig, s3Arn, s3Arn == null ? null : s3Copies.get(s3Arn));
        console.say("  FireLens: ecs-local stands in for " + ecsConfig.router() + " (" + type + "), because " + why
                + ": its records arrive at " + driverAddress + " and are shown here as `container → output | record`, "
                + "filtered and tagged as the router's configuration would (`ecs-local plan --firelens-config`); nothing is sent");
        String custom = task.container(ecsConfig.router()).orElseThrow().firelensConfiguration().options()
                .get(FirelensConfig.CONFIG_FILE_TYPE);
        if (custom != null) {
            console.say("  FireLens: the stand-in does not apply the router's custom configuration (config-file-type " + custom
                    + "); --firelens container runs the router, which does");
        }
        return new FirelensRun(new FirelensSetup.StandIn(files, driverAddress, taskSide == null ? null : gateway,
                taskSide == null ? 0 : taskSide.port()), receivers, console);
    }

    /**
     * Why the router container cannot run here; null when it can. The daemon dials the router's socket by its path
     * on the host, so it must see this machine's files (a daemon in a VM or on another machine does not); the path
     * must fit a Unix socket's; and the image must be here, unless the user asked for the container, which pulls it
     * as any other image.
     */
    private static String whyNotContainer(String image, Path directory, DockerJavaRuntime runtime, ContainerRuntime.PullPolicy pull,
                                          Mode mode) {
        try {
            String daemonHost = runtime.daemonHostname();
            String here = RunCommand.hostname();
            if (daemonHost != null && !daemonHost.equals(here)) {
                return "the Docker daemon runs on " + daemonHost + ", not on this machine (" + here + "), so it cannot dial the "
                        + "router's socket in " + directory;
            }
        } catch (RuntimeFailure failure) {
            return "Docker would not say where it runs (" + failure.getMessage() + ")";
        }
        int socketLength = directory.resolve("socket/fluent.sock").toString().length();
        if (socketLength > RouterFiles.MAX_SOCKET_PATH) {
            return "the router's socket path under " + directory.getParent() + " would be " + socketLength
                    + " characters, over Linux's " + RouterFiles.MAX_SOCKET_PATH + " (set TMPDIR to a shorter directory)";
        }
        try {
            runtime.ensureImage(image, mode == Mode.CONTAINER ? pull : ContainerRuntime.PullPolicy.NEVER, line -> { });
            return null;
        } catch (RuntimeFailure failure) {
            return mode == Mode.CONTAINER ? failure.reason()
                    : "its image " + image + " is not on this machine (--firelens container pulls it)";
        }
    }

    private static ForwardReceiver receiver(String host, Function<ForwardRecord, LocalRouting.Routed> route, RunConsole console)
            throws IOException {
        return new ForwardReceiver(new InetSocketAddress(host, 0), record -> {
            LocalRouting.Routed routed = route.apply(record);
            if (routed != null) {
                console.firelens(routed);
            }
        }, console::say);
    }

    /** Where containers reach the host; null, said once, when the daemon will not tell. */
    private static String bridgeGateway(ContainerRuntime runtime, RunConsole console) {
        try {
            return runtime.bridgeGateway();
        } catch (RuntimeFailure failure) {
            console.say("  FireLens: cannot find Docker's bridge gateway (" + failure.getMessage()
                    + "); containers cannot reach ecs-local");
            return null;
        }
    }

    /**
     * The stand-in's receiver where the task's containers reach the host (Docker's bridge gateway), for programs that
     * send to FLUENT_HOST themselves. Only there, not on every interface. Null when this machine does not have
     * that address (a daemon in a VM): then FLUENT_HOST is not given, and the run says so.
     */
    private static ForwardReceiver taskSide(String gateway, LocalRouting routing, RunConsole console) {
        try {
            return receiver(gateway, record -> routing.route(record).orElse(null), console);
        } catch (IOException notHere) {
            console.say("  FireLens: containers cannot reach the stand-in (" + gateway + " is not an address of this machine: "
                    + notHere.getMessage() + "); FLUENT_HOST and FLUENT_PORT are not set");
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        closeAll(receivers);
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

    /** The user asked for something this machine cannot do: a usage error, before anything was created. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }
}
