package dev.ecslocal.simulator.event;

import java.time.Duration;
import java.util.List;

/**
 * What happened during a run, as past-tense facts in emission order; {@code t} is the time since the
 * run started. The engine emits them; the CLI renders them (timeline, JSON Lines) and never the reverse.
 */
public sealed interface TaskEvent {
    Duration t();

    /**
     * A container's known status moved forward; {@code exitCode} and {@code reason} once it has stopped.
     *
     * @param runtimeId the runtime's id for it once created (null before): for whoever must act on the container
     */
    record ContainerChanged(Duration t, String container, ContainerStatus status, Integer exitCode, String reason,
                            String runtimeId) implements TaskEvent {
    }

    record HealthChanged(Duration t, String container, HealthStatus health, String output) implements TaskEvent {
    }

    /** The task's derived status changed; stop fields are set once the task is stopping or stopped. */
    record TaskChanged(Duration t, TaskStatus status, StopCode stopCode, String stoppedReason) implements TaskEvent {
    }

    /**
     * A container waits for a dependency: said when it starts waiting and whenever the reason changes.
     *
     * @param stuck nothing will end this wait: ECS would leave the task PENDING for ever (ECS-SEMANTICS §1.3)
     */
    record Waiting(Duration t, String container, String forWhat, boolean stuck) implements TaskEvent {
    }

    /**
     * Every dependency of a container is met and the engine starts it: what released it, so that a timeline can
     * draw each satisfied dependency to the start it allowed.
     */
    record Released(Duration t, String container, List<Dependency> dependencies) implements TaskEvent {
        public Released {
            dependencies = List.copyOf(dependencies);
        }
    }

    /** @param condition ECS's condition (START, HEALTHY, …) or the agent's own (CREATE, RESOURCES_PROVISIONED) */
    record Dependency(String container, String condition) {
    }

    /** The engine asked a container to stop: its stop signal now, SIGKILL after {@code grace}. */
    record StopRequested(Duration t, String container, Duration grace) implements TaskEvent {
    }

    /** The user's fault ({@code --kill}, {@code --stop}, {@code --pause}) was injected: what happens next is ECS's. */
    record Injected(Duration t, String container, String fault) implements TaskEvent {
    }

    /** A container exited and restartPolicy starts it again (ECS-SEMANTICS §3.2). */
    record Restarted(Duration t, String container, int exitCode, int restartCount) implements TaskEvent {
    }

    /** The host ports a started container got (in awsvpc, the netns holder's are the task's). */
    record PortsPublished(Duration t, String container, List<PublishedPort> ports) implements TaskEvent {
        public PortsPublished {
            ports = List.copyOf(ports);
        }
    }

    /** The run decided something about its set-up ({@link Notice}): said once, before or while the task runs. */
    record Noticed(Duration t, Notice notice) implements TaskEvent {
    }

    /** Progress of work that is not a state change: a pull, a stop signal sent, the events stream lost. */
    record Progress(Duration t, String container, String message) implements TaskEvent {
    }
}
