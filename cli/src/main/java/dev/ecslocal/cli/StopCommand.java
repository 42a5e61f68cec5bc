package dev.ecslocal.cli;

import dev.ecslocal.simulator.api.LocalTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop a running task from another terminal, as ECS's StopTask does: the ecs-local process running "
                + "it is asked to (SIGTERM, as Ctrl-C there), and shows the shutdown in reverse dependency order, with "
                + "stopCode UserInitiated.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:asked", "2:no such task, or no ecs-local process runs it here (`ecs-local down` removes leftovers)",
                "4:Docker is not reachable"})
final class StopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TASK", description = "Task id, or its first characters (see `ecs-local ps`).")
    String task;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Docker.NamedTask named = Docker.task(task, err);
        if (named.task() == null) {
            return named.exitCode();
        }
        LocalTask chosen = named.task();
        // The run owns the task's state and its stop order: it is asked, never bypassed.
        // Only `ecs-local run` stops its task on SIGTERM; a test JVM or an IDE that runs one through the library would die.
        boolean byTheCommand = chosen.ownerAlive() && ProcessHandle.of(chosen.ownerPid())
                .flatMap(process -> process.info().commandLine()).map(line -> line.contains("ecs-local")).orElse(false);
        if (chosen.ownerAlive() && !byTheCommand) {
            err.println("ecs-local: task " + chosen.taskId() + " is run through the library by process " + chosen.ownerPid()
                    + ", not by `ecs-local run`: stop it there (RunningTask.stop or close)");
            err.flush();
            return ExitCodes.USAGE;
        }
        if (!chosen.ownerAlive() || !ProcessHandle.of(chosen.ownerPid()).map(ProcessHandle::destroy).orElse(false)) {
            err.println("ecs-local: task " + chosen.taskId() + " is " + chosen.ownerState() + ": no ecs-local process here "
                    + "runs it; `ecs-local down " + chosen.taskId() + "` removes what is left");
            err.flush();
            return ExitCodes.USAGE;
        }
        out.println("asked ecs-local (pid " + chosen.ownerPid() + ") to stop task " + chosen.taskId()
                + " as StopTask does; its terminal shows the shutdown");
        out.flush();
        return ExitCodes.OK;
    }
}
