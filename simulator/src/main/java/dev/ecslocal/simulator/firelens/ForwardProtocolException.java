package dev.ecslocal.simulator.firelens;

/** A frame that is not the Fluentd forward protocol: the connection that sent it is closed, others go on. */
public final class ForwardProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    public ForwardProtocolException(String message) {
        super(message);
    }

    public ForwardProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
