package dev.ecslocal.simulator.event;

import java.util.Collection;

/** The task's status, derived from its containers' (never stored), in the words ECS reports. */
public enum TaskStatus {
    PENDING, RUNNING, STOPPING, STOPPED;

    /**
     * The agent's rule (ECS-SEMANTICS §0.3): the minimum over containers, where a container that has stopped
     * does not hold the task back, and one still waiting holds it in PENDING; STOPPING once desired STOPPED.
     */
    public static TaskStatus derive(Collection<ContainerStatus> containers, boolean stopping) {
        if (containers.stream().allMatch(status -> status == ContainerStatus.STOPPED)) {
            return STOPPED;
        }
        if (stopping) {
            return STOPPING;
        }
        boolean started = containers.stream()
                .allMatch(status -> status == ContainerStatus.RUNNING || status == ContainerStatus.STOPPED);
        return started ? RUNNING : PENDING;
    }
}
