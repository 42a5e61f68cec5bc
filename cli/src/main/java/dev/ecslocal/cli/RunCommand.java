package dev.ecslocal.cli;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.DockerJavaRuntime;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.engine.ContainerLog;
import dev.ecslocal.simulator.engine.ContainerSpecs;
import dev.ecslocal.simulator.engine.Durations;
import dev.ecslocal.simulator.engine.Fault;
import dev.ecslocal.simulator.engine.FaultInjector;
import dev.ecslocal.simulator.engine.FirelensSetup;
import dev.ecslocal.simulator.engine.LocalTasks;
import dev.ecslocal.simulator.engine.LogRoute;
import dev.ecslocal.simulator.engine.SystemScheduler;
import dev.ecslocal.simulator.engine.TaskEngine;
import dev.ecslocal.simulator.engine.TaskEvent;
import dev.ecslocal.simulator.engine.TaskListener;
import dev.ecslocal.simulator.engine.RedactingListener;
import dev.ecslocal.simulator.engine.TaskInputs;
import dev.ecslocal.simulator.engine.TaskPlatform;
import dev.ecslocal.simulator.platform.Redaction;
import dev.ecslocal.simulator.platform.CredentialsSource;
import dev.ecslocal.simulator.metadata.TaskMetadata;
import dev.ecslocal.simulator.platform.SecretStore;
import dev.ecslocal.simulator.engine.TaskOutcome;
import dev.ecslocal.simulator.engine.TaskVolume;
import dev.ecslocal.simulator.engine.TaskVolumes;
import dev.ecslocal.simulator.firelens.FirelensConfig;
import dev.ecslocal.simulator.firelens.LocalRouting;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.plan.DependencyGraph;
import dev.ecslocal.simulator.plan.Node;
import dev.ecslocal.simulator.report.EventJson;
import dev.ecslocal.simulator.report.TaskReport;
import dev.ecslocal.simulator.report.Timeline;
import dev.ecslocal.simulator.report.TimelineHtml;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the task on the local Docker daemon as ECS would: containers start in dependsOn order "
                + "(START, COMPLETE, SUCCESS, HEALTHY), an essential container's exit stops the task, shutdown runs in "
                + "reverse dependency order with each stopTimeout. Shows every container's lines and every state change, "
                + "then the task's stopCode and stoppedReason; removes everything it created.",
                "",
                "Ctrl-C stops the task as ECS's StopTask does; a second Ctrl-C kills every container at once."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the task stopped because an essential container exited 0",
                "1:the task failed: an essential container exited non-zero, or the task could not start",
                "2:usage error, or the file cannot be read",
                "3:invalid task definition (nothing was started)",
                "4:Docker is not reachable",
                "130:interrupted (Ctrl-C, SIGTERM)"})
final class RunCommand implements java.util.concurrent.Callable<Integer> {
    @Mixin
    TaskDefinitionOptions options;

    @Mixin
    PlatformOptions platformOptions;

    @Option(names = "--pull", paramLabel = "POLICY", defaultValue = "missing",
            description = "When to pull images: always, missing (default: only images not here), never.")
    ContainerRuntime.PullPolicy pull;

    @Option(names = "--pause-image", paramLabel = "IMAGE", defaultValue = "${env:ECS_LOCAL_PAUSE_IMAGE:-"
            + ContainerSpecs.DEFAULT_PAUSE_IMAGE + "}",
            description = "Image that holds the task's network namespace (awsvpc) and pid/ipc namespaces: any image that "
                    + "runs until stopped. Default: $ECS_LOCAL_PAUSE_IMAGE, else ${DEFAULT-VALUE} (built offline by scripts/setup.sh).")
    String pauseImage;

