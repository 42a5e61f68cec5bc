package dev.ecslocal.simulator.metadata;

import dev.ecslocal.simulator.event.PublishedPort;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.ContainerSnapshot;
import dev.ecslocal.simulator.docker.MountPoint;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.TaskStatus;
import dev.ecslocal.simulator.event.TaskView;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.NetworkMode;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.plan.DependencyGraph;
import dev.ecslocal.simulator.plan.Node;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What the task metadata endpoint v4 says (ECS-SEMANTICS §8.2–§8.5): the task's state as the engine last published it
 * ({@link TaskView}, read without a lock), with what only Docker knows (ids, times, addresses, stats) asked of the
 * runtime when a container asks. Requests never wait for the engine, and the engine never waits for a request.
 * Each container has its own endpoint id, so identity does not depend on where a request comes from.
 */
public final class TaskMetadata {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The VPC a local EC2 task says its container instance is in: none of the user's (as {@code i-0…} for the instance). */
    static final String LOCAL_VPC_ID = "vpc-00000000000000000";
    /** Fargate's ephemeral storage when the task definition asks for none (ECS-SEMANTICS §8.3). */
    private static final int FARGATE_DEFAULT_EPHEMERAL_GIB = 20;
    private static final long MIB = 1024 * 1024;

    private final TaskDefinition task;
    private final RunIdentity run;
    private final ContainerRuntime runtime;
    private final Supplier<TaskView> view;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, String> endpointIds = new LinkedHashMap<>();
    private final TaskNetwork network;
    private final NetworkRates rates = new NetworkRates();

    /** @param view the engine's latest picture of the task; called on the server's threads */
    public TaskMetadata(TaskDefinition task, RunIdentity run, ContainerRuntime runtime, Supplier<TaskView> view) {
        this.task = task;
        this.run = run;
        this.runtime = runtime;
        this.view = view;
        this.network = new TaskNetwork(task.effectiveNetworkMode(), run.region(), run.fargate(), runtime);
        for (Node node : DependencyGraph.of(task).nodes()) {
            nodes.put(node.name(), node);
            if (!node.isInternal()) {
                // The task id first: the endpoints relay finds the run that answers by it (ECS's ids also start with it).
                endpointIds.put(node.name(), run.taskId() + "-" + UUID.randomUUID().toString().replace("-", ""));
            }
        }
    }

    /** The container's endpoint id, which its ECS_CONTAINER_METADATA_URI_V4 ends with; none for internal containers. */
    public Optional<String> endpointId(String container) {
        return Optional.ofNullable(endpointIds.get(container));
    }

    /** Which container an endpoint id is. */
    public Optional<String> containerOf(String endpointId) {
        return endpointIds.entrySet().stream().filter(e -> e.getValue().equals(endpointId)).map(Map.Entry::getKey).findFirst();
    }

    /** {@code /v4/{id}}: the container object of §8.4. */
    public ObjectNode container(String name) {
        return container(name, view.get());
    }

