package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.HealthStatus;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.plan.Cause;
import dev.ecslocal.simulator.plan.Edge;
import dev.ecslocal.simulator.plan.Gate;
import dev.ecslocal.simulator.plan.Node;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ECS-SEMANTICS §1.1 as a table: the dependency's state on the left, the answer for the dependent on
 * the right. The dependency "dep" started at 0 s where it started at all; "now" is 10 s; startTimeout
 * is the dependency's.
 */
class DependencyResolverTest {
    private static final Instant ZERO = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest(name = "{0} on a dependency {1} exit={2} health={3} started={4} desiredStopped={5} startTimeout={6}: {7}")
    @CsvSource(nullValues = "-", value = {
            // gate,   known,   exit, health,    started, desiredStopped, startTimeout, answer
            "START,    NONE,    -,    UNKNOWN,   false,   false,  -,  WAITING",
            "START,    CREATED, -,    UNKNOWN,   false,   false,  -,  WAITING",
            "START,    RUNNING, -,    UNKNOWN,   true,    false,  -,  SATISFIED",
            "START,    STOPPED, 1,    UNKNOWN,   true,    true,   -,  SATISFIED",   // it ran and exited
            "START,    NONE,    -,    UNKNOWN,   false,   true,   -,  NEVER",       // will never start
            "START,    STOPPED, -,    UNKNOWN,   false,   true,   -,  NEVER",       // failed to start
            "COMPLETE, RUNNING, -,    UNKNOWN,   true,    false,  -,  WAITING",
            "COMPLETE, STOPPED, 1,    UNKNOWN,   true,    true,   -,  SATISFIED",
            "COMPLETE, RUNNING, -,    UNKNOWN,   true,    false,  5,  NEVER",       // startTimeout 5 s, now 10 s
            "COMPLETE, RUNNING, -,    UNKNOWN,   true,    false,  30, WAITING",
            "SUCCESS,  STOPPED, 0,    UNKNOWN,   true,    true,   -,  SATISFIED",
            "SUCCESS,  STOPPED, 1,    UNKNOWN,   true,    true,   -,  NEVER",
            "SUCCESS,  RUNNING, -,    UNKNOWN,   true,    false,  5,  NEVER",
            "HEALTHY,  RUNNING, -,    HEALTHY,   true,    false,  -,  SATISFIED",
            "HEALTHY,  RUNNING, -,    UNHEALTHY, true,    false,  -,  WAITING",     // not terminal: ECS waits for ever
            "HEALTHY,  RUNNING, -,    UNHEALTHY, true,    false,  5,  NEVER",
            "HEALTHY,  STOPPED, 0,    HEALTHY,   true,    true,   -,  SATISFIED",   // health is never reset
            "HEALTHY,  STOPPED, 1,    UNKNOWN,   true,    true,   5,  WAITING",     // timeout stops counting at exit
            "CREATE,   CREATED, -,    UNKNOWN,   false,   false,  -,  SATISFIED",
            "CREATE,   STOPPED, -,    UNKNOWN,   false,   true,   -,  SATISFIED",   // created, then failed to start
            "CREATE,   NONE,    -,    UNKNOWN,   false,   true,   -,  NEVER",
    })
    void resolves(Gate gate, ContainerStatus known, Integer exitCode, HealthStatus health, boolean started,
                  boolean desiredStopped, Integer startTimeout, String answer) {
        ContainerDefinition definition = new ContainerDefinition("dep", "img", null, null, 64, null, null, null, false,
                null, null, null, null, null, null, null, null, null, null, startTimeout, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null,
                new ContainerDefinition.HealthCheck(java.util.List.of("CMD", "true"), null, null, null, null),
                null, null, null, null);
        ContainerState dependency = new ContainerState(new Node("dep", Node.Kind.CONTAINER, definition));
        dependency.known = known;
        dependency.exitCode = exitCode;
        dependency.health = health;
        dependency.desiredStopped = desiredStopped;
        dependency.startedAt = started ? ZERO : null;
        dependency.dockerId = known.isBefore(ContainerStatus.CREATED) ? null : "id-dep";
        Resolution resolution = DependencyResolver.resolve(new Edge("app", "dep", gate, Cause.DEPENDS_ON), dependency,
                ZERO.plusSeconds(10));
        String actual = resolution instanceof Resolution.Satisfied ? "SATISFIED"
                : resolution instanceof Resolution.Waiting ? "WAITING" : "NEVER";
        assertThat(actual).as(resolution.toString()).isEqualTo(answer);
    }
}
