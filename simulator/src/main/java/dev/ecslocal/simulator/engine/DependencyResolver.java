package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.HealthStatus;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.plan.Edge;
import dev.ecslocal.simulator.plan.Gate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * May a container take its next step, given one of its dependencies, or all of them? Pure: the agent's
 * containerOrderingDependenciesIsResolved and its terminal cases (ECS-SEMANTICS §1.1, §1.3, §1.4),
 * evaluated on the engine's state at a given instant.
 */
final class DependencyResolver {
    /** The prefix of every terminal dependency reason: the agent's CannotStartContainerError. */
    static final String CANNOT_START = "CannotStartContainerError: dependency graph: ";

    private DependencyResolver() {
    }

    /** All of a container's dependencies at once: the first "never" wins, then the first "not yet". */
    static Resolution resolveAll(List<Edge> dependencies, Map<String, ContainerState> states, Instant now) {
        Resolution.Waiting firstWait = null;
        Instant deadline = null;
        boolean stuck = false;
        for (Edge edge : dependencies) {
            Resolution resolution = resolve(edge, states.get(edge.dependency()), now);
            if (resolution instanceof Resolution.Never) {
                return resolution;
            }
            if (resolution instanceof Resolution.Waiting waiting) {
                firstWait = firstWait == null ? waiting : firstWait;
                stuck |= waiting.stuck();
                if (waiting.deadline() != null && (deadline == null || waiting.deadline().isBefore(deadline))) {
                    deadline = waiting.deadline();
                }
            }
        }
        // Stuck if any wait is: the container cannot start until all of them end.
        return firstWait == null ? Resolution.SATISFIED : new Resolution.Waiting(firstWait.why(), deadline, stuck && deadline == null);
    }

    static Resolution resolve(Edge edge, ContainerState dependency, Instant now) {
        String target = edge.dependent();
        String dep = edge.dependency();
        // volumesFrom needs the source's mounts, not its process: created is enough, even if it then failed
        // to start (the agent's own datavolume test runs a data container whose command does not exist).
        if (edge.gate() == Gate.CREATE && dependency.dockerId != null) {
            return Resolution.SATISFIED;
        }
        if (dependency.willNeverStart()) {
            return new Resolution.Never(CANNOT_START + "failed to resolve container ordering dependency [" + dep
                    + "] for target [" + target + "] because dependency will never start");
        }
        switch (edge.gate()) {
            case CREATE:
                return new Resolution.Waiting(dep + " to be created", null, false);
            case START:
            case RESOURCES_PROVISIONED:
                // "Docker start returned", or it already ran and exited: both satisfy START.
                return dependency.known.isBefore(ContainerStatus.RUNNING)
                        ? new Resolution.Waiting(dep + " to start", null, false) : Resolution.SATISFIED;
            case COMPLETE:
                if (dependency.known == ContainerStatus.STOPPED && dependency.exitCode != null) {
                    return Resolution.SATISFIED;
                }
                return timedOrWaiting(edge, dependency, now, dep + " to exit", false);
            case SUCCESS:
                if (dependency.known == ContainerStatus.STOPPED) {
                    if (dependency.exitCode != null && dependency.exitCode == 0) {
                        return Resolution.SATISFIED;
                    }
                    return new Resolution.Never(CANNOT_START + "failed to resolve container ordering dependency [" + dep
                            + "] for target [" + target + "] as dependency did not exit successfully.");
                }
                return timedOrWaiting(edge, dependency, now, dep + " to exit with code 0", false);
            case HEALTHY:
                // HEALTHY once is enough: the agent never resets health, even after the dependency exits.
                if (dependency.hasHealthCheck() && dependency.health == HealthStatus.HEALTHY) {
                    return Resolution.SATISFIED;
                }
                return timedOrWaiting(edge, dependency, now, dep + " HEALTHY" + healthNote(dependency), cannotTurnHealthy(dependency));
            default:
                throw new IllegalStateException("unknown gate " + edge.gate());
        }
    }

    /**
     * startTimeout is the dependency's, counts from its start, and only while it has not stopped
     * (§1.4). Without one, or once the dependency stopped, a wait that cannot end waits for ever, as in ECS.
     */
    private static Resolution timedOrWaiting(Edge edge, ContainerState dependency, Instant now, String why, boolean stuck) {
        ContainerDefinition definition = dependency.node.container();
        Integer timeout = definition == null ? null : definition.startTimeout();
        if (timeout != null && timeout > 0 && dependency.startedAt != null && dependency.known != ContainerStatus.STOPPED) {
            Instant deadline = dependency.startedAt.plus(Duration.ofSeconds(timeout));
            if (!now.isBefore(deadline)) {
                return new Resolution.Never(CANNOT_START + "container ordering dependency [" + edge.dependency()
                        + "] for target [" + edge.dependent() + "] has timed out.");
            }
            return new Resolution.Waiting(why, deadline, false);
        }
        return new Resolution.Waiting(why, null, stuck);
    }

    /**
     * Health that cannot turn HEALTHY by itself as things stand: no health check, an exit before it was
     * HEALTHY, or UNHEALTHY (Docker keeps probing, so it may still recover, but nothing in ECS makes it).
     */
    private static boolean cannotTurnHealthy(ContainerState dependency) {
        return !dependency.hasHealthCheck() || dependency.known == ContainerStatus.STOPPED
                || dependency.health == HealthStatus.UNHEALTHY;
    }

    private static String healthNote(ContainerState dependency) {
        if (!dependency.hasHealthCheck()) {
            return "; it has no healthCheck, so it never will";
        }
        if (dependency.known == ContainerStatus.STOPPED) {
            return "; it exited" + (dependency.exitCode == null ? "" : " with code " + dependency.exitCode)
                    + " without being HEALTHY, so ECS would wait for ever";
        }
        if (dependency.health == HealthStatus.UNHEALTHY) {
            return "; it is UNHEALTHY" + (dependency.healthOutput == null || dependency.healthOutput.isBlank()
                    ? "" : " (last check output: " + dependency.healthOutput.strip() + ")");
        }
        return dependency.known == ContainerStatus.RUNNING ? "; its health is not known yet" : "";
    }
}