    private ObjectNode container(String name, TaskView now) {
        Node node = nodes.get(name);
        TaskView.ContainerView state = now.container(name).orElseThrow();
        ObjectNode json = JSON.createObjectNode();
        ContainerSnapshot docker = inspect(state.runtimeId());
        if (state.runtimeId() != null) {
            json.put("DockerId", state.runtimeId());
        }
        json.put("Name", name);
        if (docker != null) {
            json.put("DockerName", docker.name());
        }
        ContainerDefinition definition = node.container();
        json.put("Image", definition != null ? definition.image() : docker != null ? docker.image() : "");
        if (docker != null && docker.imageId() != null) {
            json.put("ImageID", docker.imageId());
        }
        if (definition != null && !definition.portMappings().isEmpty()) {
            ArrayNode ports = json.putArray("Ports");
            for (var mapping : definition.portMappings()) {
                if (mapping.containerPort() == null) {
                    continue;
                }
                ObjectNode port = ports.addObject();
                port.put("ContainerPort", mapping.containerPort());
                port.put("Protocol", mapping.effectiveProtocol().ecsName());
                publishedPort(docker, mapping.containerPort()).ifPresent(hostPort -> {
                    port.put("HostPort", hostPort.hostPort());
                    port.put("HostIp", hostPort.hostIp());
                });
                if (!port.has("HostPort") && task.effectiveNetworkMode() == NetworkMode.AWSVPC) {
                    port.put("HostPort", mapping.containerPort()); // awsvpc: HostPort = ContainerPort (§8.4)
                }
            }
        }
        // Docker's labels (the image's, the task's dockerLabels, ECS's own), less the ones ecs-local keeps for itself.
        Map<String, String> labels = new TreeMap<>();
        if (docker != null) {
            docker.labels().forEach((key, value) -> {
                if (!RunIdentity.isOwnLabel(key)) {
                    labels.put(key, value);
                }
            });
        }
        if (!labels.isEmpty()) {
            labels.forEach(json.putObject("Labels")::put);
        }
        // As the agent does, a container that stopped by itself is desired STOPPED too (restartPolicy aside, it stays so).
        json.put("DesiredStatus", state.desiredStopped() || state.known() == ContainerStatus.STOPPED ? "STOPPED" : "RUNNING");
        // The agent's pause container is RESOURCES_PROVISIONED once it holds the task's network (§5.5).
        json.put("KnownStatus", node.isInternal() && state.known() == ContainerStatus.RUNNING ? "RESOURCES_PROVISIONED"
                : state.known().name());
        if (state.exitCode() != null) {
            json.put("ExitCode", state.exitCode());
        }
        ObjectNode limits = json.putObject("Limits");
        // The agent reports a cpu under 2 as 2, Docker's minimum shares (§8.4); its pause container has no limits.
        limits.put("CPU", node.isInternal() ? 0 : Math.max(2, definition == null || definition.cpu() == null ? 0 : definition.cpu()));
        limits.put("Memory", definition == null || definition.memory() == null ? 0 : definition.memory());
        if (docker != null) {
            time(json, "CreatedAt", docker.createdAt());
            time(json, "StartedAt", docker.startedAt());
            time(json, "FinishedAt", docker.finishedAt());
        }
        json.put("Type", switch (node.kind()) {
            case CONTAINER -> "NORMAL";
            case NETWORK_PAUSE -> "CNI_PAUSE";
            case NAMESPACE_PAUSE -> "NAMESPACE_PAUSE";
        });
        // awsvpc members share the holder's namespace: its interface is the task's.
        network.describe(json.putArray("Networks").addObject(), task.effectiveNetworkMode() == NetworkMode.AWSVPC
                && !name.equals(DependencyGraph.NETWORK_PAUSE) ? holder(now) : docker);
        if (definition != null && definition.healthCheck() != null) {
            ObjectNode health = json.putObject("Health");
            health.put("status", state.health().name());
            if (state.healthSince() != null) {
                time(health, "statusSince", state.healthSince());
            }
            if (state.healthOutput() != null && !state.healthOutput().isEmpty()) {
                health.put("output", state.healthOutput()); // the agent leaves an empty output out
            }
        }
        if (docker != null && !docker.mounts().isEmpty()) {
            ArrayNode volumes = json.putArray("Volumes");
            for (MountPoint mount : docker.mounts()) {
                ObjectNode volume = volumes.addObject();
                if (mount.volumeName() != null) {
                    volume.put("DockerName", mount.volumeName()); // a bind mount has no name
                }
                if (mount.source() != null && !mount.source().isEmpty()) {
                    volume.put("Source", mount.source());
                }
                if (mount.destination() != null) {
                    volume.put("Destination", mount.destination());
                }
            }
        }
        if (definition != null && definition.logConfiguration() != null) {
            json.put("LogDriver", definition.logConfiguration().logDriver());
            ObjectNode options = json.putObject("LogOptions");
            new java.util.TreeMap<>(definition.logConfiguration().options()).forEach(options::put);
        }
        if (!node.isInternal()) {
            json.put("ContainerARN", run.containerArn(name)); // the agent's pause container is no ECS container: no ARN
        }
        if (run.fargate() && docker != null && docker.storageDriver() != null) {
            json.put("Snapshotter", docker.storageDriver()); // Fargate's containerd says overlayfs; Docker names its driver
        }
        if (definition != null && definition.restartPolicy() != null && Boolean.TRUE.equals(definition.restartPolicy().enabled())) {
            json.put("RestartCount", state.restartCount());
        }
        return json;
    }

