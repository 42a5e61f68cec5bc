package dev.ecslocal.simulator.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Link;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.VolumesFrom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link ContainerSpec} as docker-java's create call and HostConfig: the field-for-field mapping, nothing else. */
final class DockerContainerConfig {
    private static final long MIB = 1024L * 1024L;

    private DockerContainerConfig() {
    }

    /** The create call for {@code spec}, ready to execute. @param imageEnvironment its image's ENV */
    static CreateContainerCmd createCommand(DockerClient client, ContainerSpec spec, List<String> imageEnvironment) {
        ContainerSpec.Process process = spec.process();
        CreateContainerCmd create = client.createContainerCmd(spec.image())
                .withName(spec.name())
                .withLabels(spec.labels())
                .withEnv(process.environment(imageEnvironment))
                .withTty(process.tty())
                .withStdinOpen(process.openStdin())
                .withExposedPorts(spec.network().ports().stream().map(DockerContainerConfig::exposedPort).toList())
                .withHostConfig(hostConfig(spec));
        if (process.user() != null) {
            create.withUser(process.user());
        }
        if (process.workingDirectory() != null) {
            create.withWorkingDir(process.workingDirectory());
        }
        if (spec.network().hostname() != null) {
            create.withHostName(spec.network().hostname());
        }
        if (spec.network().disabled()) {
            create.withNetworkDisabled(true);
        }
        if (spec.network().address() != null) {
            create.withIpv4Address(spec.network().address());
        }
        if (!process.entryPoint().isEmpty()) {
            create.withEntrypoint(process.entryPoint());
        }
        if (!process.command().isEmpty()) {
            create.withCmd(process.command());
        }
        if (spec.healthCheck() != null) {
            ContainerSpec.HealthCheck check = spec.healthCheck();
            create.withHealthcheck(new HealthCheck()
                    .withTest(check.test())
                    .withInterval(check.interval().toNanos())
                    .withTimeout(check.timeout().toNanos())
                    .withRetries(check.retries())
                    .withStartPeriod(check.startPeriod().toNanos()));
        }
        return create;
    }

    private static HostConfig hostConfig(ContainerSpec spec) {
        ContainerSpec.Network network = spec.network();
        List<Bind> binds = new ArrayList<>();
        Map<String, String> tmpfs = new LinkedHashMap<>();
        for (ContainerSpec.Mount mount : spec.mounts()) {
            if (mount.type() == ContainerSpec.Mount.Type.TMPFS) {
                tmpfs.put(mount.target(), mount.options());
            } else {
                // Named volumes and bind mounts alike, as the agent passes them (Binds: ECS-SEMANTICS §6.2).
                binds.add(new Bind(mount.source(), new Volume(mount.target()), mount.readOnly() ? AccessMode.ro : AccessMode.rw));
            }
        }
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(network.mode())
                .withPortBindings(network.ports().stream().map(port -> new PortBinding(port.hostPort() == 0
                        ? Ports.Binding.bindIp(port.hostIp()) : Ports.Binding.bindIpAndPort(port.hostIp(), port.hostPort()),
                        exposedPort(port))).toList())
                .withBinds(binds)
                .withVolumesFrom(spec.volumesFrom().stream().map(VolumesFrom::parse).toList())
                .withLinks(network.links().stream().map(Link::parse).toList());
        if (!tmpfs.isEmpty()) {
            host.withTmpFs(tmpfs);
        }
        if (!network.extraHosts().isEmpty()) {
            host.withExtraHosts(network.extraHosts().toArray(String[]::new));
        }
        if (!network.dnsServers().isEmpty()) {
            host.withDns(network.dnsServers());
        }
        if (!network.dnsSearchDomains().isEmpty()) {
            host.withDnsSearch(network.dnsSearchDomains());
        }
        resources(host, spec.resources());
        isolation(host, spec.isolation());
        if (spec.process().init()) {
            host.withInit(true);
        }
        if (spec.log() != null) {
            host.withLogConfig(new LogConfig(LogConfig.LoggingType.fromValue(spec.log().type()), spec.log().options()));
        }
        return host;
    }

    private static void resources(HostConfig host, ContainerSpec.Resources resources) {
        if (resources.memoryMiB() != null) {
            host.withMemory(resources.memoryMiB() * MIB);
        }
        if (resources.memoryReservationMiB() != null) {
            host.withMemoryReservation(resources.memoryReservationMiB() * MIB);
        }
        if (resources.cpuShares() != null) {
            host.withCpuShares(resources.cpuShares());
        }
        if (resources.memorySwapMiB() != null) {
            host.withMemorySwap(resources.memorySwapMiB() * MIB);
        }
        if (resources.swappiness() != null) {
            host.withMemorySwappiness(resources.swappiness().longValue());
        }
        if (resources.sharedMemoryMiB() != null) {
            host.withShmSize(resources.sharedMemoryMiB() * MIB);
        }
        if (!resources.ulimits().isEmpty()) {
            host.withUlimits(resources.ulimits().stream().map(u -> new Ulimit(u.name(), u.soft(), u.hard())).toList());
        }
    }

    private static void isolation(HostConfig host, ContainerSpec.Isolation isolation) {
        if (isolation.privileged()) {
            host.withPrivileged(true);
        }
        if (isolation.readonlyRootFilesystem()) {
            host.withReadonlyRootfs(true);
        }
        if (!isolation.capabilitiesAdded().isEmpty()) {
            host.withCapAdd(isolation.capabilitiesAdded().stream().map(DockerContainerConfig::capability).toArray(Capability[]::new));
        }
        if (!isolation.capabilitiesDropped().isEmpty()) {
            host.withCapDrop(isolation.capabilitiesDropped().stream().map(DockerContainerConfig::capability).toArray(Capability[]::new));
        }
        if (!isolation.devices().isEmpty()) {
            host.withDevices(isolation.devices().stream()
                    .map(d -> new Device(d.permissions(), d.containerPath(), d.hostPath())).toList());
        }
        if (!isolation.securityOptions().isEmpty()) {
            host.withSecurityOpts(isolation.securityOptions());
        }
        if (!isolation.sysctls().isEmpty()) {
            host.withSysctls(isolation.sysctls());
        }
        if (isolation.pidMode() != null) {
            host.withPidMode(isolation.pidMode());
        }
        if (isolation.ipcMode() != null) {
            host.withIpcMode(isolation.ipcMode());
        }
    }

    /** ECS takes {@code SYS_PTRACE}, Docker's API also {@code CAP_SYS_PTRACE}; docker-java's enum the former. */
    private static Capability capability(String name) {
        String bare = name.startsWith("CAP_") ? name.substring(4) : name;
        try {
            return Capability.valueOf(bare);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown Linux capability " + name);
        }
    }

    private static ExposedPort exposedPort(ContainerSpec.PortBinding port) {
        return "udp".equals(port.protocol()) ? ExposedPort.udp(port.containerPort()) : ExposedPort.tcp(port.containerPort());
    }
}
