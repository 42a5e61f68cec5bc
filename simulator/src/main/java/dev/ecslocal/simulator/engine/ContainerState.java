package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.HealthStatus;
import dev.ecslocal.simulator.event.TaskView;
import dev.ecslocal.simulator.model.ContainerDefinition.RestartPolicy;
import dev.ecslocal.simulator.plan.Node;

import java.time.Duration;
import java.time.Instant;

/**
 * What the engine knows of one container. Owned by the engine's loop: nothing else reads or writes it
 * (the agent's managedTask rule). Known status and desired status only move forward.
 */
final class ContainerState {
    enum Transition { NONE, STARTING, STOPPING }

    final Node node;
    ContainerStatus known = ContainerStatus.NONE;
    boolean desiredStopped;
    Transition inFlight = Transition.NONE;
    HealthStatus health = HealthStatus.UNKNOWN;
    String healthOutput;
    /** When its health last changed; null while the daemon has reported no status (HEALTHY or UNHEALTHY). */
    Instant healthSince;
    /** The health check the daemon was given at launch, with every value explicit; null without one. */
    ContainerSpec.HealthCheck healthCheck;
    Integer exitCode;
    String reason;
    String dockerId;
    /** Its address on Docker's default bridge, read once it started; null off the bridge. */
    String bridgeAddress;
    /** When the container first started; startTimeout counts from here (§1.4). */
    Instant startedAt;
    /** When it last (re)started; restartAttemptPeriod counts from here (§3.2). */
    Instant lastStartedAt;
    Instant stoppedAt;
    /** The first signal someone else sent it while it ran (docker stop, the daemon's shutdown), and when; else null. */
    String signalledElsewhere;
    Instant signalledElsewhereAt;
    /** When its launch (image, create, start) was asked for: where its pull, if any, began. */
    Instant launchedAt;
    int restartCount;
    /** Whether Docker gives its lines back; FireLens containers' go to the router (set at launch). */
    boolean logsReadable = true;

    ContainerState(Node node) {
        this.node = node;
    }

    String name() {
        return node.name();
    }

    /** The agent's HasNotAndWillNotStart: not started, will not be, and nothing is under way. */
    boolean willNeverStart() {
        return known.isBefore(ContainerStatus.RUNNING) && desiredStopped && inFlight == Transition.NONE
                || known == ContainerStatus.STOPPED && startedAt == null;
    }

    boolean hasHealthCheck() {
        return node.container() != null && node.container().healthCheck() != null;
    }

    /** Null for the agent's internal containers, which have no definition. */
    RestartPolicy restartPolicy() {
        return node.container() == null ? null : node.container().restartPolicy();
    }

    /**
     * Docker's grace between its stop signal and SIGKILL (§2). None for a pause container (§5.5): it runs nothing of the
     * user's, it stops only after everything that joined it has stopped, and a pause image that ignores SIGTERM (any
     * sleep-based one) would otherwise cost the whole default stopTimeout at every run's end.
     */
    Duration stopTimeout() {
        if (node.isInternal()) {
            return Duration.ZERO;
        }
        return Duration.ofSeconds(node.container().effectiveStopTimeoutSeconds());
    }

    TaskView.ContainerView view() {
        return new TaskView.ContainerView(name(), node.isInternal(), known, desiredStopped, dockerId, exitCode, reason, health,
                healthSince, healthOutput, restartCount);
    }

    /** Moves known status forward; never back. */
    boolean advance(ContainerStatus to) {
        if (known.isBefore(to)) {
            known = to;
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return name() + " " + known + (desiredStopped ? "->STOPPED" : "") + (exitCode == null ? "" : " exit=" + exitCode)
                + (health == HealthStatus.UNKNOWN ? "" : " " + health);
    }
}
