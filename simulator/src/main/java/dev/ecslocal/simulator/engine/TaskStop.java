package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.event.StopCode;

/**
 * Why the task's desired status moved to STOPPED. Set once: the first cause is the one ECS reports (§3.1).
 *
 * @param reason    the task's stoppedReason
 * @param container the container whose stop stopped the task; null when none did (the user, a timeout, a volume)
 */
record TaskStop(StopCode code, String reason, String container) {
}
