package dev.ecslocal.simulator.api;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.event.TaskListener;

/**
 * A run whose options were checked against its task (nothing asked of Docker yet): it has its identity and can be
 * started once.
 */
public interface PreparedRun {
    RunIdentity identity();

    /**
     * Starts the task on {@code runtime}: the run says its set-up decisions (as {@code Noticed} events), then the
     * engine starts the containers in dependsOn order. {@code listener} hears every event, line and FireLens record,
     * with the run's secret values masked.
     *
     * @throws RunRefusedException        something the run needs cannot be had here (the router container, the pause
     *                                    image); nothing was created
     * @throws DockerUnavailableException the daemon does not answer
     */
    RunningTask start(ContainerRuntime runtime, TaskListener listener) throws RunRefusedException, DockerUnavailableException;

    /** On a daemon ecs-local connected to ({@link Daemon#connect()}). */
    default RunningTask start(Daemon daemon, TaskListener listener) throws RunRefusedException, DockerUnavailableException {
        return start(daemon.runtime(), listener);
    }
}
