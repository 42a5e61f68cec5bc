package dev.ecslocal.simulator.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.ContainerSnapshot;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.engine.ContainerStatus;
import dev.ecslocal.simulator.engine.HealthStatus;
import dev.ecslocal.simulator.engine.TaskEvent;
import dev.ecslocal.simulator.engine.TaskListener;
import dev.ecslocal.simulator.engine.TaskStatus;
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
import java.util.UUID;

/**
 * What the task metadata endpoint v4 says (ECS-SEMANTICS §8.2–§8.5), kept from the run's events as the agent keeps
 * its task state, with what only Docker knows (ids, times, addresses, stats) asked of the runtime when a container
 * asks. Each container has its own endpoint id, so identity does not depend on where a request comes from.
 * Events arrive on the engine's loop and requests on the server's threads: every method is synchronized.
 */
public final class TaskMetadata implements TaskListener {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TaskDefinition task;
    private final int revision;
    private final String taskArn;
    private final String cluster;
    private final ContainerRuntime runtime;
    private final Instant runStart;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, String> endpointIds = new LinkedHashMap<>();
    private final Map<String, Known> known = new LinkedHashMap<>();
    private TaskStatus taskStatus = TaskStatus.PENDING;
    private Instant pullStoppedAt;
    private Instant executionStoppedAt;

    /** What the events said of one container. */
    private static final class Known {
        ContainerStatus status = ContainerStatus.NONE;
        boolean desiredStopped;
        String runtimeId;
        Integer exitCode;
        HealthStatus health = HealthStatus.UNKNOWN;
        Instant healthSince;
        String healthOutput;
        int restarts;
    }

    public TaskMetadata(TaskDefinition task, int revision, String taskArn, String cluster, ContainerRuntime runtime,
                        Instant runStart) {
        this.task = task;
        this.revision = revision;
        this.taskArn = taskArn;
        this.cluster = cluster;
        this.runtime = runtime;
        this.runStart = runStart;
        for (Node node : DependencyGraph.of(task).nodes()) {
            nodes.put(node.name(), node);
            known.put(node.name(), new Known());
            if (!node.isInternal()) {
                endpointIds.put(node.name(), UUID.randomUUID().toString());
            }
        }
    }

    /** The container's endpoint id, which its ECS_CONTAINER_METADATA_URI_V4 ends with; none for internal containers. */
    public synchronized Optional<String> endpointId(String container) {
        return Optional.ofNullable(endpointIds.get(container));
    }

    /** Which container an endpoint id is. */
    public synchronized Optional<String> containerOf(String endpointId) {
        return endpointIds.entrySet().stream().filter(e -> e.getValue().equals(endpointId)).map(Map.Entry::getKey).findFirst();
    }

    @Override
    public synchronized void event(TaskEvent event) {
        Instant at = runStart.plus(event.t());
        if (event instanceof TaskEvent.ContainerChanged changed && known.containsKey(changed.container())) {
            Known container = known.get(changed.container());
            container.status = changed.status();
            container.runtimeId = changed.runtimeId() != null ? changed.runtimeId() : container.runtimeId;
            if (changed.status() == ContainerStatus.STOPPED) {
                container.exitCode = changed.exitCode();
                container.desiredStopped = true;
            }
            if (changed.status() == ContainerStatus.PULLED) {
                pullStoppedAt = at;
            }
        } else if (event instanceof TaskEvent.HealthChanged health && known.containsKey(health.container())) {
            Known container = known.get(health.container());
            container.health = health.health();
            container.healthSince = at;
            container.healthOutput = health.output();
        } else if (event instanceof TaskEvent.StopRequested stop && known.containsKey(stop.container())) {
            known.get(stop.container()).desiredStopped = true;
        } else if (event instanceof TaskEvent.Restarted restarted && known.containsKey(restarted.container())) {
            known.get(restarted.container()).restarts = restarted.restartCount();
        } else if (event instanceof TaskEvent.TaskChanged changed) {
            taskStatus = changed.status();
            if (changed.status() == TaskStatus.STOPPED) {
                executionStoppedAt = at;
            }
        }
    }

