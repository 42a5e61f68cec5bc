package dev.ecslocal.simulator.engine;

import java.time.Duration;

/**
 * What happened during a run, as past-tense facts in emission order; {@code t} is the time since the
 * run started. The engine emits them; the CLI renders them (timeline, JSON Lines) and never the reverse.
 */
public sealed interface TaskEvent {
    Duration t();

    record ContainerChanged(Duration t, String container, ContainerStatus status, Integer exitCode, String reason)
            implements TaskEvent {
    }

    record HealthChanged(Duration t, String container, HealthStatus health, String output) implements TaskEvent {
    }

    /** The task's derived status changed; stop fields are set once the task is stopping or stopped. */
    record TaskChanged(Duration t, TaskStatus status, StopCode stopCode, String stoppedReason) implements TaskEvent {
    }

    /** A container waits for a dependency: said when it starts waiting and whenever the reason changes. */
    record Waiting(Duration t, String container, String forWhat) implements TaskEvent {
    }

    /** A container exited and restartPolicy starts it again (ECS-SEMANTICS §3.2). */
    record Restarted(Duration t, String container, int exitCode, int restartCount) implements TaskEvent {
    }

    /** Progress of work that is not a state change: a pull, a stop signal sent. */
    record Progress(Duration t, String container, String message) implements TaskEvent {
    }
}
