package dev.ecslocal.cli;

import dev.ecslocal.simulator.api.Daemon;
import dev.ecslocal.simulator.api.LocalTask;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Remove what a run left behind (its containers, running or not, and its task volumes), found by "
                + "ecs-local's labels: after ecs-local was killed, or a run with --keep; and the metadata endpoints' relay "
                + "container and network once no task is left to use them. Shared volumes "
                + "(dockerVolumeConfiguration scope shared) are kept, as ECS keeps them.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:removed (or nothing to remove)", "1:something could not be removed",
                "2:usage error: no such task, or one still being run", "4:Docker is not reachable"})
final class DownCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TASK", description = "Task id, or its first characters (see `ecs-local ps`).")
    String task;

    @Option(names = "--all", description = "Every leftover task on this daemon.")
    boolean all;

    @Option(names = "--force", description = "Also remove tasks that an ecs-local process is still running.")
    boolean force;

    @Override
    public Integer call() {
        if ((task == null) == !all) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Name a TASK (see `ecs-local ps`) or give --all");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Docker.DaemonTasks daemon = Docker.tasks(err);
        if (daemon == null) {
            return ExitCodes.DOCKER_UNAVAILABLE;
        }
        List<LocalTask> tasks = daemon.tasks();
        LocalTask named = all ? null : daemon.one(task, err);
        if (!all && named == null) {
            return ExitCodes.USAGE;
        }
        List<LocalTask> chosen = all ? tasks.stream().filter(t -> force || !t.ownerAlive()).toList() : List.of(named);
        if (!all && !force && chosen.get(0).ownerAlive()) {
            err.println("ecs-local: task " + chosen.get(0).taskId() + " is still being run by ecs-local (pid "
                    + chosen.get(0).ownerPid() + "): stop it there with Ctrl-C, or give --force");
            err.flush();
            return ExitCodes.USAGE;
        }
        if (chosen.isEmpty()) {
            List<String> shared = daemon.daemon().removeSharedIfUnused();
            out.println(shared.isEmpty() ? "Nothing to remove." : "removed " + String.join(" and ", shared)
                    + " (the metadata endpoints' relay, which no run uses now)");
            out.flush();
            return ExitCodes.OK;
        }
        boolean failed = false;
        for (LocalTask t : chosen) {
            Daemon.Removal removal = daemon.daemon().remove(t);
            out.println("task " + t.taskId() + ": removed " + ProblemText.count(removal.containers().size(), "container")
                    + " and " + ProblemText.count(removal.volumes().size(), "volume"));
            for (String failure : removal.failures()) {
                err.println("  could not remove " + failure);
                failed = true;
            }
        }
        List<String> shared = daemon.daemon().removeSharedIfUnused();
        if (!shared.isEmpty()) {
            out.println("removed " + String.join(" and ", shared) + " (the metadata endpoints' relay, which no run uses now)");
        }
        out.flush();
        err.flush();
        return failed ? ExitCodes.TASK_FAILED : ExitCodes.OK;
    }
}