    /** {@code /v4/{id}/task} (and {@code taskWithTags}): §8.3, with every container, internal ones too except on Fargate. */
    public ObjectNode task(boolean withTags) {
        TaskView now = view.get();
        TaskStatus taskStatus = now.status();
        ObjectNode json = JSON.createObjectNode();
        json.put("Cluster", run.cluster());
        json.put("TaskARN", run.taskArn());
        json.put("Family", run.family());
        json.put("Revision", Integer.toString(run.revision()));
        json.put("DesiredStatus", taskStatus == TaskStatus.STOPPING || taskStatus == TaskStatus.STOPPED ? "STOPPED" : "RUNNING");
        json.put("KnownStatus", switch (taskStatus) {
            case PENDING -> now.containers().stream().anyMatch(c -> !c.known().isBefore(ContainerStatus.CREATED)) ? "CREATED" : "NONE";
            case RUNNING, STOPPING -> "RUNNING";
            case STOPPED -> "STOPPED";
        });
        if (task.cpu() != null || task.memory() != null) {
            ObjectNode limits = json.putObject("Limits");
            units(task.cpu()).ifPresent(cpu -> limits.put("CPU", cpu / 1024.0));
            units(task.memory()).ifPresent(memory -> limits.put("Memory", memory));
        }
        time(json, "PullStartedAt", now.pullStartedAt());
        time(json, "PullStoppedAt", now.pullStoppedAt());
        time(json, "ExecutionStoppedAt", now.executionStoppedAt());
        json.put("AvailabilityZone", availabilityZone(run.region()));
        if (!run.fargate()) {
            json.put("VPCID", LOCAL_VPC_ID); // the container instance's VPC: Fargate gives none
        }
        // No ServiceName: a local task is in no service, and the agent leaves the field out for such a task.
        json.put("LaunchType", run.fargate() ? "FARGATE" : "EC2");
        if (withTags) {
            ObjectNode tags = json.putObject("TaskTags");
            task.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
            json.putObject("ContainerInstanceTags");
        }
        ArrayNode containers = json.putArray("Containers");
        for (String name : nodes.keySet()) {
            if (listed(name)) {
                containers.add(container(name, now));
            }
        }
        if (run.fargate()) {
            fargateOnly(json, now);
        }
        json.put("FaultInjectionEnabled", Boolean.TRUE.equals(task.enableFaultInjection()));
        return json;
    }

    /**
     * What only Fargate's /task says: the clock's state and the task's ephemeral storage. Containers read the daemon
     * machine's own clock, the one reference they have, so there is no drift between them to report; the storage
     * reserved is what the task definition asks (ECS's 20 GiB by default) and the storage used is what the task's
     * containers have written to their own filesystems.
     */
    private void fargateOnly(ObjectNode json, TaskView now) {
        ObjectNode clock = json.putObject("ClockDrift");
        clock.put("ClockErrorBound", 0.0);
        time(clock, "ReferenceTimestamp", Instant.now());
        clock.put("ClockSynchronizationStatus", "SYNCHRONIZED");
        long written = 0;
        for (TaskView.ContainerView container : now.containers()) {
            if (container.runtimeId() != null) {
                try {
                    written += runtime.writableLayerBytes(container.runtimeId());
                } catch (RuntimeFailure gone) {
                    // removed meanwhile: it holds nothing
                }
            }
        }
        ObjectNode storage = json.putObject("EphemeralStorageMetrics");
        storage.put("Utilized", written / MIB);
        int reservedGiB = task.ephemeralStorage() != null && task.ephemeralStorage().sizeInGiB() != null
                ? task.ephemeralStorage().sizeInGiB() : FARGATE_DEFAULT_EPHEMERAL_GIB;
        storage.put("Reserved", reservedGiB * 1024L);
    }