    @Option(names = "--publish-address", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Host address that published ports listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String publishAddress;

    @Option(names = "--task-start-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop the task as a failed start if it is not RUNNING by then (e.g. 90s, 5m). ECS itself waits "
                    + "for ever on an UNHEALTHY dependency without startTimeout.")
    Duration taskStartTimeout;

    @Option(names = "--events", paramLabel = "FILE",
            description = "Write every event as JSON Lines: {\"t\": ms, \"kind\", \"container\", \"status\", \"health\", "
                    + "\"exitCode\", \"reason\", \"stopCode\"}.")
    Path eventsFile;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write the stopped task as one Task of `aws ecs describe-tasks` (JSON).")
    Path reportFile;

    @Option(names = "--timeline", paramLabel = "FILE.html",
            description = "Write the run's timeline as a self-contained HTML page: one lane per container, its phases as "
                    + "coloured bars (hover for times), arrows from each met dependency to the start it released, exits with "
                    + "their codes. `ecs-local timeline EVENTS.jsonl` draws one from a saved --events file.")
    Path timelineFile;

    @Option(names = "--exit-code-from", paramLabel = "NAME",
            description = "Exit with this container's exit code (1 if it never ran) instead of the task's outcome.")
    String exitCodeFrom;

    @Option(names = "--firelens", paramLabel = "MODE", defaultValue = "auto",
            description = "Who does the FireLens log router's work: container (the router's own image, with the configuration "
                    + "ECS would generate mounted where ECS mounts it), embedded (ecs-local's in-process stand-in; the router's "
                    + "place in the start and stop order is kept), auto (default: container when its image is on this machine "
                    + "and the daemon shares its files, else embedded). The run says which, and why.")
    FirelensRun.Mode firelensMode;

    @Option(names = "--firelens-outputs", paramLabel = "WHERE", defaultValue = "local",
            description = "With the router container: local (default) replaces every output that would send records off this "
                    + "machine (cloudwatch, firehose, datadog, …) by one that shows them here as `app → datadog | {record}`; "
                    + "real keeps the task definition's outputs (they need the network and credentials).")
    FirelensRun.Outputs firelensOutputs;

    @Option(names = "--firelens-s3-file", paramLabel = "ARN=PATH",
            description = "A local copy of the router's config-file-type s3 object: arn:aws:s3:::bucket/key=./extra.conf. Without "
                    + "it such a task fails to start, as ECS's does when the download fails.")
    Map<String, Path> firelensS3Files = new LinkedHashMap<>();

    @Option(names = "--kill", paramLabel = "NAME@WHEN[:SIGNAL]",
            description = "Inject a crash: signal the container (default SIGKILL) at WHEN: 5s (after the task started), "
                    + "running+2s or healthy+5s (after it became RUNNING or HEALTHY), e.g. --kill envoy@healthy+5s. "
                    + "Repeatable; what follows is ECS's (an essential container's exit stops the task).")
    List<String> kills = new ArrayList<>();

    @Option(names = "--stop", paramLabel = "NAME@WHEN",
            description = "Inject a graceful `docker stop` of the container at WHEN (its stop signal, SIGKILL after its "
                    + "stopTimeout). Repeatable.")
    List<String> stops = new ArrayList<>();

    @Option(names = "--pause", paramLabel = "'NAME@WHEN[ for DURATION]'",
            description = "Freeze the container at WHEN (docker pause: every process stops, sockets stay open), for "
                    + "DURATION or until the task stops: a hung sidecar, e.g. --pause 'log-router@running+2s for 10s'. "
                    + "Repeatable.")
    List<String> pauses = new ArrayList<>();

    @Option(names = "--fail-health", paramLabel = "NAME@WHEN",
            description = "Make the container's health checks fail from WHEN on, without touching its image: it is created "
                    + "with its own check behind a switch (a file in its /tmp; the check needs /bin/sh), which ecs-local turns "
                    + "on at WHEN; Docker's probes then fail and, after its retries, it is UNHEALTHY. Repeatable.")
    List<String> failHealths = new ArrayList<>();

    private List<Fault> faults = List.of();

    @Option(names = "--keep", description = "Leave the containers and volumes in place at the end (`ecs-local down` removes them).")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        TaskDefinitionCheck.Result result = options.check();
        if (!result.isValid()) {
            return options.reportInvalid(result);
        }
        TaskDefinition task = result.taskDefinition();
        int revision = result.source().revision();
        if (exitCodeFrom != null && task.container(exitCodeFrom).isEmpty()) {
            throw new CommandLine.ParameterException(options.command.commandLine(), "--exit-code-from " + exitCodeFrom
                    + ": no container of that name. Containers: " + String.join(", ",
                    task.containerDefinitions().stream().map(ContainerDefinition::name).toList()));
        }
        UnwritableFile.check("--events", eventsFile);
        UnwritableFile.check("--report", reportFile);
        UnwritableFile.check("--timeline", timelineFile);
        ProblemText problems = options.problemText(result);
        options.err().print(problems.warnings(result.warnings()));
        options.err().flush();

        // What the router's configuration would refuse is refused here, before Docker is asked anything.
        String taskId = UUID.randomUUID().toString().replace("-", "");
        String taskArn = ContainerSpecs.taskArn(taskId);
        Optional<FirelensConfig> firelens = FirelensConfig.of(task, revision, ContainerSpecs.CLUSTER, taskArn);
        LocalRouting routing;
        try {
            routing = firelens.isPresent() ? LocalRouting.of(task, revision, ContainerSpecs.CLUSTER, taskArn) : null;
        } catch (IllegalArgumentException refused) {
            options.err().println("ecs-local: " + options.file + ": " + refused.getMessage() + ".\nNothing was started.");
            options.err().flush();
            return ExitCodes.INVALID_TASK_DEFINITION;
        }
        checkS3Copies(task);
        faults = faults(task);
        SecretStore secrets = platformOptions.secrets();
        TaskInputs inputs = new TaskInputs(task, secrets, platformOptions.environmentFiles(task));
        Path home = Path.of(System.getProperty("user.home"));
        String region = platformOptions.region(System.getenv(), home);
        CredentialsSource credentials = platformOptions.credentials(System.getenv(), home);
        CredentialsSource.Keys keys = credentials.keys().keys();
        // The secret key and token are masked as secrets are, should a container print what it was given.
        Redaction redaction = Redaction.of(secrets.values()).and(keys == null ? List.of()
                : java.util.stream.Stream.of(keys.secretAccessKey(), keys.sessionToken()).filter(java.util.Objects::nonNull).toList());
        DockerJavaRuntime runtime = Docker.connect(options.err());
        if (runtime == null) {
            return ExitCodes.DOCKER_UNAVAILABLE;
        }
        // In JSON mode stdout carries the report alone; the live view goes to stderr.
        PrintWriter live = options.json() ? options.err() : options.out();
        DependencyGraph graph = DependencyGraph.of(task);
        List<String> nodes = graph.nodes().stream().map(Node::name).toList();
        RunConsole console = new RunConsole(live, problems.style(), nodes, taskStartTimeout != null, pauseImage, redaction);
        if (graph.nodes().stream().anyMatch(Node::isInternal) && !pauseImageReady(runtime, console)) {
            return ExitCodes.TASK_FAILED;
        }

        FirelensRun.Choice firelensChoice;
        try {
            firelensChoice = routing == null ? null : FirelensRun.choose(task, taskId, firelensMode, runtime, pull);
        } catch (FirelensRun.Refused refused) {
            options.err().println("ecs-local: " + refused.getMessage() + "\nNothing was started.");
            options.err().flush();
            return ExitCodes.USAGE;
        }
        console.say(problems.style().bold("ecs-local: running " + task.family() + ":" + revision + " as task " + taskId)
                + " (networkMode " + task.effectiveNetworkMode().ecsName() + ", " + runtime.description() + ")");
        FirelensRun firelensRun = routing == null ? null : FirelensRun.start(firelensChoice, task, revision, taskId, routing,
                firelensOutputs, firelensS3Files, runtime, console);
        MetadataRun metadataRun = MetadataRun.start(task, revision, taskId, runtime, credentials, console);
        try (FirelensRun ignored = firelensRun; MetadataRun alsoIgnored = metadataRun) {
            FirelensSetup firelensSetup = firelensRun == null ? null : firelensRun.setup();
            List<TaskVolume> volumes = TaskVolumes.of(task, revision, taskId);
            ContainerSpecs specs = new ContainerSpecs(task, revision, taskId, pauseImage, publishAddress, volumes,
                    LocalTasks.runLabels(ProcessHandle.current().pid(), hostname()), firelensSetup,
                    new TaskPlatform(inputs, metadataRun == null ? container -> Map.of() : metadataRun::environment, region));
            for (ContainerDefinition container : task.containerDefinitions()) {
                String notice = LogRoute.of(container, taskId, firelensSetup == null ? null : firelensSetup.driverAddress()).notice();
                if (notice != null) {
                    console.say("  " + container.name() + ": " + notice);
                }
            }
            return run(task, revision, taskId, graph, volumes, specs, runtime, console, firelensRun, redaction,
                    metadataRun == null ? null : metadataRun.metadata);
        }
    }

