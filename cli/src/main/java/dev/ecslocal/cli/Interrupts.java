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

    private final String taskId;
    private final Consumer<String> say;
    private int count;
    /** Null until the task has been set up: a signal before that is kept, and acted on when it is. */
    private RunningTask task;

    /** @param say prints one line to the user */
    Interrupts(String taskId, Consumer<String> say) {
        this.taskId = taskId;
        this.say = say;
    }

    /**
     * Takes over Ctrl-C, SIGTERM and SIGHUP before the run creates anything: a signal while the task's network, volumes
     * and endpoints are being made would otherwise end the JVM there, leaving them behind with no word.
     */
    Interrupts install() {
        for (String name : SIGNALS) {
            try {
                Signal.handle(new Signal(name), signal -> signalled());
            } catch (IllegalArgumentException unavailable) {
                // Not on this platform (SIGHUP on Windows), or reserved by the JVM: the others still work.
            }
        }
        return this;
    }

    /** The task is set up: what the user asked for meanwhile is done now. */
    synchronized void attach(RunningTask running) {
        task = running;
        if (count >= 1) {
            task.stop();
        }
        if (count >= 2) {
            task.kill();
        }
    }

    synchronized void signalled() {
        count++;
        if (task == null) {
            switch (count) {
                case 1 -> say.accept("Stopping: the task is still being set up, and is stopped as ECS would as soon as it is. "
                        + "Press Ctrl-C again to kill everything at once.");
                case 2 -> say.accept("Killing every container as soon as the task is set up.");
                default -> leave();
            }
            return;
        }
        switch (count) {
            case 1 -> {
                say.accept("Stopping the task as ECS would: stop signal, then SIGKILL after each container's "
                        + "stopTimeout, in reverse dependency order. Press Ctrl-C again to kill everything at once.");
                task.stop();
            }
            case 2 -> {
                say.accept("Killing every container now.");
                task.kill();
            }
            default -> leave();
        }
    }

    private void leave() {
        say.accept("Leaving without cleaning up: `ecs-local down " + taskId + "` removes what is left.");
        Runtime.getRuntime().halt(130);
    }

    synchronized boolean interrupted() {
        return count > 0;
    }
}
