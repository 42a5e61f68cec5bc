package dev.ecslocal.simulator.model;

/** {@code requiresCompatibilities[]}: the launch types a task definition is validated for. */
public enum Compatibility {
    EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES
}
