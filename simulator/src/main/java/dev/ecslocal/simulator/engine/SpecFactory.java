package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.plan.Node;

import java.util.function.Function;

/**
 * Turns a node of the task into the container to create. Called on the engine's loop once the node's
 * dependencies are met, so it may refer to them by their runtime ids (awsvpc's {@code container:<pause id>},
 * volumesFrom).
 */
@FunctionalInterface
public interface SpecFactory {
    ContainerSpec spec(Node node, Function<String, String> runtimeIdOf);
}
