package dev.ecslocal.simulator.api;

/** When a run pulls its images. */
public enum PullPolicy {
    ALWAYS, MISSING, NEVER
}
