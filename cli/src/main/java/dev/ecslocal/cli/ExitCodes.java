package dev.ecslocal.cli;

/**
 * The process exit status is part of ecs-local's interface: scripts and CI depend on it. Keep the
 * list in {@link EcsLocal}'s {@code exitCodeList} (shown by --help) in step with these.
 */
final class ExitCodes {
    static final int OK = 0;
    /** The task ran and failed (an essential container exited non-zero, or it could not start). */
    static final int TASK_FAILED = 1;
    /** Bad command line, or a file that cannot be read. */
    static final int USAGE = 2;
    /** The file is not a valid task definition: nothing was started. */
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
