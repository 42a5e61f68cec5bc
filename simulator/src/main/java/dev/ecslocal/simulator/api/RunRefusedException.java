package dev.ecslocal.simulator.api;

/**
 * A run that cannot be made as asked, said before any container was created: an option names no container of the
 * task, a file cannot be read, the router container cannot run here, the pause image is missing. The message names
 * the option or the thing, what was found and what to do.
 */
public final class RunRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Whose the problem is: a front end maps it to its exit code. */
    public enum Kind {
        /** An option, or a file it names. */
        USAGE,
        /** The task definition itself: ECS would refuse it too. */
        INVALID_TASK_DEFINITION,
        /** The daemon cannot do it: something the task needs is not there (the pause image), or it refused. */
        CANNOT_START
    }

    private final Kind kind;

    public RunRefusedException(String message) {
        this(Kind.USAGE, message);
    }

    public RunRefusedException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
