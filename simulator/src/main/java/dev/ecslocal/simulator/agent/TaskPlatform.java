package dev.ecslocal.simulator.agent;

import dev.ecslocal.simulator.docker.PullAuth;
import dev.ecslocal.simulator.docker.PullCredentials;
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
 * @param ecrTokens gives an Amazon ECR token for a pull Docker has no credentials for; null: the run was not asked to
 */
public record TaskPlatform(TaskInputs inputs, Function<String, Map<String, String>> endpoints, String region,
                           String endpointsNetwork, PullCredentials.EcrLogin ecrTokens) {
    public TaskPlatform(TaskInputs inputs, Function<String, Map<String, String>> endpoints, String region, String endpointsNetwork) {
        this(inputs, endpoints, region, endpointsNetwork, null);
    }

    public static TaskPlatform none(TaskDefinition task) {
        return new TaskPlatform(TaskInputs.none(task), container -> Map.of(), null, null);
    }

    /** What the container's pull adds to Docker's credentials: its repositoryCredentials, and ECR tokens if asked. */
    public PullCredentials pullCredentials(String container) {
        PullAuth task = inputs.registryAuth(container);
        return task == null && ecrTokens == null ? PullCredentials.DOCKER : new PullCredentials(task, ecrTokens);
    }
}
