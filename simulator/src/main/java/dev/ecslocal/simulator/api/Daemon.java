package dev.ecslocal.simulator.api;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.DockerJavaRuntime;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.fault.Fault;
import dev.ecslocal.simulator.launch.LocalTasks;

import java.util.List;

/**
 * A Docker daemon, as ecs-local uses it: to run tasks on ({@link PreparedRun#start(Daemon, dev.ecslocal.simulator.event.TaskListener)}),
 * and to see and act on the tasks ecs-local runs or left there (`ps`, `down`, `stop`, `kill`), found by their labels
 * only: the daemon may be shared.
 */
public final class Daemon {
    private final ContainerRuntime runtime;

    private Daemon(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    /** The daemon DOCKER_HOST names, else the local socket; its API version negotiated. */
    public static Daemon connect() throws DockerUnavailableException {
        try {
            return new Daemon(DockerJavaRuntime.connect());
        } catch (RuntimeFailure failure) {
            throw new DockerUnavailableException(failure.getMessage(), failure);
        }
    }

    /** Any runtime (a fake one in tests). */
    public static Daemon of(ContainerRuntime runtime) {
        return new Daemon(runtime);
    }

    public ContainerRuntime runtime() {
        return runtime;
    }

    /** {@code Docker 27.3.1 at unix:///var/run/docker.sock, API 1.47}. */
    public String description() {
        return runtime.description();
    }

    /** Every task with a container or a volume on the daemon, oldest first. */
    public List<LocalTask> tasks() throws DockerUnavailableException {
        try {
            return LocalTasks.list(runtime);
        } catch (RuntimeFailure failure) {
            throw new DockerUnavailableException(failure.getMessage(), failure);
        }
    }

    /**
     * What every run on the daemon shares: the endpoints relay container and its network ({@code container NAME},
     * {@code network NAME}). The last run to end removes them; {@link #removeSharedIfUnused} after a killed one.
     */
    public List<String> shared() throws DockerUnavailableException {
        try {
            return LocalTasks.shared(runtime);
        } catch (RuntimeFailure failure) {
            throw new DockerUnavailableException(failure.getMessage(), failure);
        }
    }

    /** Removes what the runs share when no task on the daemon is left to use it (nor a run being served); what it removed. */
    public List<String> removeSharedIfUnused() {
        return LocalTasks.removeSharedIfUnused(runtime);
    }

    /** What {@link #remove} did, and what it could not do (with the daemon's words). */
    public record Removal(List<String> containers, List<String> volumes, List<String> failures) {
    }

    /** Removes the task's containers (running ones are killed, newest first), its task-scoped volumes and its router files. */
    public Removal remove(LocalTask task) {
        return LocalTasks.remove(runtime, task);
    }

    /**
     * Signals one container of a task, as a crash would.
     *
     * @param signal {@code KILL}, {@code SIGTERM}, {@code 9}, …
     * @return the signal's name as sent ({@code SIGKILL})
     * @throws RunRefusedException the task has no such container ({@code USAGE}), or the daemon refused (the container
     *                             does not run, or the daemon does not answer: {@code CANNOT_START})
     */
    public String signal(LocalTask task, String container, String signal) throws RunRefusedException {
        LocalTask.Container chosen = task.container(container).orElseThrow(() -> new RunRefusedException("task " + task.taskId()
                + " has no container " + container + ". Containers: " + String.join(", ",
                task.containers().stream().map(LocalTask.Container::name).toList())));
        String name = Fault.signalName(signal);
        try {
            runtime.signal(chosen.runtimeId(), name);
            return name;
        } catch (RuntimeFailure failure) {
            throw new RunRefusedException(RunRefusedException.Kind.CANNOT_START, "cannot signal " + container + " of task "
                    + task.taskId() + ": " + failure.getMessage());
        }
    }
}
