package dev.ecslocal.simulator.api;

/** The Docker daemon cannot be reached, or stopped answering: the message says which daemon and the daemon's words. */
public final class DockerUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public DockerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
