package dev.ecslocal.simulator.event;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a run ended: the task's stop code and reason, the container that set it off, and each
 * container's last state.
 *
 * @param stoppedBy      the container whose exit or failure stopped the task; null when the user stopped it
 * @param reachedRunning whether the task was ever RUNNING (every container started, or done)
 * @param elsewhere      who else stopped the container that stopped the task; null when nobody else did
 */
public record TaskOutcome(StopCode stopCode, String stoppedReason, String stoppedBy, boolean reachedRunning,
                          Duration duration, List<ContainerOutcome> containers, Elsewhere elsewhere) {

    public TaskOutcome {
        containers = List.copyOf(containers);
    }

    public TaskOutcome(StopCode stopCode, String stoppedReason, String stoppedBy, boolean reachedRunning, Duration duration,
                       List<ContainerOutcome> containers) {
        this(stopCode, stoppedReason, stoppedBy, reachedRunning, duration, containers, null);
    }

    /**
     * The container that stopped the task was signalled from outside the run: Docker's kill event for a signal
     * ecs-local did not send.
     *
     * @param signal         the first such signal ({@code SIGTERM})
     * @param at             when, in the run's time
     * @param everyContainer every container that ran was signalled so within two seconds: the daemon's shutdown or
     *                       restart does that (it stops every container), or someone stopped them all at once
     */
    public record Elsewhere(String signal, Duration at, boolean everyContainer) {
        /** What the run says of it, after "stopped by". */
        public String describe(String stoppedBy) {
            return everyContainer
                    ? "Docker: every container of the task was sent " + signal + " at once, from outside this run, as the "
                      + "daemon does when it shuts down or restarts (it stops every container)"
                    : stoppedBy + ", sent " + signal + " from outside this run (docker stop or kill, ecs-local kill)";
        }
    }

    /**
     * @param exitCode  null when the container never ran
     * @param runtimeId the Docker container id; null when it was never created
     */
    public record ContainerOutcome(String name, String image, boolean essential, ContainerStatus status, Integer exitCode,
                                   String reason, HealthStatus health, boolean hasHealthCheck, int restartCount,
                                   String runtimeId) {
    }

    public Optional<ContainerOutcome> container(String name) {
        return containers.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * The process's exit status (ECS has none: ECS-SEMANTICS §3.1): 130 when the user interrupted the
     * task, 0 when it ended because an essential container exited 0, 1 for every failure.
     */
    public int exitCode() {
        if (elsewhere != null && elsewhere.everyContainer()) {
            return 1; // the task did not end by itself, whatever its containers' exit codes
        }
        return switch (stopCode) {
            case UserInitiated -> 130;
            case TaskFailedToStart -> 1;
            case EssentialContainerExited -> container(stoppedBy).map(ContainerOutcome::exitCode)
                    .filter(code -> code == 0).isPresent() ? 0 : 1;
        };
    }
}