    /** The injected faults, each naming a container of the task, and HEALTHY only for one with a health check. */
    private List<Fault> faults(TaskDefinition task) {
        List<Fault> parsed = new ArrayList<>();
        Map<Fault.Kind, List<String>> given = Map.of(Fault.Kind.KILL, kills, Fault.Kind.STOP, stops, Fault.Kind.PAUSE, pauses,
                Fault.Kind.FAIL_HEALTH, failHealths);
        for (Fault.Kind kind : Fault.Kind.values()) {
            for (String text : given.get(kind)) {
                Fault fault;
                try {
                    fault = Fault.parse(kind, text);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(options.command.commandLine(), e.getMessage());
                }
                Optional<ContainerDefinition> container = task.container(fault.container());
                if (container.isEmpty()) {
                    throw new CommandLine.ParameterException(options.command.commandLine(), kind.option() + " " + text
                            + ": no container " + fault.container() + ". Containers: " + String.join(", ",
                            task.containerDefinitions().stream().map(ContainerDefinition::name).toList()));
                }
                if (kind == Fault.Kind.FAIL_HEALTH && container.get().healthCheck() == null) {
                    throw new CommandLine.ParameterException(options.command.commandLine(), kind.option() + " " + text + ": "
                            + fault.container() + " has no healthCheck to fail");
                }
                if (fault.anchor() == Fault.Anchor.HEALTHY && container.get().healthCheck() == null) {
                    throw new CommandLine.ParameterException(options.command.commandLine(), kind.option() + " " + text + ": "
                            + fault.container() + " has no healthCheck, so it never becomes HEALTHY; use running+DURATION");
                }
                parsed.add(fault);
            }
        }
        return parsed;
    }

