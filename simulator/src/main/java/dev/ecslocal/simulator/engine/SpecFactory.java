package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.plan.Node;

import java.util.List;
import java.util.function.Function;

/**
 * Turns a node of the task into the container to create. Called on the engine's loop once the node's
 * dependencies are met, so it may refer to them as they run (awsvpc's {@code container:<pause id>}, volumesFrom,
 * the FireLens router's address in bridge mode).
 */
public interface SpecFactory {
    ContainerSpec spec(Node node, Started started);

    /**
     * What the task needs on the host before any container is created (the agent's task resources, ECS-SEMANTICS
     * §1.5), and removes after the last one: created in this order, removed in the reverse.
     */
    default List<HostResource> hostResources() {
        return List.of();
    }

    /** What the engine knows of containers that have started; asked only about a node's dependencies. */
    interface Started {
        String runtimeId(String name);

        /** Its address on Docker's default bridge; null when it has none (awsvpc members, host, none). */
        String bridgeAddress(String name);

        /** Runtime ids only: for specs that need no address. */
        static Started ids(Function<String, String> runtimeIdOf) {
            return new Started() {
                @Override
                public String runtimeId(String name) {
                    return runtimeIdOf.apply(name);
                }

                @Override
                public String bridgeAddress(String name) {
                    return null;
                }
            };
        }
    }
}
