package dev.ecslocal.cli;

import dev.ecslocal.simulator.api.LocalTask;
import dev.ecslocal.simulator.api.RunRefusedException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "kill", mixinStandardHelpOptions = true,
        description = "Signal one container of a running task from another terminal (default SIGKILL), as a crash would: "
                + "the run sees the exit and does what ECS does (an essential container's exit stops the task).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:signalled", "1:the daemon refused (the container is not running)",
                "2:no such task or container", "4:Docker is not reachable"})
final class KillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TASK", description = "Task id, or its first characters (see `ecs-local ps`).")
    String task;

    @Parameters(index = "1", paramLabel = "NAME", description = "The container's name in the task definition.")
    String name;

    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", defaultValue = "SIGKILL",
            description = "KILL, TERM, SIGTERM, 9, … (default ${DEFAULT-VALUE}).")
    String signal;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Docker.NamedTask named = Docker.task(task, err);
        if (named.task() == null) {
            return named.exitCode();
        }
        LocalTask chosen = named.task();
        String signalName;
        try {
            signalName = named.daemon().signal(chosen, name, signal);
        } catch (RunRefusedException refused) {
            err.println("ecs-local: " + refused.getMessage());
            err.flush();
            return refused.kind() == RunRefusedException.Kind.USAGE ? ExitCodes.USAGE : ExitCodes.TASK_FAILED;
        }
        out.println("sent " + signalName + " to " + name + " of task " + chosen.taskId());
        out.flush();
        return ExitCodes.OK;
    }
}
