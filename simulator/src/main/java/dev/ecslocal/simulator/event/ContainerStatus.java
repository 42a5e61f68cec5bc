package dev.ecslocal.simulator.event;

/**
 * A container's known status: only moves forward (ECS-SEMANTICS §0.3, without the agent's
 * MANIFEST_PULLED and RESOURCES_PROVISIONED, which ecs-local has no use for).
 */
public enum ContainerStatus {
    NONE, PULLED, CREATED, RUNNING, STOPPED;

    public boolean isBefore(ContainerStatus other) {
        return compareTo(other) < 0;
    }
}
