package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.docker.RuntimeFailure;

/**
 * Something a task needs on the host besides volumes, such as the FireLens router's configuration and socket
 * directory. Created on a worker before any container; a failure to create it fails the task to start as the
 * agent's resources do (ResourceInitializationError).
 */
public interface HostResource {
    /** @throws RuntimeFailure of kind RESOURCE_INITIALIZATION, in the agent's words */
    void create() throws RuntimeFailure;

    /** Removes what {@link #create} made; says what it could not remove, never throws. */
    void remove(java.util.function.Consumer<String> progress);
}
