package dev.ecslocal.cli;

import dev.ecslocal.simulator.api.Daemon;
import dev.ecslocal.simulator.api.DockerUnavailableException;
import dev.ecslocal.simulator.api.EcsLocal;
import dev.ecslocal.simulator.api.FirelensMode;
import dev.ecslocal.simulator.api.FirelensOutputs;
import dev.ecslocal.simulator.api.PreparedRun;
import dev.ecslocal.simulator.api.PullPolicy;
import dev.ecslocal.simulator.api.RunOptions;
import dev.ecslocal.simulator.api.RunRefusedException;
import dev.ecslocal.simulator.api.RunningTask;
import dev.ecslocal.simulator.api.TaskDefinitionFile;
import dev.ecslocal.simulator.event.ContainerLog;
import dev.ecslocal.simulator.event.RoutedRecord;
import dev.ecslocal.simulator.event.StopCode;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskListener;
import dev.ecslocal.simulator.event.TaskOutcome;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.plan.DependencyGraph;
import dev.ecslocal.simulator.plan.Node;
import dev.ecslocal.simulator.model.Durations;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    PullPolicy pull;

    @Option(names = "--pause-image", paramLabel = "IMAGE", defaultValue = "${env:ECS_LOCAL_PAUSE_IMAGE:-"
            + RunOptions.DEFAULT_PAUSE_IMAGE + "}",
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
    FirelensMode firelensMode;

    @Option(names = "--firelens-outputs", paramLabel = "WHERE", defaultValue = "local",
            description = "With the router container: local (default) replaces every output that would send records off this "
                    + "machine (cloudwatch, firehose, datadog, …) by one that shows them here as `app → datadog | {record}`; "
                    + "real keeps the task definition's outputs (they need the network and credentials).")
    FirelensOutputs firelensOutputs;

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

    @Option(names = "--keep", description = "Leave the containers and volumes in place at the end (`ecs-local down` removes them).")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        TaskDefinitionCheck.Result result = options.check();
        if (!result.isValid()) {
            return options.reportInvalid(result);
        }
        TaskDefinition task = result.taskDefinition();
        if (exitCodeFrom != null && task.container(exitCodeFrom).isEmpty()) {
            throw usage("--exit-code-from " + exitCodeFrom + ": no container of that name. Containers: " + String.join(", ",
                    task.containerDefinitions().stream().map(ContainerDefinition::name).toList()));
        }
        UnwritableFile.check("--events", eventsFile);
        UnwritableFile.check("--report", reportFile);
        UnwritableFile.check("--timeline", timelineFile);
        ProblemText problems = options.problemText(result);
        options.err().print(problems.warnings(result.warnings()));
        options.err().flush();
        TaskDefinitionFile file = EcsLocal.of(result, options.file);
        PreparedRun prepared;
        try {
            prepared = EcsLocal.prepare(file, runOptions());
        } catch (RunRefusedException refused) {
            return refused(refused);
        }
        Daemon daemon;
        try {
            daemon = Daemon.connect();
        } catch (DockerUnavailableException e) {
            return dockerUnavailable(e);
        }
        // In JSON mode stdout carries the report alone; the live view goes to stderr.
        PrintWriter live = options.json() ? options.err() : options.out();
        List<String> nodes = DependencyGraph.of(task).nodes().stream().map(Node::name).toList();
        RunConsole console = new RunConsole(live, problems.style(), nodes, taskStartTimeout != null, pauseImage);
        try (EventsFile events = eventsFile == null ? null : EventsFile.open(eventsFile)) {
            RunningTask running;
            try {
                running = prepared.start(daemon, events == null ? console : both(console, events));
            } catch (RunRefusedException refused) {
                return refused(refused);
            } catch (DockerUnavailableException e) {
                return dockerUnavailable(e);
            }
            new Interrupts().install(running, prepared.identity().taskId(), console::say);
            TaskOutcome outcome;
            try {
                outcome = running.awaitOutcome(Duration.ofDays(365));
            } catch (DockerUnavailableException e) {
                return dockerUnavailable(e);
            }
            return finish(file, running, outcome, console);
        }
    }

    /** The flags, as the library's options. */
    private RunOptions runOptions() {
        RunOptions run = platformOptions.apply(RunOptions.defaults())
                .withFirelens(firelensMode).withFirelensOutputs(firelensOutputs)
                .withPull(pull).withPauseImage(pauseImage).withPublishAddress(publishAddress)
                .withKeep(keep).withTaskStartTimeout(taskStartTimeout);
        for (Map.Entry<String, Path> copy : firelensS3Files.entrySet()) {
            run = run.withFirelensS3File(copy.getKey(), copy.getValue());
        }
        Map<RunOptions.FaultSpec.Kind, List<String>> faults = new LinkedHashMap<>();
        faults.put(RunOptions.FaultSpec.Kind.KILL, kills);
        faults.put(RunOptions.FaultSpec.Kind.STOP, stops);
        faults.put(RunOptions.FaultSpec.Kind.PAUSE, pauses);
        faults.put(RunOptions.FaultSpec.Kind.FAIL_HEALTH, failHealths);
        for (Map.Entry<RunOptions.FaultSpec.Kind, List<String>> kind : faults.entrySet()) {
            for (String text : kind.getValue()) {
                run = run.withFault(new RunOptions.FaultSpec(kind.getKey(), text));
            }
        }
        return run;
    }

    /** The summary, the timeline and report files, the JSON report; the exit code. */
    private int finish(TaskDefinitionFile file, RunningTask running, TaskOutcome outcome, RunConsole console) throws IOException {
        int exitCode = exitCode(outcome);
        List<TaskEvent> recorded = running.events();
        Timeline timeline = Timeline.of(recorded.stream().filter(e -> !(e instanceof TaskEvent.Noticed)).map(EventJson::of).toList());
        console.summary(outcome, running.identity().taskId(), exitCode, timeline);
        if (timelineFile != null) {
            write("--timeline", timelineFile, TimelineHtml.render(timeline, running.identity().taskDefinition() + " (task "
                    + running.identity().taskId() + ")"));
        }
        TaskReport report = TaskReport.of(file.definition(), running.identity(), running.startedAt(), recorded, outcome, exitCode);
        if (reportFile != null) {
            write("--report", reportFile, JsonOutput.document(report));
        }
        if (options.json()) {
            JsonOutput.write(options.out(), report);
        }
        return exitCode;
    }

    private static void write(String option, Path file, String content) throws UnwritableFile {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw UnwritableFile.of(option, file, e);
        }
    }

    /** What the library would not do, in its words: a usage error, an invalid task, or a task that cannot start. */
    private int refused(RunRefusedException refused) {
        switch (refused.kind()) {
            case USAGE -> {
                if (refused.getMessage().startsWith("--firelens container")) {
                    say("ecs-local: " + refused.getMessage() + "\nNothing was started.");
                    return ExitCodes.USAGE;
                }
                throw usage(refused.getMessage());
            }
            case INVALID_TASK_DEFINITION -> {
                say("ecs-local: " + options.file + ": " + refused.getMessage() + ".\nNothing was started.");
                return ExitCodes.INVALID_TASK_DEFINITION;
            }
            default -> {
                say("ecs-local: " + refused.getMessage() + "\nNothing was started.");
                return ExitCodes.TASK_FAILED;
            }
        }
    }

    private int dockerUnavailable(DockerUnavailableException e) {
        say("ecs-local: " + e.getMessage());
        return ExitCodes.DOCKER_UNAVAILABLE;
    }

    private void say(String text) {
        options.err().println(text);
        options.err().flush();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(options.command.commandLine(), message);
    }

    private int exitCode(TaskOutcome outcome) {
        if (exitCodeFrom == null || outcome.stopCode() == StopCode.UserInitiated) {
            return outcome.exitCode();
        }
        Integer code = outcome.container(exitCodeFrom).map(TaskOutcome.ContainerOutcome::exitCode).orElse(null);
        return code == null ? ExitCodes.TASK_FAILED : code;
    }

    private static TaskListener both(TaskListener first, TaskListener second) {
        return new TaskListener() {
            @Override
            public void event(TaskEvent event) {
                first.event(event);
                second.event(event);
            }

            @Override
            public void log(ContainerLog line) {
                first.log(line);
            }

            @Override
            public void routed(RoutedRecord record) {
                first.routed(record);
            }
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
