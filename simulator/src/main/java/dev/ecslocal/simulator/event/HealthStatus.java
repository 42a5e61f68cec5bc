package dev.ecslocal.simulator.event;

/** ECS's container health (ECS-SEMANTICS §4.2): Docker's "starting" is UNKNOWN. A separate axis from status. */
public enum HealthStatus {
    UNKNOWN, HEALTHY, UNHEALTHY
}
