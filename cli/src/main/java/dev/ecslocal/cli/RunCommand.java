package dev.ecslocal.cli;

import dev.ecslocal.simulator.api.Daemon;
import dev.ecslocal.simulator.api.DockerUnavailableException;
import dev.ecslocal.simulator.api.EcsLocal;
import dev.ecslocal.simulator.api.PreparedRun;
import dev.ecslocal.simulator.api.PullPolicy;
import dev.ecslocal.simulator.api.RunOptions;
import dev.ecslocal.simulator.api.RunRefusedException;
import dev.ecslocal.simulator.api.RunningTask;
import dev.ecslocal.simulator.api.TaskDefinitionFile;
import dev.ecslocal.simulator.event.StopCode;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskOutcome;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.plan.DependencyGraph;
import dev.ecslocal.simulator.plan.Node;
import dev.ecslocal.simulator.report.EventJson;
import dev.ecslocal.simulator.report.TaskReport;
import dev.ecslocal.simulator.report.Timeline;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
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
                "2:usage error: an unknown option, a bad option value, a missing argument (or a file given to an "
                        + "option that cannot be read or written)",
                "3:the task definition cannot be used: the file cannot be read, is not JSON or not a task definition, AWS "
                        + "does not give the registered one (--task-definition), "
                        + "or is invalid (nothing was started)",
                "4:Docker is not reachable",
                "130:interrupted (Ctrl-C, SIGTERM)"})
final class RunCommand implements java.util.concurrent.Callable<Integer> {
    @Mixin
    TaskDefinitionOptions options;

    @Mixin
    PlatformOptions platformOptions;

    @Mixin
    FirelensOptions firelens;

    @Mixin
    FaultOptions faults;

    @Mixin
    RunFiles files;

    @Option(names = "--pull", paramLabel = "POLICY", defaultValue = "missing",
            description = "When to pull images: always, missing (default: only images not here), never.")
    PullPolicy pull;

    @Option(names = "--image", paramLabel = "NAME=IMAGE",
            description = "Run IMAGE for the container NAME instead of the task definition's image: a local build for an "
                    + "ECR image (--image app=myapp:dev), or the image a placeholder such as <IMAGE1_NAME> stands for. "
                    + "Repeatable.")
    Map<String, String> images = new LinkedHashMap<>();

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

    @Option(names = "--exit-code-from", paramLabel = "NAME",
            description = "Exit with this container's exit code (1 if it never ran) instead of the task's outcome.")
    String exitCodeFrom;

    @Option(names = "--keep", description = "Leave the containers and volumes in place at the end (`ecs-local down` removes them).")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        Docker.Connecting connecting = Docker.connecting();
        // One region for the run and the template: --region resolves a template's AWS::Region, and a template resolved
        // with --parameter AWS::Region=… runs there.
        options.runRegion(platformOptions.region);
        TaskDefinitionCheck.Result result = options.check();
        if (!result.isValid()) {
            return options.reportInvalid(result);
        }
        TaskDefinition task = result.taskDefinition();
        if (exitCodeFrom != null && task.container(exitCodeFrom).isEmpty()) {
            throw usage("--exit-code-from " + exitCodeFrom + ": no container of that name. Containers: " + String.join(", ",
                    task.containerDefinitions().stream().map(ContainerDefinition::name).toList()));
        }
        files.check();
        ProblemText problems = options.problemText(result);
        options.err().print(problems.warnings(result.warnings()));
        options.err().flush();
        TaskDefinitionFile file = EcsLocal.of(result, options.path(), options.name());
        PreparedRun prepared;
        try {
            prepared = EcsLocal.prepare(file, runOptions());
        } catch (RunRefusedException refused) {
            if (refused.kind() == RunRefusedException.Kind.INVALID_TASK_DEFINITION) {
                return nothingStarted(options.name() + ": " + refused.getMessage() + ".", ExitCodes.INVALID_TASK_DEFINITION);
            }
            if (refused.kind() == RunRefusedException.Kind.CANNOT_START) {
                // Nothing wrong with how it was asked (no usage to print): the task cannot run here (a Windows one).
                return nothingStarted(options.name() + ": " + refused.getMessage() + ".", ExitCodes.TASK_FAILED);
            }
            // An option the task cannot use, or one it needs (--image for a placeholder): the message names it; the whole
            // usage text would bury it.
            return nothingStarted(refused.getMessage(), ExitCodes.USAGE);
        }
        Daemon daemon;
        try {
            daemon = connecting.await();
        } catch (DockerUnavailableException e) {
            return dockerUnavailable(e);
        }
        // In JSON mode stdout carries the report alone; the live view goes to stderr.
        PrintWriter live = options.json() ? options.err() : options.out();
        List<String> nodes = DependencyGraph.of(task).nodes().stream().map(Node::name).toList();
        RunConsole console = new RunConsole(live, problems.style(), nodes, taskStartTimeout != null, pauseImage);
        try (EventsFile events = files.events()) {
            RunningTask running;
            Interrupts interrupts = new Interrupts(prepared.identity().taskId(), console::say).install();
            try {
                running = prepared.start(daemon, events == null ? console : console.and(events));
            } catch (RunRefusedException refused) {
                return nothingStarted(refused.getMessage(), refused.kind() == RunRefusedException.Kind.USAGE ? ExitCodes.USAGE
                        : ExitCodes.TASK_FAILED);
            } catch (DockerUnavailableException e) {
                return dockerUnavailable(e);
            }
            interrupts.attach(running);
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
        RunOptions run = faults.apply(firelens.apply(platformOptions.apply(RunOptions.defaults())))
                .withPull(pull).withPauseImage(pauseImage).withPublishAddress(publishAddress)
                .withKeep(keep).withTaskStartTimeout(taskStartTimeout);
        // A template's AWS::Region, or a definition registered in another region (its ARN says), is where it runs, as
        // ECS would run it; the ARN in a describe-task-definition file is the library's to read.
        if (platformOptions.region == null && options.taskRegion() != null) {
            run = run.withRegion(options.taskRegion());
        }
        for (Map.Entry<String, String> image : images.entrySet()) {
            run = run.withImage(image.getKey(), image.getValue());
        }
        return run;
    }

    /** The summary, the timeline and report files, the JSON report; the exit code. */
    private int finish(TaskDefinitionFile file, RunningTask running, TaskOutcome outcome, RunConsole console) throws IOException {
        int exitCode = exitCode(outcome);
        Timeline timeline = Timeline.of(running.events().stream().filter(e -> !(e instanceof TaskEvent.Noticed))
                .map(EventJson::of).toList());
        console.summary(outcome, running.identity().taskId(), exitCode, timeline);
        TaskReport report = TaskReport.of(file.definition(), running.identity(), running.startedAt(), running.events(), outcome,
                exitCode);
        files.write(timeline, report, running.identity());
        if (options.json()) {
            JsonOutput.write(options.out(), report);
        }
        return exitCode;
    }

    /** What the library would not do, in its words, before anything was created (and with -o json, as JSON too). */
    private int nothingStarted(String why, int exitCode) {
        return options.fail(why, "Nothing was started.", exitCode);
    }

    private int dockerUnavailable(DockerUnavailableException e) {
        return options.fail(e.getMessage(), null, ExitCodes.DOCKER_UNAVAILABLE);
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
}
