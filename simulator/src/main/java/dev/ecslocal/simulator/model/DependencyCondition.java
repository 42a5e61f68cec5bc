package dev.ecslocal.simulator.model;

/** {@code dependsOn[].condition}: the four values the ECS API accepts (ECS-SEMANTICS §1.1). */
public enum DependencyCondition {
    /** The dependency has been started (Docker start returned), or has already exited. */
    START,
    /** The dependency has exited, with any exit code. */
    COMPLETE,
    /** The dependency has exited with code 0. */
    SUCCESS,
    /** The dependency's healthCheck reports HEALTHY. */
    HEALTHY
}
