package dev.ecslocal.simulator.docker;

/**
 * A runtime call that failed, with the runtime's own message (a registry's "manifest unknown", a
 * daemon's "port is already allocated"): the engine turns it into ECS's reason for the container.
 */
public final class RuntimeFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** What failed, in the words ECS uses for the container's reason (ECS-SEMANTICS §3.1). */
    public enum Kind {
        CANNOT_PULL("CannotPullContainerError"),
        CANNOT_CREATE("CannotCreateContainerError"),
        CANNOT_START("CannotStartContainerError"),
        CANNOT_STOP("CannotStopContainerError"),
        /** A task resource (a volume) could not be made: the task fails before any container. */
        RESOURCE_INITIALIZATION("ResourceInitializationError"),
        DAEMON_UNREACHABLE("DockerUnreachableError");

        private final String ecsName;

        Kind(String ecsName) {
            this.ecsName = ecsName;
        }

        public String ecsName() {
            return ecsName;
        }
    }

    private final Kind kind;

    public RuntimeFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RuntimeFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code CannotPullContainerError: pull access denied for x}: the container's reason, as ECS words it. */
    public String reason() {
        return kind.ecsName() + ": " + getMessage();
    }
}
