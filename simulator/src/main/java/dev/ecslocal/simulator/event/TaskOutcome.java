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
 */
public record TaskOutcome(StopCode stopCode, String stoppedReason, String stoppedBy, boolean reachedRunning,
                          Duration duration, List<ContainerOutcome> containers) {

    public TaskOutcome {
        containers = List.copyOf(containers);
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
        return switch (stopCode) {
            case UserInitiated -> 130;
            case TaskFailedToStart -> 1;
            case EssentialContainerExited -> container(stoppedBy).map(ContainerOutcome::exitCode)
                    .filter(code -> code == 0).isPresent() ? 0 : 1;
        };
    }
}
