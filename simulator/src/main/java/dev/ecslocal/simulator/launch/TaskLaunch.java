package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.api.DockerUnavailableException;
import dev.ecslocal.simulator.api.PreparedRun;
import dev.ecslocal.simulator.api.RunOptions;
import dev.ecslocal.simulator.api.RunRefusedException;
import dev.ecslocal.simulator.api.RunningTask;
import dev.ecslocal.simulator.api.TaskDefinitionFile;
import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.agent.ContainerSpecs;
import dev.ecslocal.simulator.fault.Fault;
import dev.ecslocal.simulator.fault.FaultInjector;
import dev.ecslocal.simulator.agent.FirelensSetup;
import dev.ecslocal.simulator.agent.LogRoute;
import dev.ecslocal.simulator.platform.RedactingListener;
import dev.ecslocal.simulator.engine.SpecFactory;
import dev.ecslocal.simulator.engine.TaskEngine;
import dev.ecslocal.simulator.agent.TaskInputs;
import dev.ecslocal.simulator.agent.TaskPlatform;
import dev.ecslocal.simulator.engine.TaskVolume;
import dev.ecslocal.simulator.agent.TaskVolumes;
import dev.ecslocal.simulator.event.ContainerLog;
import dev.ecslocal.simulator.event.Notice;
import dev.ecslocal.simulator.event.RoutedRecord;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskListener;
import dev.ecslocal.simulator.event.TaskView;
import dev.ecslocal.simulator.firelens.FirelensConfig;
import dev.ecslocal.simulator.firelens.LocalRouting;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.plan.DependencyGraph;
import dev.ecslocal.simulator.plan.Node;
import dev.ecslocal.simulator.platform.CredentialsSource;
import dev.ecslocal.simulator.platform.EnvironmentFileSource;
import dev.ecslocal.simulator.platform.SecretMask;
import dev.ecslocal.simulator.platform.TaskSecrets;
import dev.ecslocal.simulator.api.AccountInput;
import dev.ecslocal.simulator.aws.AccountObjects;
import dev.ecslocal.simulator.aws.AccountSecrets;
import dev.ecslocal.simulator.platform.SecretStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * How a run is put together, in one place: what `ecs-local run`, the Java API, the JUnit extension, the integration
 * tests and the benchmarks all call.
 *
 * <ol>
 *   <li>{@link #prepare}: the options checked against the task, before Docker is asked anything: the images given
 *   in place of the task definition's, FireLens's configuration (what ECS would refuse), the S3 copies, the faults,
 *   the secrets and environment files, the region, the task role's credentials, and the template placeholders a run
 *   cannot start with ({@link Placeholders}). A bad option is a {@link RunRefusedException} that names it.</li>
 *   <li>{@link #start}: the task role is assumed, if asked ({@link TaskRoleSession}); the daemon can do what the task asks ({@link PodmanGaps}); the pause image is here; who does FireLens's work (said, with why); the run announces itself;
 *   the FireLens receivers and the metadata endpoint start; the volumes, specs and engine are made, and the engine
 *   starts the containers. Each set-up decision reaches the listener as a {@link Notice}.</li>
 *   <li>The run ends when the engine's outcome completes: the receivers, the endpoint and the threads go then.</li>
 * </ol>
 */
public final class TaskLaunch implements PreparedRun {
    private final TaskDefinition task;
    private final RunIdentity run;
    private final RunOptions options;
    private final LocalRouting routing;
    private final List<Fault> faults;
    private final SecretStore secrets;
    private final EnvironmentFileSource environmentFiles;
    private final String region;
    private final CredentialsSource credentials;
    /** With --task-role-credentials assume: the task role's keys, assumed when the run starts, before anything is made. */
    private volatile TaskRoleSession roleSession;
    private final SecretMask mask;
    /** The user's AWS account, connected only if something the run was asked for needs it. */
    private final AwsAccess aws;
    /** Container name to what --image changed, said when the run starts. */
    private final Map<String, String> replacedImages;
    private boolean started;

    /** {@code arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3} → {@code eu-west-1}; null without one. */
    static String registeredRegion(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        return parts.length == 6 && parts[0].equals("arn") && !parts[3].isBlank() ? parts[3] : null;
    }

    private TaskLaunch(TaskDefinitionFile file, RunOptions options) throws RunRefusedException {
        String windows = dev.ecslocal.simulator.model.WindowsTask.why(file.definition());
        if (windows != null) {
            throw new RunRefusedException(RunRefusedException.Kind.CANNOT_START, "this is a Windows task definition (" + windows
                    + "): its containers need a Windows Docker daemon, which ecs-local does not run. `ecs-local validate` and "
                    + "`ecs-local plan` read it as ECS would");
        }
        // The images run in place of the task definition's: every later step (specs, metadata, report) sees them.
        this.task = Placeholders.withImages(file.definition(), options.images());
        this.replacedImages = Placeholders.replaced(file.definition(), task);
        this.region = region(options, file.registeredArn());
        this.run = RunIdentity.newRun(task.family(), file.revision(), region, task.requiresFargate(), file.registeredArn());
        this.options = options;
        this.aws = new AwsAccess(options.awsAccount());
        this.routing = routing(task, run);
        checkS3Copies(task, options.firelensS3Files());
        this.faults = Faults.of(task, options.faults());
        this.secrets = PlatformInputs.secrets(options);
        this.environmentFiles = PlatformInputs.environmentFiles(task, options);
        this.credentials = PlatformInputs.credentials(options, task, run, () -> roleSession.keys());
        Placeholders.check(task, secrets, environmentFiles);
        // An assumed role's keys are masked by its session as STS gives them; the others are known now.
        CredentialsSource.Keys keys = credentials instanceof CredentialsSource.Assumed ? null : credentials.keys().keys();
        // The secret key and token are masked as secrets are, should a container print what it was given.
        this.mask = new SecretMask(Stream.concat(secrets.values().stream(), keys == null ? Stream.of()
                : Stream.of(keys.secretAccessKey(), keys.sessionToken()).filter(Objects::nonNull)).toList());
    }

    /** Checks the options against the task; asks Docker nothing. */
    /** The region a run with these options is in: theirs, else the user's AWS settings as the AWS CLI reads them, else us-east-1. */
    public static String region(RunOptions options) {
        return PlatformInputs.region(options);
    }

    /**
     * The region of a run of a task definition: the run's own ({@code --region}), else the one the definition was
     * registered in (its ARN, from describe-task-definition output or ECS), as ECS would run it there, else the user's
     * AWS settings. Every ARN of the run is in it.
     */
    public static String region(RunOptions options, String registeredArn) {
        String registered = registeredRegion(registeredArn);
        return options.region() == null && registered != null ? registered : PlatformInputs.region(options);
    }

    public static TaskLaunch prepare(TaskDefinitionFile file, RunOptions options) throws RunRefusedException {
        return new TaskLaunch(file, options);
    }

    @Override
    public RunIdentity identity() {
        return run;
    }

    @Override
    public RunningTask start(ContainerRuntime runtime, TaskListener listener) throws RunRefusedException, DockerUnavailableException {
        return start(runtime, listener, Clockwork.threads());
    }

    /** With the given threads and clock: unit tests run a whole run deterministically on the fake runtime. */
    public RunningTask start(ContainerRuntime runtime, TaskListener listener, Clockwork clockwork)
            throws RunRefusedException, DockerUnavailableException {
        if (started) {
            throw new IllegalStateException("a prepared run starts once: prepare another");
        }
        started = true;
        Instant startedAt = clockwork.scheduler().now();
        TaskRun.Recorder recorder = new TaskRun.Recorder();
        // Secret values are masked before anything shows or keeps an event, a line or a record.
        TaskListener masked = new RedactingListener(mask, recorder.and(listener));
        Voice voice = new Voice(masked, clockwork, startedAt);
        DependencyGraph graph = DependencyGraph.of(task);
        FirelensRun firelens = null;
        Endpoints endpoints = null;
        CompletableFuture<Endpoints> endpointsStarting = null;
        try {
            if (credentials instanceof CredentialsSource.Assumed role) {
                // First: a role the user cannot have refuses the run before Docker is asked anything.
                roleSession = TaskRoleSession.open(role, aws, region, mask, clockwork.scheduler()::now, voice::notice,
                        clockwork.workers());
            }
            PodmanGaps.check(task, runtime);
            if (graph.nodes().stream().anyMatch(Node::isInternal)) {
                pauseImageReady(runtime, voice);
            }
            DaemonPlace daemon = DaemonPlace.of(runtime);
            FirelensRun.Choice choice = routing == null ? null
                    : FirelensRun.choose(task, run, options.firelens(), runtime, pull(), daemon);
            voice.notice(new Notice.RunStarting(run, task.effectiveNetworkMode().ecsName(), runtime.description()));
            replacedImages.forEach((container, image) -> voice.notice(new Notice.Remark(Notice.Topic.IMAGES,
                    container + " runs " + image)));
            String elsewhere = daemon.elsewhere();
            if (elsewhere != null) {
                sayWhatADaemonElsewhereChanges(elsewhere, daemon.tcpHost(), voice);
            }
            AtomicReference<TaskEngine> engine = new AtomicReference<>();
            TaskView pending = TaskView.pending(graph.nodes().stream().map(Node::name).toList(),
                    graph.nodes().stream().filter(Node::isInternal).map(Node::name).toList());
            Supplier<TaskView> view = () -> engine.get() == null ? pending : engine.get().view();
            // The endpoints (the relay: a network, a container and an exec) and FireLens's receiver (its probe
            // container) need nothing of each other: made at once, on a worker and here. What the endpoints say waits
            // for FireLens's account, so that the run reads the same either way.
            HeldNotices endpointNotices = new HeldNotices(voice);
            endpointsStarting = CompletableFuture.supplyAsync(() -> Endpoints.start(task, run, runtime, credentials,
                    options.endpointAddress(), options.endpointPort(), view, endpointNotices), clockwork.workers());
            firelens = routing == null ? null : FirelensRun.start(choice, task, run, routing, options.firelensOutputs(),
                    new FirelensRun.S3Config(options.firelensS3Files(), options.fromAccount(AccountInput.FIRELENS_CONFIG)
                            ? new AccountObjects(aws::account, region) : null), runtime, daemon, view, voice);
            endpoints = joined(endpointsStarting);
            endpointNotices.release();
            FirelensSetup firelensSetup = firelens == null ? null : firelens.setup();
            List<TaskVolume> volumes = TaskVolumes.of(task, run);
            Endpoints served = endpoints;
            TaskInputs inputs = new TaskInputs(task, taskSecrets(), environmentFiles,
                    options.fromAccount(AccountInput.ENVIRONMENT_FILES) ? new AccountObjects(aws::account, region) : null, mask);
            if (routing != null) {
                // An output a secret log option names is known once the run has the secret, as the router's ${Name_1}.
                routing.outputsNamedBy(inputs::router);
            }
            ContainerSpecs specs = new ContainerSpecs(task, run, volumes,
                    new ContainerSpecs.Settings(options.pauseImage(), options.publishAddress(),
                            RunIdentity.ownerLabels(ProcessHandle.current().pid(), Hostname.local())),
                    firelensSetup, new TaskPlatform(inputs,
                    served == null ? container -> Map.of() : served::environment, region, served == null ? null : served.network(),
                    options.fromAccount(AccountInput.REGISTRY_TOKENS) ? new EcrTokens(aws, mask,
                            line -> voice.notice(new Notice.Remark(Notice.Topic.IMAGES, line))) : null));
            sayUnfetchedRepositoryCredentials(voice);
            for (ContainerDefinition container : task.containerDefinitions()) {
                String notice = LogRoute.of(container, run.taskId(), firelensSetup)
                        .notice();
                if (notice != null) {
                    voice.notice(new Notice.LogDestination(container.name(), notice));
                }
            }
            TaskListener toEveryone = firelens == null ? masked : firelens.listening(masked, view, runtime);
            engine.set(engine(graph, volumes, runtime, specs, new TaskEngine.Options(run.taskId(), pull(),
                    options.taskStartTimeout(), options.keep()), faults, task, clockwork, toEveryone));
            AutoCloseable resources = closeAll(firelens, endpoints, aws);
            return new TaskRun(run, task, startedAt, engine.get(), engine.get().start(startedAt), recorder, runtime, clockwork, resources);
        } catch (RunRefusedException | DockerUnavailableException | RuntimeException e) {
            if (endpoints == null && endpointsStarting != null) {
                endpoints = joinedQuietly(endpointsStarting);
            }
            closeQuietly(closeAll(firelens, endpoints, aws));
            clockwork.release().run();
            throw e;
        } catch (IOException e) {
            if (endpoints == null && endpointsStarting != null) {
                endpoints = joinedQuietly(endpointsStarting);
            }
            closeQuietly(closeAll(firelens, endpoints, aws));
            clockwork.release().run();
            throw new UncheckedIOException(e);
        }
    }

    /** The local store's values win per secret; the account is asked for the others when the run was told to. */
    private TaskSecrets taskSecrets() {
        return new TaskSecrets(secrets, options.fromAccount(AccountInput.SECRETS) ? new AccountSecrets(aws::account, region) : null);
    }

    /**
     * ECS pulls with a task's repositoryCredentials; a run given no secrets to look in cannot, and uses Docker's own
     * credentials for those images instead: said, since ECS would not.
     */
    private void sayUnfetchedRepositoryCredentials(Voice voice) {
        TaskSecrets secrets = taskSecrets();
        for (ContainerDefinition container : task.containerDefinitions()) {
            if (container.repositoryCredentials() != null
                    && !secrets.mayGiveRegistryCredentials(container.repositoryCredentials().credentialsParameter())) {
                voice.notice(new Notice.Remark(Notice.Topic.IMAGES, container.name() + ": its repositoryCredentials ("
                        + container.repositoryCredentials().credentialsParameter() + ") are not fetched without --secrets aws or a "
                        + "--secrets file that holds them; its image is pulled with Docker's own credentials"));
            }
        }
    }

    /**
     * The one wiring of an engine: with faults, a {@link FaultInjector} sits between the engine and the listener,
     * and wraps the specs (a failed health check needs its switch from the start).
     */
    public static TaskEngine engine(DependencyGraph graph, List<TaskVolume> volumes, ContainerRuntime runtime, SpecFactory specs,
                                    TaskEngine.Options options, List<Fault> faults, TaskDefinition task, Clockwork clockwork,
                                    TaskListener listener) {
        FaultInjector injector = faults.isEmpty() ? null
                : new FaultInjector(faults, runtime, task, clockwork.scheduler(), clockwork.workers(), listener);
        return new TaskEngine(graph, volumes, runtime, injector == null ? specs : injector.specs(specs), options, clockwork.loop(),
                clockwork.workers(), clockwork.scheduler(), injector == null ? listener : injector);
    }

    /**
     * A daemon in a VM or on another host reads bind mounts on its own machine, and publishes ports there: said with
     * the address the user can reach them at.
     *
     * @param tcpHost the other host ecs-local reaches the daemon on; null: a socket (this machine, or its VM)
     */
    private void sayWhatADaemonElsewhereChanges(String daemon, String tcpHost, Voice voice) {
        String address = options.publishAddress();
        boolean loopback = address.startsWith("127.") || address.equals("::1") || address.equals("localhost");
        String ports = tcpHost == null
                ? "ports are published in its VM, on its " + address + " (Docker Desktop, colima, OrbStack and Podman machine "
                        + "forward them to this machine's, so the addresses below work here)"
                : loopback ? "ports are published on " + tcpHost + "'s " + address + ", which only " + tcpHost + " reaches: "
                        + "use `ssh -L PORT:" + address + ":PORT " + tcpHost + "`, or give --publish-address 0.0.0.0 and use "
                        + tcpHost + ":PORT"
                : "ports are published on " + tcpHost + " (" + address + "): use " + tcpHost + ":PORT for the host ports below";
        voice.notice(new Notice.Remark(Notice.Topic.RUN, "the Docker daemon runs on " + daemon + ", not on this machine: "
                + "host.sourcePath volumes are read there, and " + ports));
        for (dev.ecslocal.simulator.model.Volume volume : task.volumes()) {
            if (volume.isBindMount()) {
                voice.notice(new Notice.Remark(Notice.Topic.RUN, "volume " + volume.name() + ": host.sourcePath "
                        + volume.host().sourcePath() + " is read on " + daemon + ", and is empty there unless that path is "
                        + "shared with it (Docker Desktop: Settings > Resources > File sharing; colima and Podman: their VM's mounts)"));
            }
        }
    }

    private ContainerRuntime.PullPolicy pull() {
        return ContainerRuntime.PullPolicy.valueOf(options.pull().name());
    }

    /**
     * The namespace holder is checked before anything is created: without it nothing can start, and the default
     * one is in no registry, so pulling it would only fail slowly.
     */
    private void pauseImageReady(ContainerRuntime runtime, Voice voice) throws RunRefusedException, DockerUnavailableException {
        String image = options.pauseImage();
        ContainerRuntime.PullPolicy policy = RunOptions.DEFAULT_PAUSE_IMAGE.equals(image) ? ContainerRuntime.PullPolicy.NEVER : pull();
        try {
            runtime.ensureImage(image, policy, line -> voice.notice(new Notice.Remark(Notice.Topic.IMAGES, line)));
        } catch (RuntimeFailure failure) {
            if (failure.kind() == RuntimeFailure.Kind.DAEMON_UNREACHABLE) {
                throw new DockerUnavailableException(failure.getMessage(), failure);
            }
            throw new RunRefusedException(RunRefusedException.Kind.CANNOT_START, "cannot run the task's pause container: "
                    + failure.getMessage() + "\n" + RunOptions.pauseImageHint(image));
        }
    }

    /** What the router's configuration would refuse, refused before Docker is asked anything; null without a router. */
    private static LocalRouting routing(TaskDefinition task, RunIdentity run) throws RunRefusedException {
        if (FirelensConfig.of(task, run.revision(), RunIdentity.CLUSTER, run.taskArn()).isEmpty()) {
            return null;
        }
        try {
            return LocalRouting.of(task, run.revision(), RunIdentity.CLUSTER, run.taskArn());
        } catch (IllegalArgumentException refused) {
            throw new RunRefusedException(RunRefusedException.Kind.INVALID_TASK_DEFINITION, refused.getMessage());
        }
    }

    /** Each local copy of an S3 object names the object the router reads, and a file that can be read. */
    private static void checkS3Copies(TaskDefinition task, Map<String, Path> copies) throws RunRefusedException {
        String s3Arn = FirelensConfig.s3ConfigArn(task).orElse(null);
        for (Map.Entry<String, Path> copy : copies.entrySet()) {
            String arn = copy.getKey();
            Path path = copy.getValue();
            if (!arn.equals(s3Arn)) {
                throw new RunRefusedException("--firelens-s3-file " + arn + ": the task's router reads no such object "
                        + (s3Arn == null ? "(its firelensConfiguration has no config-file-type s3)" : "(it reads " + s3Arn + ")"));
            }
            if (!Files.isReadable(path) || Files.isDirectory(path)) {
                throw new RunRefusedException("--firelens-s3-file " + arn + "=" + path + ": cannot read " + path.toAbsolutePath()
                        + (Files.exists(path) ? "" : " (no such file)"));
            }
        }
    }

    private static AutoCloseable closeAll(FirelensRun firelens, Endpoints endpoints, AwsAccess aws) {
        return () -> {
            if (firelens != null) {
                firelens.close();
            }
            if (endpoints != null) {
                endpoints.close();
            }
            aws.close(); // last: the endpoints may ask it for the task role's keys until they stop
        };
    }

    /** The endpoints once made; what failed their start fails this one. */
    private static Endpoints joined(CompletableFuture<Endpoints> starting) {
        try {
            return starting.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** The endpoints made while the start failed elsewhere, for closing; null if their start failed too. */
    private static Endpoints joinedQuietly(CompletableFuture<Endpoints> starting) {
        try {
            return starting.join();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Failing a start already: what could not be closed goes with the process.
        }
    }

    /** The run's set-up speaking: notices and FireLens records, to the masked listener, timed on the run's clock. */
    private static final class Voice implements FirelensRun.Voice {
        private final TaskListener listener;
        private final Clockwork clockwork;
        private final Instant startedAt;

        Voice(TaskListener listener, Clockwork clockwork, Instant startedAt) {
            this.listener = listener;
            this.clockwork = clockwork;
            this.startedAt = startedAt;
        }

        @Override
        public void notice(Notice notice) {
            listener.event(timed(notice));
        }

        TaskEvent.Noticed timed(Notice notice) {
            return new TaskEvent.Noticed(Duration.between(startedAt, clockwork.scheduler().now()), notice);
        }

        @Override
        public void routed(RoutedRecord record) {
            listener.routed(record);
        }
    }

    /**
     * Notices said on another thread while the set-up goes on here: kept, each with the time it was said, until
     * {@link #release}, then passed on as they come.
     */
    private static final class HeldNotices implements Consumer<Notice> {
        private final Voice voice;
        private List<TaskEvent.Noticed> held = new ArrayList<>();

        HeldNotices(Voice voice) {
            this.voice = voice;
        }

        @Override
        public synchronized void accept(Notice notice) {
            TaskEvent.Noticed timed = voice.timed(notice);
            if (held != null) {
                held.add(timed);
            } else {
                voice.listener.event(timed);
            }
        }

        synchronized void release() {
            held.forEach(voice.listener::event);
            held = null;
        }
    }
}
