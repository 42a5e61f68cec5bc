package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.docker.ContainerSnapshot;
import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.Notice;
import dev.ecslocal.simulator.plan.Edge;
import dev.ecslocal.simulator.plan.Gate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A health check that no one runs. Podman without systemd never runs one (it schedules checks as systemd timers, and
 * says why only in its own log), so the container stays "starting", its health UNKNOWN, and a dependent waiting for it
 * HEALTHY waits silently until the dependency's startTimeout, or for ever. ECS would wait the same way, and so does the
 * engine; it only says so, once per container.
 *
 * <p>When: Docker runs the first check one {@code interval} after the start, and its result comes at most
 * {@code timeout} later; a little slack covers a busy daemon. The start period does not delay the checks (Docker runs
 * them during it and keeps their results; only failures are not counted), so it is not added. What: silence alone
 * proves nothing, since a check that fails keeps the container "starting" for {@code retries} intervals, longer in the
 * start period. So the runtime is asked whether any check ran at all (Docker's inspect keeps the last results), and
 * only a container with none is said.
 */
final class HealthSilence {
    /** Beyond interval + timeout, before the first result counts as missing. */
    static final Duration SLACK = Duration.ofSeconds(5);

    private HealthSilence() {
    }

    /** When the first check's result is due after the start: interval + timeout. */
    static Duration firstResultDue(ContainerSpec.HealthCheck check) {
        return check.interval().plus(check.timeout());
    }

    /** When to ask the runtime whether any check ran. */
    static Instant askAt(ContainerSpec.HealthCheck check, Instant startedAt) {
        return startedAt.plus(firstResultDue(check)).plus(SLACK);
    }

    /** Worth asking, or saying: it runs, and the daemon has reported no health status for it yet. */
    static boolean stillSilent(ContainerState state) {
        return state.known == ContainerStatus.RUNNING && state.healthSince == null && state.healthCheck != null;
    }

    /** The dependents that wait for it HEALTHY and have not started, in definition order. */
    static List<String> waitingForItHealthy(List<Edge> dependents, Map<String, ContainerState> states) {
        return dependents.stream().filter(edge -> edge.gate() == Gate.HEALTHY).map(edge -> states.get(edge.dependent()))
                .filter(dependent -> dependent.known == ContainerStatus.NONE && !dependent.desiredStopped)
                .map(ContainerState::name).toList();
    }

    /** What to say, given how the runtime sees the container {@code at}; null when there is nothing to say. */
    static Notice.HealthChecksNotRun notice(ContainerState state, ContainerSnapshot now, Instant at, List<String> healthyDependents,
                                            boolean podman) {
        if (!stillSilent(state) || !now.running() || now.healthChecksRan()) {
            return null;
        }
        Integer startTimeout = state.node.container() == null ? null : state.node.container().startTimeout();
        return new Notice.HealthChecksNotRun(state.name(), Duration.between(state.startedAt, at),
                firstResultDue(state.healthCheck), healthyDependents, startTimeout, podman, state.dockerId);
    }
}
