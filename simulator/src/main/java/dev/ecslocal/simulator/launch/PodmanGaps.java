package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.api.RunRefusedException;
import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.TaskDefinition;

import java.util.List;

/**
 * What a task asks of Docker that Podman's Docker-compatible API cannot do, refused before anything is created: on
 * Podman the first such container would fail only after the ones before it had started (docs/docker-notes.md).
 *
 * <p>Podman 4.3 answers a create with {@code HostConfig.Links} with 400 "bad parameter: link is not supported". ECS's
 * bridge links (the other container's name and alias in {@code /etc/hosts}, on Docker's default bridge) have no
 * equivalent there: Podman's default network gives containers no names at all, and it resolves names (container names
 * and network aliases, through aardvark-dns) only on a user-defined network, which ECS's bridge mode does not use.
 */
final class PodmanGaps {
    private PodmanGaps() {
    }

    /** Refuses, naming every container that uses links and what to do instead; does nothing on Docker Engine. */
    static void check(TaskDefinition task, ContainerRuntime runtime) throws RunRefusedException {
        if (runtime.product() != ContainerRuntime.Product.PODMAN) {
            return;
        }
        List<ContainerDefinition> linking = task.containerDefinitions().stream().filter(c -> !c.links().isEmpty()).toList();
        if (linking.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("this task cannot run on " + runtime.description() + ": "
                + (linking.size() == 1 ? "a container uses" : linking.size() + " containers use") + " links, which Podman's "
                + "Docker-compatible API refuses (\"link is not supported\")\n");
        for (ContainerDefinition container : linking) {
            message.append("  ").append(container.name()).append(" › links: ").append(String.join(", ", container.links()))
                    .append('\n');
        }
        message.append("ECS's bridge links have no Podman equivalent: on Podman's default network containers have no names "
                + "(Podman resolves container names and aliases only on a user-defined network, which ECS's bridge mode does "
                + "not use). To run this task, either\n"
                + "  - run it on Docker Engine: unset DOCKER_HOST, or point it at dockerd's socket; or\n"
                + "  - make it networkMode awsvpc, remove links, and call the other containers at 127.0.0.1 on their "
                + "containerPort: an awsvpc task's containers share one network namespace, on ECS as here.");
        throw new RunRefusedException(RunRefusedException.Kind.CANNOT_START, message.toString());
    }
}
