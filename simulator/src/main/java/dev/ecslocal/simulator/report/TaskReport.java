package dev.ecslocal.simulator.report;

import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.event.PublishedPort;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.HealthStatus;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskOutcome;
import dev.ecslocal.simulator.event.TaskStatus;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.NetworkMode;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.plan.DependencyGraph;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished run as one {@code Task} of {@code aws ecs describe-tasks} ({@code --report FILE}): the fields a
 * script reads there (lastStatus, stopCode, stoppedReason, containers[].exitCode, …), with ECS's names and
 * values, filled from the run's events (the one source of truth) and its outcome. Times are ISO-8601 in UTC.
 * What ECS has no field for sits under {@code ecsLocal}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskReport(
        String taskArn, String clusterArn, String taskDefinitionArn, String group, String launchType,
        String cpu, String memory, String lastStatus, String desiredStatus, String healthStatus,
        String stopCode, String stoppedReason, String createdAt, String startedAt, String stoppingAt, String stoppedAt,
        List<Container> containers, Local ecsLocal) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Container(String containerArn, String taskArn, String name, String image, String runtimeId,
                            String lastStatus, Integer exitCode, String reason, String healthStatus,
                            List<NetworkBinding> networkBindings, String cpu, Integer memory, Integer memoryReservation) {
    }

    public record NetworkBinding(String bindIP, int containerPort, int hostPort, String protocol) {
    }

    /**
     * @param exitCode        ecs-local's own exit status for the run
     * @param publishedPorts  awsvpc: the ports published on the netns holder, which stands in for the ENI
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Local(String taskId, int exitCode, List<String> publishedPorts, Integer restartCount) {
    }

    /**
     * @param runStartedAt the wall-clock time the run started: events carry times relative to it
     * @param exitCode     the process exit status the run ends with
     */
    public static TaskReport of(TaskDefinition task, RunIdentity run, Instant runStartedAt,
                                List<TaskEvent> events, TaskOutcome outcome, int exitCode) {
        String taskArn = run.taskArn();
        Map<TaskStatus, Instant> taskTimes = new LinkedHashMap<>();
        Map<String, List<PublishedPort>> ports = new LinkedHashMap<>();
        for (TaskEvent event : events) {
            if (event instanceof TaskEvent.TaskChanged changed) {
                taskTimes.putIfAbsent(changed.status(), runStartedAt.plus(changed.t()));
            } else if (event instanceof TaskEvent.PortsPublished published) {
                ports.put(published.container(), published.ports());
            }
        }
        List<Container> containers = new ArrayList<>();
        for (TaskOutcome.ContainerOutcome c : outcome.containers()) {
            ContainerDefinition definition = task.container(c.name()).orElseThrow();
            List<NetworkBinding> bindings = task.effectiveNetworkMode() == NetworkMode.AWSVPC ? null
                    : ports.getOrDefault(c.name(), List.of()).stream()
                    .map(p -> new NetworkBinding(p.hostIp(), p.containerPort(), p.hostPort(), p.protocol())).toList();
            containers.add(new Container(
                    run.containerArn(c.name()),
                    taskArn, c.name(), c.image(), c.runtimeId(), containerStatus(c.status()), c.exitCode(), c.reason(),
                    c.hasHealthCheck() ? c.health().name() : HealthStatus.UNKNOWN.name(),
                    bindings == null || bindings.isEmpty() ? null : bindings,
                    definition.cpu() == null ? "0" : definition.cpu().toString(), definition.memory(),
                    definition.memoryReservation()));
        }
        List<String> holderPorts = ports.getOrDefault(DependencyGraph.NETWORK_PAUSE, List.of()).stream()
                .map(Object::toString).toList();
        int restarts = outcome.containers().stream().mapToInt(TaskOutcome.ContainerOutcome::restartCount).sum();
        return new TaskReport(taskArn, run.clusterArn(), run.taskDefinitionArn(),
                "family:" + task.family(), task.requiresFargate() ? "FARGATE" : "EC2", task.cpu(), task.memory(),
                "STOPPED", "STOPPED", taskHealth(outcome), outcome.stopCode().name(), outcome.stoppedReason(),
                iso(runStartedAt), iso(taskTimes.get(TaskStatus.RUNNING)), iso(taskTimes.get(TaskStatus.STOPPING)),
                iso(taskTimes.get(TaskStatus.STOPPED)), containers,
                new Local(run.taskId(), exitCode, holderPorts.isEmpty() ? null : holderPorts, restarts == 0 ? null : restarts));
    }

    /** describe-tasks says PENDING for every container that has not yet run. */
    private static String containerStatus(ContainerStatus status) {
        return switch (status) {
            case RUNNING -> "RUNNING";
            case STOPPED -> "STOPPED";
            default -> "PENDING";
        };
    }

    /**
     * ECS-SEMANTICS §4.2: only essential containers count; UNHEALTHY if any is, HEALTHY if all are, else
     * UNKNOWN (a container without a health check is UNKNOWN).
     */
    static String taskHealth(TaskOutcome outcome) {
        List<TaskOutcome.ContainerOutcome> essential = outcome.containers().stream()
                .filter(TaskOutcome.ContainerOutcome::essential).toList();
        if (essential.stream().anyMatch(c -> c.hasHealthCheck() && c.health() == HealthStatus.UNHEALTHY)) {
            return "UNHEALTHY";
        }
        boolean allHealthy = !essential.isEmpty()
                && essential.stream().allMatch(c -> c.hasHealthCheck() && c.health() == HealthStatus.HEALTHY);
        return allHealthy ? "HEALTHY" : "UNKNOWN";
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
