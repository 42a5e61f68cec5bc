package dev.ecslocal.simulator.event;

/**
 * Who hears about a run, from several threads (an implementation that keeps state synchronizes it): the engine's
 * events, in order, from its loop; the run's set-up notices, from the thread that starts it and, later, from the
 * FireLens watch; injected faults, from the fault scheduler; the containers' log lines, as they come, from the
 * runtime's log threads, and FireLens records from the receivers' (many lines, no state: they do not go through
 * the loop).
 */
@FunctionalInterface
public interface TaskListener {
    void event(TaskEvent event);

    default void log(ContainerLog line) {
    }

    /** A FireLens record, from the receiver's threads, as the router would have passed it on. */
    default void routed(RoutedRecord record) {
    }

    /** This listener, then {@code next}, for everything a run says. */
    default TaskListener and(TaskListener next) {
        TaskListener first = this;
        return new TaskListener() {
            @Override
            public void event(TaskEvent event) {
                first.event(event);
                next.event(event);
            }

            @Override
            public void log(ContainerLog line) {
                first.log(line);
                next.log(line);
            }

            @Override
            public void routed(RoutedRecord record) {
                first.routed(record);
                next.routed(record);
            }
        };
    }
}
