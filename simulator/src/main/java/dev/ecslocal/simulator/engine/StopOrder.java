package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.event.ContainerStatus;

import java.util.Collection;

/**
 * The order in which a stopping task's containers stop (ECS-SEMANTICS §2): reverse dependency order, in parallel
 * otherwise. Pure: the next step of one container towards STOPPED, evaluated on the engine's state; taking it is the
 * engine's.
 */
final class StopOrder {
    enum Step {
        /** STOPPED already, a start or stop of it under way, or a container that depends on it has not stopped. */
        WAIT,
        /** It never ran: STOPPED at once, without a runtime call. That may free the containers it depends on. */
        STOPPED_AT_ONCE,
        /** Docker's stop, with its stopTimeout as grace: every container that depends on it has stopped. */
        STOP
    }

    private StopOrder() {
    }

    /** @param dependents the containers that depend on it, in any order */
    static Step next(ContainerState container, Collection<ContainerState> dependents) {
        if (container.known == ContainerStatus.STOPPED || container.inFlight != ContainerState.Transition.NONE) {
            return Step.WAIT;
        }
        if (container.known.isBefore(ContainerStatus.RUNNING)) {
            return Step.STOPPED_AT_ONCE;
        }
        return dependents.stream().allMatch(dependent -> dependent.known == ContainerStatus.STOPPED) ? Step.STOP : Step.WAIT;
    }
}