    /** The zone a local task says it is in: the region's first zone's name, {@code us-east-1a}; no zone is chosen. */
    static String availabilityZone(String region) {
        return region + "a";
    }

    /**
     * {@code /v4/{id}/stats}: Docker's stats of the container, with the agent's {@code network_rate_stats} where Docker
     * gives networks; {@code {}} when it has none (not running).
     */
    public JsonNode stats(String name) {
        String runtimeId = view.get().container(name).map(TaskView.ContainerView::runtimeId).orElse(null);
        if (runtimeId == null) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode stats = JSON.readTree(runtime.stats(runtimeId));
            if (stats instanceof ObjectNode object && object.has("networks")) {
                ContainerSnapshot docker = inspect(runtimeId);
                rates.add(name, object, docker == null ? null : docker.startedAt());
            }
            return stats;
        } catch (RuntimeFailure | java.io.IOException unavailable) {
            return JSON.createObjectNode();
        }
    }

    /** Fargate's /task and /task/stats list the task's own containers only; on EC2 the agent lists its pause container too. */
    private boolean listed(String container) {
        return !(run.fargate() && nodes.get(container).isInternal());
    }

    /** {@code /v4/{id}/task/stats}: each container's stats by Docker id (§8.5). */
    public ObjectNode taskStats() {
        Map<String, String> ids = new LinkedHashMap<>();
        view.get().containers().stream().filter(c -> c.runtimeId() != null && listed(c.name()))
                .forEach(c -> ids.put(c.name(), c.runtimeId()));
        ObjectNode json = JSON.createObjectNode();
        ids.forEach((name, id) -> json.set(id, stats(name)));
        return json;
    }

    /** The Docker ids of the task's containers that exist now. */
    public java.util.Set<String> runtimeIds() {
        return view.get().containers().stream().map(TaskView.ContainerView::runtimeId).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** The task's containers' addresses on Docker's default bridge: who may ask for the task's credentials. */
    public java.util.Set<String> addresses() {
        java.util.Set<String> addresses = new java.util.HashSet<>();
        java.util.List<String> ids = view.get().containers().stream().map(TaskView.ContainerView::runtimeId)
                .filter(java.util.Objects::nonNull).toList();
        for (String id : ids) {
            ContainerSnapshot snapshot = inspect(id);
            if (snapshot != null && snapshot.ipAddress() != null) {
                addresses.add(snapshot.ipAddress());
            }
        }
        return addresses;
    }

    private ContainerSnapshot holder(TaskView now) {
        return inspect(now.container(DependencyGraph.NETWORK_PAUSE).map(TaskView.ContainerView::runtimeId).orElse(null));
    }

    private ContainerSnapshot inspect(String runtimeId) {
        if (runtimeId == null) {
            return null;
        }
        try {
            return runtime.inspect(runtimeId);
        } catch (RuntimeFailure gone) {
            return null;
        }
    }

    private static Optional<PublishedPort> publishedPort(ContainerSnapshot docker, int containerPort) {
        return docker == null ? Optional.empty()
                : docker.ports().stream().filter(p -> p.containerPort() == containerPort).findFirst();
    }

    private static Optional<Integer> units(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(Integer.parseInt(value.strip()));
        } catch (NumberFormatException notUnits) {
            return Optional.empty(); // "1 vCPU" / "2 GB": validation has said so
        }
    }

    private static void time(ObjectNode json, String field, Instant at) {
        if (at != null) {
            json.put(field, DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MILLIS)));
        }
    }

    /** The run's task id, which every endpoint id starts with. */
    public String taskId() {
        return run.taskId();
    }

    public String taskArn() {
        return run.taskArn();
    }
}
