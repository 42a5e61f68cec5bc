package dev.ecslocal.simulator.agent;

import dev.ecslocal.simulator.model.TaskDefinition;

import java.util.Map;
import java.util.function.Function;

/**
 * What ECS provides around a task's containers (ECS-SEMANTICS §8, §9), as the specs need it.
 *
 * @param inputs    the secrets and environment files, resolved before any container is created
 * @param endpoints a container's variables for the metadata and credentials endpoints (§8.1); empty when
 *                  nothing serves them, since a URI nobody answers makes SDKs wait for their timeouts
 * @param region    the task's region for AWS_REGION and AWS_DEFAULT_REGION; null: none
 * @param endpointsNetwork the Docker network on which the endpoints answer, which the task's network joins (the
 *                  awsvpc holder, each bridge-mode container); null: none to join
 */
public record TaskPlatform(TaskInputs inputs, Function<String, Map<String, String>> endpoints, String region,
                           String endpointsNetwork) {
    public static TaskPlatform none(TaskDefinition task) {
        return new TaskPlatform(TaskInputs.none(task), container -> Map.of(), null, null);
    }
}
