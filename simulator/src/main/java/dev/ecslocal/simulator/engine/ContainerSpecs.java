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
    private final String publishAddress;
    private final Map<String, TaskVolume> volumes = new LinkedHashMap<>();

    /**
     * @param publishAddress the host address published ports listen on (127.0.0.1 unless the user says
     *                       otherwise: a laptop is not an ENI)
     */
    public ContainerSpecs(TaskDefinition task, int revision, String taskId, String pauseImage, String publishAddress,
                          List<TaskVolume> volumes) {
        this.task = task;
        this.revision = revision;
        this.taskId = taskId;
        this.pauseImage = pauseImage;
        this.publishAddress = publishAddress;
        volumes.forEach(volume -> this.volumes.put(volume.name(), volume));
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

        if (node.isInternal()) {
            return new ContainerSpec(dockerName(node.name()), pauseImage, List.of(), PAUSE_COMMAND, List.of(), labels,
                    null, null, null, null, "bridge", node.kind() == Node.Kind.NETWORK_PAUSE ? taskPorts() : List.of(),
                    List.of(), List.of(), List.of(), ContainerSpec.Limits.NONE);
        }
        NetworkMode mode = task.effectiveNetworkMode();
        return new ContainerSpec(dockerName(node.name()), container.image(), container.entryPoint(), container.command(),
                environment(container), labels, container.user(), container.workingDirectory(),
                mode == NetworkMode.AWSVPC ? null : container.hostname(),
                healthCheck(container.healthCheck()), networkMode(runtimeIdOf),
                mode == NetworkMode.BRIDGE ? ports(container, true) : List.of(),
                mounts(container), volumesFrom(container, runtimeIdOf), links(container), limits(container));
    }

    /** ECS's form, ecs-&lt;family&gt;-&lt;revision&gt;-&lt;name&gt;-&lt;hex&gt;, with the run's id: two runs never clash. */
    String dockerName(String nodeName) {
        return "ecs-local-" + task.family() + "-" + revision + "-" + nodeName.replaceAll("[^A-Za-z0-9-]", "") + "-" + taskId;
    }

    /**
     * awsvpc: every container's ports, published on the holder whose network they share. ECS publishes
     * nothing (traffic reaches the ENI); locally the host stands in for the ENI, so hostPort = containerPort.
     */
    private List<ContainerSpec.PortBinding> taskPorts() {
        return task.containerDefinitions().stream().flatMap(c -> ports(c, false).stream()).toList();
    }

    /** @param dynamic bridge: an absent or 0 hostPort lets the daemon choose one */
    private List<ContainerSpec.PortBinding> ports(ContainerDefinition container, boolean dynamic) {
        return container.portMappings().stream()
                .filter(mapping -> mapping.containerPort() != null)
                .map(mapping -> new ContainerSpec.PortBinding(mapping.containerPort(), mapping.effectiveProtocol().ecsName(),
                        publishAddress, dynamic ? (mapping.hostPort() == null ? 0 : mapping.hostPort()) : mapping.containerPort()))
                .toList();
    }

    private List<ContainerSpec.Mount> mounts(ContainerDefinition container) {
        return container.mountPoints().stream().map(mount -> {
            TaskVolume volume = volumes.get(mount.sourceVolume());
            ContainerSpec.Mount.Type type = volume.kind() == TaskVolume.Kind.BIND_MOUNT
                    ? ContainerSpec.Mount.Type.BIND : ContainerSpec.Mount.Type.VOLUME;
            return new ContainerSpec.Mount(type, volume.source(), mount.containerPath(), Boolean.TRUE.equals(mount.readOnly()));
        }).toList();
    }

    private static List<String> volumesFrom(ContainerDefinition container, Function<String, String> runtimeIdOf) {
        return container.volumesFrom().stream()
                .map(from -> runtimeIdOf.apply(from.sourceContainer()) + (Boolean.TRUE.equals(from.readOnly()) ? ":ro" : ""))
                .toList();
    }

    /** bridge's only name resolution: {@code name[:alias]} becomes an /etc/hosts entry (§5.2). */
    private List<String> links(ContainerDefinition container) {
        return container.links().stream().map(link -> {
            String target = DependencyGraph.linkTarget(link);
            String alias = link.contains(":") ? link.substring(link.indexOf(':') + 1) : target;
            return dockerName(target) + ":" + alias;
        }).toList();
    }

    /** cpu units are Docker CPU shares; the agent raises anything below 2 to 2 (Docker's minimum). */
    private static ContainerSpec.Limits limits(ContainerDefinition container) {
        Integer cpu = container.cpu() == null || container.cpu() == 0 ? null : Math.max(2, container.cpu());
        return new ContainerSpec.Limits(container.memory(), container.memoryReservation(), cpu);
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
