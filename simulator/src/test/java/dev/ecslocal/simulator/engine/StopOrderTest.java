package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.plan.Node;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ECS-SEMANTICS §2 as a table: a stopping task's container on the left (its known status, what is under way, the
 * known status of each container that depends on it), its next step on the right.
 */
class StopOrderTest {

    @ParameterizedTest(name = "{0} with {1} under way, dependents [{2}]: {3}")
    @CsvSource(nullValues = "-", value = {
            // known,  in flight, dependents,        step
            "NONE,     NONE,      -,                 STOPPED_AT_ONCE", // never launched
            "CREATED,  NONE,      RUNNING,           STOPPED_AT_ONCE", // never ran: its dependents do not hold it
            "NONE,     STARTING,  -,                 WAIT",            // its launch will tell how it ended
            "RUNNING,  NONE,      -,                 STOP",
            "RUNNING,  NONE,      STOPPED STOPPED,   STOP",
            "RUNNING,  NONE,      STOPPED RUNNING,   WAIT",            // reverse dependency order
            "RUNNING,  NONE,      NONE,              WAIT",            // a dependent not STOPPED yet, even if it never ran
            "RUNNING,  STOPPING,  -,                 WAIT",            // asked once; its exit arrives as an event
            "RUNNING,  STARTING,  -,                 WAIT",            // a restart under way
            "STOPPED,  NONE,      RUNNING,           WAIT",
    })
    void a_container_stops_once_its_dependents_have_and_at_once_if_it_never_ran(ContainerStatus known,
            ContainerState.Transition inFlight, String dependents, StopOrder.Step step) {
        ContainerState container = container("db", known);
        container.inFlight = inFlight;
        List<ContainerState> others = dependents == null ? List.of() : Arrays.stream(dependents.split(" "))
                .map(status -> container("app", ContainerStatus.valueOf(status))).toList();
        assertThat(StopOrder.next(container, others)).isEqualTo(step);
    }

    private static ContainerState container(String name, ContainerStatus known) {
        ContainerState state = new ContainerState(new Node(name, Node.Kind.NETWORK_PAUSE, null));
        state.known = known;
        state.desiredStopped = true;
        return state;
    }
}
