package dev.ecslocal.cli;

import dev.ecslocal.simulator.docker.ContainerSnapshot;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.engine.ContainerSpecs;
import dev.ecslocal.simulator.engine.Fault;
import dev.ecslocal.simulator.engine.LocalTasks;
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
        LocalTasks.LocalTask chosen = named.task();
        ContainerSnapshot container = chosen.containers().stream()
                .filter(c -> name.equals(c.labels().get(ContainerSpecs.CONTAINER_LABEL))).findFirst().orElse(null);
        if (container == null) {
            err.println("ecs-local: task " + chosen.taskId() + " has no container " + name + ". Containers: " + String.join(", ",
                    chosen.containers().stream().map(c -> c.labels().get(ContainerSpecs.CONTAINER_LABEL)).toList()));
            err.flush();
            return ExitCodes.USAGE;
        }
        String signalName = Fault.signalName(signal);
        try {
            named.runtime().signal(container.id(), signalName);
        } catch (RuntimeFailure failure) {
            err.println("ecs-local: cannot signal " + name + " of task " + chosen.taskId() + ": " + failure.getMessage());
            err.flush();
            return ExitCodes.TASK_FAILED;
        }
        out.println("sent " + signalName + " to " + name + " of task " + chosen.taskId());
        out.flush();
        return ExitCodes.OK;
    }
}
