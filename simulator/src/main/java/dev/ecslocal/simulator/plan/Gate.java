package dev.ecslocal.simulator.plan;

import dev.ecslocal.simulator.model.DependencyCondition;

/**
 * What a dependent waits for in its dependency. The four API conditions, plus the two the ECS agent
 * uses internally for the edges it adds itself (ECS-SEMANTICS §1.1, §1.5).
 */
public enum Gate {
    /** The dependency's container exists (volumesFrom needs its mounts, not its process). */
    CREATE,
    START,
    COMPLETE,
    SUCCESS,
    HEALTHY,
    /** The netns holder is running and its network is plumbed (the agent's pause container steady state). */
    RESOURCES_PROVISIONED;

    public static Gate of(DependencyCondition condition) {
        return switch (condition) {
            case START -> START;
            case COMPLETE -> COMPLETE;
            case SUCCESS -> SUCCESS;
            case HEALTHY -> HEALTHY;
        };
    }
}
