package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.ContainerDefinition.HealthCheck;
import dev.ecslocal.simulator.model.NetworkMode;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.plan.DependencyGraph;
import dev.ecslocal.simulator.plan.Node;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the ECS agent's createContainer makes of a container definition, as a {@link ContainerSpec}
 * (ECS-SEMANTICS §4.1, §5, §8.6). Pure: the runtime ids of other containers are asked for, not looked up.
 */
public final class ContainerSpecs implements SpecFactory {
    /** ecs-local's cluster: every local task runs in it, and its ARNs say so. */
    public static final String CLUSTER = "ecs-local";
    public static final String CONTAINER_LABEL = "ecs-local.container";

    /**
     * Keeps the netns holder alive doing nothing, and ends at once on its stop signal (a shell as PID 1
     * has no default signal handlers, so the trap is needed).
     */
    static final List<String> PAUSE_COMMAND = List.of("sh", "-c", "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done");

    private final TaskDefinition task;
    private final int revision;
    private final String taskId;
    private final String pauseImage;

    public ContainerSpecs(TaskDefinition task, int revision, String taskId, String pauseImage) {
        this.task = task;
        this.revision = revision;
        this.taskId = taskId;
        this.pauseImage = pauseImage;
    }

    /** The task's ARN, in ECS's form, in the local cluster and a local account. */
    public String taskArn() {
        return "arn:aws:ecs:local:000000000000:task/" + CLUSTER + "/" + taskId;
    }

    @Override
    public ContainerSpec spec(Node node, Function<String, String> runtimeIdOf) {
        Map<String, String> labels = new LinkedHashMap<>();
        ContainerDefinition container = node.container();
        if (container != null) {
            labels.putAll(container.dockerLabels());
        }
        // The labels ECS sets win over the user's of the same key (§8.6).
        labels.put("com.amazonaws.ecs.task-arn", taskArn());
        labels.put("com.amazonaws.ecs.container-name", node.name());
        labels.put("com.amazonaws.ecs.task-definition-family", task.family());
        labels.put("com.amazonaws.ecs.task-definition-version", Integer.toString(revision));
        labels.put("com.amazonaws.ecs.cluster", CLUSTER);
        labels.put(TaskEngine.TASK_LABEL, taskId);
        labels.put(CONTAINER_LABEL, node.name());

        String name = "ecs-local-" + task.family() + "-" + revision + "-" + node.name().replaceAll("[^A-Za-z0-9-]", "")
                + "-" + taskId;
        if (node.isInternal()) {
            return new ContainerSpec(name, pauseImage, List.of(), PAUSE_COMMAND, List.of(), labels, "bridge", null);
        }
        return new ContainerSpec(name, container.image(), container.entryPoint(), container.command(),
                environment(container), labels, networkMode(runtimeIdOf), healthCheck(container.healthCheck()));
    }

    private String networkMode(Function<String, String> runtimeIdOf) {
        NetworkMode mode = task.effectiveNetworkMode();
        // awsvpc: every container joins the holder's network namespace (§5.5).
        return mode == NetworkMode.AWSVPC ? "container:" + runtimeIdOf.apply(DependencyGraph.NETWORK_PAUSE) : mode.ecsName();
    }

    /** {@code NAME=value} in definition order; Docker keeps the last of a repeated name, as ECS's map does. */
    private static List<String> environment(ContainerDefinition container) {
        return container.environment().stream()
                .filter(pair -> pair.name() != null)
                .map(pair -> pair.name() + "=" + (pair.value() == null ? "" : pair.value()))
                .toList();
    }

    /** Every value explicit: ECS's defaults are not Docker's (timeout 5 s, not 30 s: §4.1, §12.9). */
    static ContainerSpec.HealthCheck healthCheck(HealthCheck check) {
        if (check == null) {
            return null;
        }
        return new ContainerSpec.HealthCheck(check.command(),
                Duration.ofSeconds(orDefault(check.interval(), HealthCheck.DEFAULT_INTERVAL_SECONDS)),
                Duration.ofSeconds(orDefault(check.timeout(), HealthCheck.DEFAULT_TIMEOUT_SECONDS)),
                orDefault(check.retries(), HealthCheck.DEFAULT_RETRIES),
                Duration.ofSeconds(orDefault(check.startPeriod(), HealthCheck.DEFAULT_START_PERIOD_SECONDS)));
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
