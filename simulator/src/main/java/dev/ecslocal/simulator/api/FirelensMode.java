package dev.ecslocal.simulator.api;

/** Who does the FireLens log router's work in a run (ECS-SEMANTICS §7). */
public enum FirelensMode {
    /** The router container when its image is here and the daemon shares this machine's files, else the stand-in. */
    AUTO,
    /** ecs-local's in-process stand-in; the router's place in the start and stop order is kept. */
    EMBEDDED,
    /** The router's own image, with the configuration ECS would generate mounted where ECS mounts it. */
    CONTAINER
}
