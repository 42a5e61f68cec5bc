package dev.ecslocal.simulator.problem;

public enum Severity {
    /** ECS would refuse the task definition (or the task could not run): nothing may start. */
    ERROR,
    /** Accepted, but the user should know (an unknown field, a feature emulated locally). */
    WARNING
}