    /** {@code /v4/{id}}: the container object of §8.4. */
    public synchronized ObjectNode container(String name) {
        Node node = nodes.get(name);
        Known state = known.get(name);
        ObjectNode json = JSON.createObjectNode();
        ContainerSnapshot docker = inspect(state.runtimeId);
        if (state.runtimeId != null) {
            json.put("DockerId", state.runtimeId);
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
        ObjectNode labels = json.putObject("Labels");
        if (docker != null) {
            new java.util.TreeMap<>(docker.labels()).forEach(labels::put);
        }
        json.put("DesiredStatus", state.desiredStopped ? "STOPPED" : "RUNNING");
        json.put("KnownStatus", state.status.name());
        if (state.exitCode != null) {
            json.put("ExitCode", state.exitCode);
        }
        ObjectNode limits = json.putObject("Limits");
        // The agent reports a cpu under 2 as 2, Docker's minimum shares (§8.4).
        limits.put("CPU", Math.max(2, definition == null || definition.cpu() == null ? 0 : definition.cpu()));
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
        networks(json, name, docker);
        if (definition != null && definition.healthCheck() != null) {
            ObjectNode health = json.putObject("Health");
            health.put("status", state.health.name());
            if (state.healthSince != null) {
                time(health, "statusSince", state.healthSince);
            }
            if (state.healthOutput != null) {
                health.put("output", state.healthOutput);
            }
        }
        if (definition != null && definition.logConfiguration() != null) {
            json.put("LogDriver", definition.logConfiguration().logDriver());
            ObjectNode options = json.putObject("LogOptions");
            new java.util.TreeMap<>(definition.logConfiguration().options()).forEach(options::put);
        }
        json.put("ContainerARN", "arn:aws:ecs:local:000000000000:container/" + cluster + "/" + taskId() + "/"
                + endpointIds.getOrDefault(name, name));
        if (definition != null && definition.restartPolicy() != null && Boolean.TRUE.equals(definition.restartPolicy().enabled())) {
            json.put("RestartCount", state.restarts);
        }
        return json;
    }

    /** {@code /v4/{id}/task} (and {@code taskWithTags}): §8.3, with every container, internal ones included. */
    public synchronized ObjectNode task(boolean withTags) {
        ObjectNode json = JSON.createObjectNode();
        json.put("Cluster", cluster);
        json.put("TaskARN", taskArn);
        json.put("Family", task.family());
        json.put("Revision", Integer.toString(revision));
        json.put("DesiredStatus", taskStatus == TaskStatus.STOPPING || taskStatus == TaskStatus.STOPPED ? "STOPPED" : "RUNNING");
        json.put("KnownStatus", switch (taskStatus) {
            case PENDING -> known.values().stream().anyMatch(c -> !c.status.isBefore(ContainerStatus.CREATED)) ? "CREATED" : "NONE";
            case RUNNING, STOPPING -> "RUNNING";
            case STOPPED -> "STOPPED";
        });
        if (task.cpu() != null || task.memory() != null) {
            ObjectNode limits = json.putObject("Limits");
            units(task.cpu()).ifPresent(cpu -> limits.put("CPU", cpu / 1024.0));
            units(task.memory()).ifPresent(memory -> limits.put("Memory", memory));
        }
        time(json, "PullStartedAt", runStart);
        time(json, "PullStoppedAt", pullStoppedAt);
        time(json, "ExecutionStoppedAt", executionStoppedAt);
        json.put("LaunchType", task.requiresFargate() ? "FARGATE" : "EC2");
        if (withTags) {
            ObjectNode tags = json.putObject("TaskTags");
            task.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
            json.putObject("ContainerInstanceTags");
        }
        ArrayNode containers = json.putArray("Containers");
        for (String name : nodes.keySet()) {
            containers.add(container(name));
        }
        json.put("FaultInjectionEnabled", Boolean.TRUE.equals(task.enableFaultInjection()));
        return json;
    }

    /** {@code /v4/{id}/stats}: Docker's stats of the container; {@code {}} when it has none (not running). */
    public JsonNode stats(String name) {
        String runtimeId;
        synchronized (this) {
            runtimeId = known.get(name).runtimeId;
        }
        if (runtimeId == null) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(runtime.stats(runtimeId));
        } catch (RuntimeFailure | java.io.IOException unavailable) {
            return JSON.createObjectNode();
        }
    }

    /** {@code /v4/{id}/task/stats}: each container's stats by Docker id (§8.5). */
    public ObjectNode taskStats() {
        Map<String, String> ids = new LinkedHashMap<>();
        synchronized (this) {
            known.forEach((name, state) -> {
                if (state.runtimeId != null) {
                    ids.put(name, state.runtimeId);
                }
            });
        }
        ObjectNode json = JSON.createObjectNode();
        ids.forEach((name, id) -> json.set(id, stats(name)));
        return json;
    }

    /** The task's containers' addresses as Docker sees them: who may ask for the task's credentials. */
    public java.util.Set<String> addresses() {
        java.util.Set<String> addresses = new java.util.HashSet<>();
        java.util.List<String> ids;
        synchronized (this) {
            ids = known.values().stream().map(c -> c.runtimeId).filter(java.util.Objects::nonNull).toList();
        }
        for (String id : ids) {
            ContainerSnapshot snapshot = inspect(id);
            if (snapshot != null && snapshot.ipAddress() != null) {
                addresses.add(snapshot.ipAddress());
            }
        }
        return addresses;
    }

    private void networks(ObjectNode json, String name, ContainerSnapshot docker) {
        NetworkMode mode = task.effectiveNetworkMode();
        ArrayNode networks = json.putArray("Networks");
        ObjectNode network = networks.addObject();
        // awsvpc members share the holder's namespace: its address is the task's.
        ContainerSnapshot holder = mode == NetworkMode.AWSVPC && !name.equals(DependencyGraph.NETWORK_PAUSE)
                ? inspect(known.get(DependencyGraph.NETWORK_PAUSE).runtimeId) : docker;
        network.put("NetworkMode", mode.ecsName());
        ArrayNode ipv4 = network.putArray("IPv4Addresses");
        if (holder != null && holder.ipAddress() != null) {
            ipv4.add(holder.ipAddress());
        }
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

    private static Optional<ContainerSnapshot.PublishedPort> publishedPort(ContainerSnapshot docker, int containerPort) {
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

    public String taskArn() {
        return taskArn;
    }

    private String taskId() {
        return taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }
}
