package dev.ecslocal.simulator.event;

/**
 * Why a task stopped: ECS's stopCode values that a local task can have (ECS-SEMANTICS §3.1,
 * TaskStopCode), with the stoppedReason text ECS uses where it is known.
 */
public enum StopCode {
    /** An essential container exited, with any code. stoppedReason "Essential container in task exited". */
    EssentialContainerExited,
    /** The user stopped it (Ctrl-C, SIGTERM). stoppedReason "Task stopped by user" (text UNVERIFIED). */
    UserInitiated,
    /** An essential container could not be started: image, create, start, or a dependency that can never resolve. */
    TaskFailedToStart;

    public static final String ESSENTIAL_CONTAINER_EXITED = "Essential container in task exited";
    public static final String STOPPED_BY_USER = "Task stopped by user";
}