    /** Each --firelens-s3-file names the object the router reads, and a file that can be read. */
    private void checkS3Copies(TaskDefinition task) {
        String s3Arn = FirelensConfig.s3ConfigArn(task).orElse(null);
        firelensS3Files.forEach((arn, path) -> {
            if (!arn.equals(s3Arn)) {
                throw new CommandLine.ParameterException(options.command.commandLine(), "--firelens-s3-file " + arn + ": the task's "
                        + "router reads no such object " + (s3Arn == null ? "(its firelensConfiguration has no config-file-type s3)"
                        : "(it reads " + s3Arn + ")"));
            }
            if (!Files.isReadable(path) || Files.isDirectory(path)) {
                throw new CommandLine.ParameterException(options.command.commandLine(), "--firelens-s3-file " + arn + "=" + path
                        + ": cannot read " + path.toAbsolutePath() + (Files.exists(path) ? "" : " (no such file)"));
            }
        });
    }

    private Integer run(TaskDefinition task, int revision, String taskId, DependencyGraph graph, List<TaskVolume> volumes,
                        ContainerSpecs specs, ContainerRuntime runtime, RunConsole console, FirelensRun firelens,
                        Redaction redaction, TaskMetadata metadata) throws Exception {
        List<TaskEvent> recorded = Collections.synchronizedList(new ArrayList<>());
        EventsFile events;
        try {
            events = eventsFile == null ? null : new EventsFile(eventsFile);
        } catch (IOException e) {
            throw UnwritableFile.of("--events", eventsFile, e);
        }
        // Secret values are masked before anything shows or keeps an event or a line.
        TaskListener listener = new RedactingListener(redaction, new TaskListener() {
            @Override
            public void event(TaskEvent event) {
                recorded.add(event);
                if (metadata != null) {
                    metadata.event(event);
                }
                console.event(event);
                if (firelens != null) {
                    firelens.event(event);
                }
                if (events != null) {
                    events.event(event);
                }
            }

            @Override
            public void log(ContainerLog line) {
                console.log(line);
            }
        });
        ExecutorService loop = Executors.newSingleThreadExecutor(daemonThreads("ecs-local-engine"));
        ExecutorService workers = Executors.newCachedThreadPool(daemonThreads("ecs-local-docker"));
        try (SystemScheduler scheduler = new SystemScheduler()) {
            FaultInjector injector = faults.isEmpty() ? null
                    : new FaultInjector(faults, runtime, task, scheduler, workers, listener);
            TaskEngine engine = new TaskEngine(graph, volumes, runtime, injector == null ? specs : injector.specs(specs),
                    new TaskEngine.Options(taskId, pull, taskStartTimeout, keep), loop, workers, scheduler,
                    injector == null ? listener : injector);
            Instant startedAt = Instant.now();
            new Interrupts().install(engine, taskId, console::say);
            TaskOutcome outcome;
            try {
                outcome = engine.start().get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeFailure failure) {
                    options.err().println("ecs-local: " + failure.getMessage());
                    return ExitCodes.DOCKER_UNAVAILABLE;
                }
                throw e;
            }
            int exitCode = exitCode(outcome);
            Timeline timeline = Timeline.of(recorded.stream().map(EventJson::of).toList());
            console.summary(outcome, taskId, exitCode, timeline);
            if (timelineFile != null) {
                try {
                    Files.writeString(timelineFile, TimelineHtml.render(timeline, task.family() + ":" + revision + " (task "
                            + taskId + ")"), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw UnwritableFile.of("--timeline", timelineFile, e);
                }
            }
            TaskReport report = TaskReport.of(task, revision, taskId, startedAt, List.copyOf(recorded), outcome, exitCode);
            if (reportFile != null) {
                try {
                    Files.writeString(reportFile, JsonOutput.document(report), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw UnwritableFile.of("--report", reportFile, e);
                }
            }
            if (options.json()) {
                JsonOutput.write(options.out(), report);
            }
            return exitCode;
        } finally {
            if (events != null) {
                events.close();
            }
            loop.shutdownNow();
            workers.shutdownNow();
        }
    }

    /**
     * The namespace holder is checked before anything is created: without it nothing can start, and the default
     * one is in no registry, so pulling it would only fail slowly.
     */
    private boolean pauseImageReady(ContainerRuntime runtime, RunConsole console) {
        ContainerRuntime.PullPolicy policy = ContainerSpecs.DEFAULT_PAUSE_IMAGE.equals(pauseImage)
                ? ContainerRuntime.PullPolicy.NEVER : pull;
        try {
            runtime.ensureImage(pauseImage, policy, console::say);
            return true;
        } catch (RuntimeFailure failure) {
            options.err().println("ecs-local: cannot run the task's pause container: " + failure.getMessage());
            options.err().println(Hints.pauseImageHint(pauseImage));
            options.err().println("Nothing was started.");
            options.err().flush();
            return false;
        }
    }

    private int exitCode(TaskOutcome outcome) {
        if (exitCodeFrom == null || outcome.stopCode() == dev.ecslocal.simulator.engine.StopCode.UserInitiated) {
            return outcome.exitCode();
        }
        Integer code = outcome.container(exitCodeFrom).map(TaskOutcome.ContainerOutcome::exitCode).orElse(null);
        return code == null ? ExitCodes.TASK_FAILED : code;
    }

    /** This machine's name, for the label that tells `ps` whether the process running a task is still alive. */
    static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException notLinux) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException unknown) {
                return "unknown";
            }
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** {@link Durations}; a zero timeout is refused: it would stop every task at once. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration duration;
            try {
                duration = Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
            if (duration.isZero()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: write 90s, 5m or 1h30m");
            }
            return duration;
        }
    }
}
