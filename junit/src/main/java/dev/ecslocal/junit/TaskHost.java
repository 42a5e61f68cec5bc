package dev.ecslocal.junit;

import dev.ecslocal.simulator.api.DockerUnavailableException;
import dev.ecslocal.simulator.api.PreparedRun;
import dev.ecslocal.simulator.api.RunRefusedException;
import dev.ecslocal.simulator.api.RunningTask;
import dev.ecslocal.simulator.event.TaskListener;

import java.util.Optional;

/**
 * Where the extension's tasks run: the local Docker daemon ({@link LocalDocker}), or, in the extension's own tests, a
 * fake that needs none.
 */
interface TaskHost {
    /** The daemon's words when no task can run here; empty when tasks can. Cheap after the first call. */
    Optional<String> unavailableReason();

    /** Starts the prepared run here. */
    RunningTask start(PreparedRun run, TaskListener listener) throws RunRefusedException, DockerUnavailableException;
}
