package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.model.ContainerDefinition.RestartPolicy;

import java.time.Duration;
import java.time.Instant;

/**
 * restartPolicy (ECS-SEMANTICS §3.2, the agent's RestartTracker.ShouldRestart): a container that exits is
 * started again in place only while the task runs, for a code not ignored, and only if it ran at least
 * restartAttemptPeriod (default 300 s) since its last (re)start; no back-off, no limit.
 */
final class RestartRule {
    private RestartRule() {
    }

    static boolean shouldRestart(RestartPolicy policy, boolean stopping, int exitCode, Instant lastStartedAt, Instant now) {
        if (policy == null || !Boolean.TRUE.equals(policy.enabled()) || stopping || lastStartedAt == null
                || policy.ignoredExitCodes().contains(exitCode)) {
            return false;
        }
        int period = policy.restartAttemptPeriod() == null
                ? RestartPolicy.DEFAULT_RESTART_ATTEMPT_PERIOD_SECONDS : policy.restartAttemptPeriod();
        return !Duration.between(lastStartedAt, now).minusSeconds(period).isNegative();
    }
}
