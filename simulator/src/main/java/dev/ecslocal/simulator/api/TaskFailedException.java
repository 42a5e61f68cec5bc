package dev.ecslocal.simulator.api;

import dev.ecslocal.simulator.event.TaskOutcome;

/**
 * The task stopped before it reached what was awaited (RUNNING, a container's health): the message says the task's
 * stopCode and stoppedReason, the container that stopped it, and that container's last lines.
 */
public final class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient TaskOutcome outcome;

    public TaskFailedException(String message, TaskOutcome outcome) {
        super(message);
        this.outcome = outcome;
    }

    /** How the task ended; null when it had not ended yet (a timeout). */
    public TaskOutcome outcome() {
        return outcome;
    }
}
