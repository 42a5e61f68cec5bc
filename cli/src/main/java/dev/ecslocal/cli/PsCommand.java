package dev.ecslocal.cli;

import dev.ecslocal.simulator.api.LocalTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "ps", mixinStandardHelpOptions = true,
        description = "List the tasks ecs-local runs on this Docker daemon, and the leftovers of runs that ended without "
                + "cleaning up (ecs-local was killed): `ecs-local down` removes those.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "4:Docker is not reachable"})
final class PsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Docker.DaemonTasks daemon = Docker.tasks(spec.commandLine().getErr());
        if (daemon == null) {
            return ExitCodes.DOCKER_UNAVAILABLE;
        }
        List<LocalTask> tasks = daemon.tasks();
        List<String> shared = daemon.shared();
        if (tasks.isEmpty()) {
            out.println("No ecs-local tasks on this Docker daemon.");
            shared(out, shared);
            out.flush();
            return ExitCodes.OK;
        }
        String format = "%-32s  %-20s  %-30s  %-10s  %s%n";
        out.printf(Locale.ROOT, format, "TASK", "TASK DEFINITION", "CONTAINERS", "CREATED", "STATE");
        for (LocalTask task : tasks) {
            String definition = task.family() == null ? "?" : task.family() + ":" + task.revision();
            String containers = task.running() + " running, " + (task.containers().size() - task.running()) + " stopped"
                    + (task.volumes().isEmpty() ? "" : ", " + task.volumes().size() + " vol");
            out.printf(Locale.ROOT, format, task.taskId(), definition, containers, ago(task.createdAt()), task.ownerState());
        }
        shared(out, shared);
        out.flush();
        return ExitCodes.OK;
    }

    /** The endpoints relay and its network: the last run takes them, `down` does when a killed run left them. */
    private static void shared(PrintWriter out, List<String> shared) {
        if (!shared.isEmpty()) {
            out.println("Shared by the runs (the metadata endpoints' relay): " + String.join(", ", shared));
        }
    }

    private static String ago(Instant created) {
        if (created == null) {
            return "-";
        }
        Duration age = Duration.between(created, Instant.now());
        if (age.toMinutes() < 1) {
            return age.toSeconds() + "s ago";
        }
        if (age.toHours() < 1) {
            return age.toMinutes() + "m ago";
        }
        return age.toHours() < 48 ? age.toHours() + "h ago" : age.toDays() + "d ago";
    }
}
