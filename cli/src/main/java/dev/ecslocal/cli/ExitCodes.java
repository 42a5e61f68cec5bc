package dev.ecslocal.cli;

/**
 * The process exit status is part of ecs-local's interface: scripts and CI depend on it. Keep the
 * list in {@link EcsLocal}'s {@code exitCodeList} (shown by --help) in step with these.
 */
final class ExitCodes {
    static final int OK = 0;
    /** The task ran and failed (an essential container exited non-zero, or it could not start). */
    static final int TASK_FAILED = 1;
    /**
     * The command line itself: an unknown option, a bad option value, a missing argument, an option the task cannot
     * use (--exit-code-from a container it does not have), or a file given to an option (--secrets, --events) that
     * cannot be read or written. Never the task definition's file: that is {@link #INVALID_TASK_DEFINITION}.
     */
    static final int USAGE = 2;
    /**
     * Everything about the task definition's file, for one reason or another it cannot be used: it cannot be opened
     * (missing, a directory, no permission), is not text (not UTF-8), not JSON or YAML, not a task definition (an
     * unrendered template, a Compose file, a Copilot manifest), or is invalid by ECS's rules; or, for --task-definition,
     * AWS does not give the registered one (no such family or revision, access denied, no credentials, no answer).
     * Nothing was started.
     */
    static final int INVALID_TASK_DEFINITION = 3;
    /** No Docker daemon could be reached. */
    static final int DOCKER_UNAVAILABLE = 4;
    /** The user interrupted the task (Ctrl-C, SIGTERM): 128 + SIGINT, as shells report it. */
    static final int INTERRUPTED = 130;
    /** A bug: an exception nothing else handled (EX_SOFTWARE in sysexits.h). */
    static final int INTERNAL_ERROR = 70;

    private ExitCodes() {
    }
}
