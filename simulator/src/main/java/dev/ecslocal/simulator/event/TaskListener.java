package dev.ecslocal.simulator.event;

/**
 * Who hears about a run: its events, in order, from the engine's loop; and the containers' log lines,
 * as they come, from the runtime's log threads (many lines, no state: they do not go through the loop).
 */
@FunctionalInterface
public interface TaskListener {
    void event(TaskEvent event);

    default void log(ContainerLog line) {
    }

    /** A FireLens record, from the receiver's threads, as the router would have passed it on. */
    default void routed(RoutedRecord record) {
    }
}
