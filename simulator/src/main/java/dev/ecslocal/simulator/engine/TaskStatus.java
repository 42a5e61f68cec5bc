package dev.ecslocal.simulator.engine;

/** The task's status, derived from its containers' (never stored), in the words ECS reports. */
public enum TaskStatus {
    PENDING, RUNNING, STOPPING, STOPPED
}
