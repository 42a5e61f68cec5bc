package dev.ecslocal.cli;

import dev.ecslocal.simulator.validate.TaskDefinitionCheck;

/** Everything happens in {@link EcsLocal}; main only hands over the arguments and the exit status. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Jackson's one-time set-up and picocli's do not depend on each other: run them on two cores.
        Thread warmUp = new Thread(TaskDefinitionCheck::prepare, "ecs-local-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        System.exit(EcsLocal.commandLine().execute(args));
    }
}
