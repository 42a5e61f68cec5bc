package dev.ecslocal.simulator.api;

/**
 * A registered task definition that could not be read: AWS says there is no such one, refuses the caller, has no
 * credentials to be asked with, or does not answer. The message names what was asked (family, revision, region) and
 * gives the service's words; {@link #hint()} is the next step.
 */
public final class TaskDefinitionUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String hint;

    TaskDefinitionUnavailableException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    /** What to do about it: a command that shows what is registered, the IAM action to grant, how to sign in. */
    public String hint() {
        return hint;
    }
}
