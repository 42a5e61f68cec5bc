package dev.ecslocal.cli;

import dev.ecslocal.simulator.api.RunningTask;
import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Ctrl-C, SIGTERM and SIGHUP while a task runs, as compose does it: the first stops the task the way ECS's
 * StopTask does (reverse dependency order, each container's stopTimeout, stopCode UserInitiated); the second
 * kills every container at once; the third leaves at once, naming the command that removes what is left.
 *
 * <p>A JVM shutdown hook cannot tell a second Ctrl-C from the first, hence the signal handlers (sun.misc.Signal
 * is the supported way, in the jdk.unsupported module). A signal the shell made the process ignore (a
 * background job of a script ignores SIGINT) stays ignored; SIGTERM always works.
 */
final class Interrupts {
    private static final String[] SIGNALS = {"INT", "TERM", "HUP"};

    private final AtomicInteger count = new AtomicInteger();

    /** @param say prints one line to the user */
    void install(RunningTask task, String taskId, Consumer<String> say) {
        for (String name : SIGNALS) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    switch (count.incrementAndGet()) {
                        case 1 -> {
                            say.accept("Stopping the task as ECS would: stop signal, then SIGKILL after each container's "
                                    + "stopTimeout, in reverse dependency order. Press Ctrl-C again to kill everything at once.");
                            task.stop();
                        }
                        case 2 -> {
                            say.accept("Killing every container now.");
                            task.kill();
                        }
                        default -> {
                            say.accept("Leaving without cleaning up: `ecs-local down " + taskId + "` removes what is left.");
                            Runtime.getRuntime().halt(130);
                        }
                    }
                });
            } catch (IllegalArgumentException unavailable) {
                // Not on this platform (SIGHUP on Windows), or reserved by the JVM: the others still work.
            }
        }
    }

    boolean interrupted() {
        return count.get() > 0;
    }
}
