package dev.ecslocal.simulator.model;

import java.util.List;
import java.util.Optional;

/**
 * A task definition as RegisterTaskDefinition takes it (ECS-SEMANTICS §11.1). Read-only fields of
 * describe-task-definition output are not part of it; the revision they carry lives in
 * {@link dev.ecslocal.simulator.parse.TaskDefinitionSource}.
 */
public record TaskDefinition(
        String family,
        String taskRoleArn,
        String executionRoleArn,
        NetworkMode networkMode,
        List<ContainerDefinition> containerDefinitions,
        List<Volume> volumes,
        List<PlacementConstraint> placementConstraints,
        List<Compatibility> requiresCompatibilities,
        String cpu,
        String memory,
        List<Tag> tags,
        PidMode pidMode,
        IpcMode ipcMode,
        ProxyConfiguration proxyConfiguration,
        List<InferenceAccelerator> inferenceAccelerators,
        EphemeralStorage ephemeralStorage,
        RuntimePlatform runtimePlatform,
        Boolean enableFaultInjection) {

    public TaskDefinition {
        containerDefinitions = Immutable.list(containerDefinitions);
        volumes = Immutable.list(volumes);
        placementConstraints = Immutable.list(placementConstraints);
        requiresCompatibilities = Immutable.list(requiresCompatibilities);
        tags = Immutable.list(tags);
        inferenceAccelerators = Immutable.list(inferenceAccelerators);
    }

    /** A Terraform {@code container_definitions} array carries only containers; the rest is absent. */
    public static TaskDefinition ofContainers(String family, List<ContainerDefinition> containers) {
        return new TaskDefinition(family, null, null, null, containers, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    public TaskDefinition withFamily(String newFamily) {
        return new TaskDefinition(newFamily, taskRoleArn, executionRoleArn, networkMode, containerDefinitions,
                volumes, placementConstraints, requiresCompatibilities, cpu, memory, tags, pidMode, ipcMode,
                proxyConfiguration, inferenceAccelerators, ephemeralStorage, runtimePlatform, enableFaultInjection);
    }

    public TaskDefinition withContainerDefinitions(List<ContainerDefinition> newContainers) {
        return new TaskDefinition(family, taskRoleArn, executionRoleArn, networkMode, newContainers,
                volumes, placementConstraints, requiresCompatibilities, cpu, memory, tags, pidMode, ipcMode,
                proxyConfiguration, inferenceAccelerators, ephemeralStorage, runtimePlatform, enableFaultInjection);
    }

    /** ECS's default when networkMode is absent (§5.1). */
    public NetworkMode effectiveNetworkMode() {
        return networkMode == null ? NetworkMode.BRIDGE : networkMode;
    }

    /** The FireLens log router: the first container with a firelensConfiguration, as the agent takes it (§7.1). */
    public Optional<ContainerDefinition> firelensRouter() {
        return containerDefinitions.stream().filter(ContainerDefinition::isFirelensRouter).findFirst();
    }

    public Optional<ContainerDefinition> container(String name) {
        return containerDefinitions.stream().filter(c -> c.name() != null && c.name().equals(name)).findFirst();
    }

    public boolean requiresFargate() {
        return requiresCompatibilities.contains(Compatibility.FARGATE);
    }

    public record PlacementConstraint(String type, String expression) {
    }

    public record Tag(String key, String value) {
    }

    public record ProxyConfiguration(String type, String containerName, List<KeyValuePair> properties) {
        public ProxyConfiguration {
            properties = Immutable.list(properties);
        }
    }

    public record InferenceAccelerator(String deviceName, String deviceType) {
    }

    public record EphemeralStorage(Integer sizeInGiB) {
    }

    public record RuntimePlatform(String cpuArchitecture, String operatingSystemFamily) {
    }
}
