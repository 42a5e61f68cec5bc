package dev.ecslocal.cli;

import dev.ecslocal.simulator.validate.TaskDefinitionCheck;

/** Everything happens in {@link EcsLocal}; main only hands over the arguments and the exit status. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Thread.setDefaultUncaughtExceptionHandler(Main::threadEnded);
        // Jackson's one-time set-up and picocli's do not depend on each other: run them on two cores.
        Thread warmUp = new Thread(TaskDefinitionCheck::prepare, "ecs-local-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        System.exit(EcsLocal.commandLine().execute(args));
    }

    /**
     * A thread that ended with an exception. docker-java's stream threads end so when the daemon goes away under an
     * attached stream (a restart closes every connection): the run hears of it through the stream's own callback, so
     * this is for ECS_LOCAL_LOG_LEVEL=debug, not a stack trace in the middle of the run's output. Any other thread's
     * end is a fault of ecs-local: one line, the details at debug.
     */
    static void threadEnded(Thread thread, Throwable error) {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Main.class);
        if (thread.getName().startsWith("docker-java-")) {
            log.debug("{} ended: {}", thread.getName(), error.toString(), error);
            return;
        }
        System.err.println("ecs-local: internal error in " + thread.getName() + ": " + error.getMessage()
                + " (ECS_LOCAL_LOG_LEVEL=debug shows where; please report it)");
        log.debug("{} ended", thread.getName(), error);
    }
}
