package dev.ecslocal.simulator.model;

import java.util.List;
import java.util.Map;

/**
 * One entry of {@code containerDefinitions}, field for field as RegisterTaskDefinition takes it
 * (ECS-SEMANTICS §11.1). Absent values are {@code null} (scalars) or empty (lists and maps); the
 * defaults ECS applies are answered by the methods below, not stored, so the record still says
 * exactly what the file said.
 */
public record ContainerDefinition(
        String name,
        String image,
        RepositoryCredentials repositoryCredentials,
        Integer cpu,
        Integer memory,
        Integer memoryReservation,
        List<String> links,
        List<PortMapping> portMappings,
        Boolean essential,
        RestartPolicy restartPolicy,
        List<String> entryPoint,
        List<String> command,
        List<KeyValuePair> environment,
        List<EnvironmentFile> environmentFiles,
        List<MountPoint> mountPoints,
        List<VolumeFrom> volumesFrom,
        LinuxParameters linuxParameters,
        List<Secret> secrets,
        List<ContainerDependency> dependsOn,
        Integer startTimeout,
        Integer stopTimeout,
        String versionConsistency,
        String hostname,
        String user,
        String workingDirectory,
        Boolean disableNetworking,
        Boolean privileged,
        Boolean readonlyRootFilesystem,
        List<String> dnsServers,
        List<String> dnsSearchDomains,
        List<HostEntry> extraHosts,
        List<String> dockerSecurityOptions,
        Boolean interactive,
        Boolean pseudoTerminal,
        Map<String, String> dockerLabels,
        List<Ulimit> ulimits,
        LogConfiguration logConfiguration,
        HealthCheck healthCheck,
        List<SystemControl> systemControls,
        List<ResourceRequirement> resourceRequirements,
        FirelensConfiguration firelensConfiguration,
        List<String> credentialSpecs) {

    /** Docker's stop grace period when stopTimeout is absent: the agent's ECS_CONTAINER_STOP_TIMEOUT default (§1.4). */
    public static final int DEFAULT_STOP_TIMEOUT_SECONDS = 30;

    public ContainerDefinition {
        links = Immutable.list(links);
        portMappings = Immutable.list(portMappings);
        entryPoint = Immutable.list(entryPoint);
        command = Immutable.list(command);
        environment = Immutable.list(environment);
        environmentFiles = Immutable.list(environmentFiles);
        mountPoints = Immutable.list(mountPoints);
        volumesFrom = Immutable.list(volumesFrom);
        secrets = Immutable.list(secrets);
        dependsOn = Immutable.list(dependsOn);
        dnsServers = Immutable.list(dnsServers);
        dnsSearchDomains = Immutable.list(dnsSearchDomains);
        extraHosts = Immutable.list(extraHosts);
        dockerSecurityOptions = Immutable.list(dockerSecurityOptions);
        dockerLabels = Immutable.map(dockerLabels);
        ulimits = Immutable.list(ulimits);
        systemControls = Immutable.list(systemControls);
        resourceRequirements = Immutable.list(resourceRequirements);
        credentialSpecs = Immutable.list(credentialSpecs);
    }

    /** The same container running another image: `run --image NAME=IMAGE`, as ECS would run a new revision with it. */
    public ContainerDefinition withImage(String newImage) {
        return new ContainerDefinition(name, newImage, repositoryCredentials, cpu, memory, memoryReservation, links,
                portMappings, essential, restartPolicy, entryPoint, command, environment, environmentFiles,
                mountPoints, volumesFrom, linuxParameters, secrets, dependsOn, startTimeout, stopTimeout,
                versionConsistency, hostname, user, workingDirectory, disableNetworking, privileged,
                readonlyRootFilesystem, dnsServers, dnsSearchDomains, extraHosts, dockerSecurityOptions, interactive,
                pseudoTerminal, dockerLabels, ulimits, logConfiguration, healthCheck, systemControls,
                resourceRequirements, firelensConfiguration, credentialSpecs);
    }

    /** Omitted (or {@code null}, as Terraform writes it) means essential (§3.1). */
    public boolean isEssential() {
        return essential == null || essential;
    }

    public boolean isFirelensRouter() {
        return firelensConfiguration != null;
    }

    public boolean usesAwsFirelens() {
        return logConfiguration != null && LogConfiguration.AWSFIRELENS.equals(logConfiguration.logDriver());
    }

    public int effectiveStopTimeoutSeconds() {
        return stopTimeout == null || stopTimeout <= 0 ? DEFAULT_STOP_TIMEOUT_SECONDS : stopTimeout;
    }

    @Override
    public String toString() {
        return name + "(" + image + ")";
    }

    public record RepositoryCredentials(String credentialsParameter) {
    }

    public record PortMapping(
            Integer containerPort, Integer hostPort, TransportProtocol protocol,
            String name, String appProtocol, String containerPortRange) {
        public TransportProtocol effectiveProtocol() {
            return protocol == null ? TransportProtocol.TCP : protocol;
        }
    }

    /** {@code restartPolicy}; restartAttemptPeriod defaults to 300 s (§3.2). */
    public record RestartPolicy(Boolean enabled, List<Integer> ignoredExitCodes, Integer restartAttemptPeriod) {
        public static final int DEFAULT_RESTART_ATTEMPT_PERIOD_SECONDS = 300;

        public RestartPolicy {
            ignoredExitCodes = Immutable.list(ignoredExitCodes);
        }
    }

    public record EnvironmentFile(String value, String type) {
    }

    public record MountPoint(String sourceVolume, String containerPath, Boolean readOnly) {
    }

    public record VolumeFrom(String sourceContainer, Boolean readOnly) {
    }

    public record ContainerDependency(String containerName, DependencyCondition condition) {
    }

    public record HostEntry(String hostname, String ipAddress) {
    }

    public record Ulimit(String name, Integer softLimit, Integer hardLimit) {
    }

    public record SystemControl(String namespace, String value) {
    }

    public record ResourceRequirement(String value, String type) {
    }

    public record LogConfiguration(String logDriver, Map<String, String> options, List<Secret> secretOptions) {
        public static final String AWSFIRELENS = "awsfirelens";

        public LogConfiguration {
            options = Immutable.map(options);
            secretOptions = Immutable.list(secretOptions);
        }
    }

    /**
     * {@code healthCheck}. ECS's defaults differ from Docker's (timeout 5 s, not 30 s: §4.1), so the
     * effective values are always materialised from here.
     */
    public record HealthCheck(List<String> command, Integer interval, Integer timeout, Integer retries, Integer startPeriod) {
        public static final int DEFAULT_INTERVAL_SECONDS = 30;
        public static final int DEFAULT_TIMEOUT_SECONDS = 5;
        public static final int DEFAULT_RETRIES = 3;
        public static final int DEFAULT_START_PERIOD_SECONDS = 0;

        public HealthCheck {
            command = Immutable.list(command);
        }
    }

    /** {@code firelensConfiguration}: marks the FireLens log router (§7.1). */
    public record FirelensConfiguration(String type, Map<String, String> options) {
        public FirelensConfiguration {
            options = Immutable.map(options);
        }
    }

    public record LinuxParameters(
            KernelCapabilities capabilities, List<Device> devices, Boolean initProcessEnabled,
            Integer sharedMemorySize, List<Tmpfs> tmpfs, Integer maxSwap, Integer swappiness) {
        public LinuxParameters {
            devices = Immutable.list(devices);
            tmpfs = Immutable.list(tmpfs);
        }
    }

    public record KernelCapabilities(List<String> add, List<String> drop) {
        public KernelCapabilities {
            add = Immutable.list(add);
            drop = Immutable.list(drop);
        }
    }

    public record Device(String hostPath, String containerPath, List<String> permissions) {
        public Device {
            permissions = Immutable.list(permissions);
        }
    }

    public record Tmpfs(String containerPath, Integer size, List<String> mountOptions) {
        public Tmpfs {
            mountOptions = Immutable.list(mountOptions);
        }
    }
}
