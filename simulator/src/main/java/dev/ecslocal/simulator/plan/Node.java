package dev.ecslocal.simulator.plan;

import dev.ecslocal.simulator.model.ContainerDefinition;

/**
 * A container of the task, or one of the internal containers the ECS agent adds.
 *
 * @param container the definition, or null for an internal container
 */
public record Node(String name, Kind kind, ContainerDefinition container) {

    public enum Kind {
        CONTAINER,
        /** awsvpc: holds the task's network namespace; every container joins it; stops last. */
        NETWORK_PAUSE,
        /** pidMode/ipcMode task: holds the shared PID/IPC namespaces. */
        NAMESPACE_PAUSE
    }

    public boolean isInternal() {
        return kind != Kind.CONTAINER;
    }

    /** Internal containers are essential to the agent; containers follow their definition. */
    public boolean isEssential() {
        return container == null || container.isEssential();
    }

    @Override
    public String toString() {
        return name;
    }
}
