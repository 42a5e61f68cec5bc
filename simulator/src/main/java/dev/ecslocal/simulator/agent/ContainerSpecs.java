package dev.ecslocal.simulator.agent;

import dev.ecslocal.simulator.engine.HostResource;
import dev.ecslocal.simulator.engine.SpecFactory;
import dev.ecslocal.simulator.engine.TaskVolume;
import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.firelens.FirelensConfig;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.ContainerDefinition.HealthCheck;
import dev.ecslocal.simulator.model.ContainerDefinition.LinuxParameters;
import dev.ecslocal.simulator.model.IpcMode;
import dev.ecslocal.simulator.model.NetworkMode;
import dev.ecslocal.simulator.model.PidMode;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.plan.DependencyGraph;
import dev.ecslocal.simulator.plan.Node;
import dev.ecslocal.simulator.platform.ContainerEnvironment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What the ECS agent's createContainer makes of a container definition, as a {@link ContainerSpec}
 * (ECS-SEMANTICS §4.1, §5, §6, §8.6, and the docs' "maps to" for the fields the backend translates, §0.2).
 * Pure: the runtime ids of other containers are asked for, not looked up.
 */
public final class ContainerSpecs implements SpecFactory {
    /** The image that holds a task's namespaces when the user names none (scripts/setup.sh builds it offline). */
    public static final String DEFAULT_PAUSE_IMAGE = "ecs-local/pause:latest";

    /**
     * How this machine runs the task's containers, whatever the task.
     *
     * @param pauseImage     runs the namespace holders with its own entrypoint: any image that runs until stopped
     * @param publishAddress the host address published ports listen on (127.0.0.1 unless the user says
     *                       otherwise: a laptop is not an ENI)
     * @param ownerLabels    put on every container of the run (which ecs-local process runs it, for {@code ps})
     */
    public record Settings(String pauseImage, String publishAddress, Map<String, String> ownerLabels) {
        public Settings {
            ownerLabels = Map.copyOf(ownerLabels);
        }

        /** The default pause image on 127.0.0.1, owned by nobody: for tests. */
        public static Settings defaults() {
            return new Settings(DEFAULT_PAUSE_IMAGE, "127.0.0.1", Map.of());
        }
    }

    private final TaskDefinition task;
    private final RunIdentity run;
    private final String pauseImage;
    private final String publishAddress;
    private final Map<String, TaskVolume> volumes = new LinkedHashMap<>();
    private final Map<String, String> ownerLabels;
    private final FirelensSetup firelens;
    private final TaskPlatform platform;

    public ContainerSpecs(TaskDefinition task, RunIdentity run, List<TaskVolume> volumes, Settings settings) {
        this(task, run, volumes, settings, null, TaskPlatform.none(task));
    }

    /**
     * @param firelens who does the FireLens router's work; with the stand-in, the router container runs the pause
     *                 image in its place, keeping its place in the start and stop order; null: the task has no router
     * @param platform what ECS provides around the containers: secrets, environment files, endpoints, region
     */
    public ContainerSpecs(TaskDefinition task, RunIdentity run, List<TaskVolume> volumes, Settings settings,
                          FirelensSetup firelens, TaskPlatform platform) {
        this.firelens = firelens;
        this.platform = platform;
        this.task = task;
        this.run = run;
        this.pauseImage = settings.pauseImage();
        this.publishAddress = settings.publishAddress();
        volumes.forEach(volume -> this.volumes.put(volume.name(), volume));
        this.ownerLabels = settings.ownerLabels();
    }

    @Override
    public List<HostResource> hostResources() {
        // The agent fetches secrets and environment files before it writes the router's configuration.
        return firelens == null ? List.of(platform.inputs()) : List.of(platform.inputs(), firelens.files());
    }

    @Override
    public ContainerSpec spec(Node node, Started started) {
        Function<String, String> runtimeIdOf = started::runtimeId;
        Map<String, String> labels = labels(node);
        if (node.isInternal()) {
            return holder(node, labels, runtimeIdOf);
        }
        ContainerDefinition container = node.container();
        if (container.isFirelensRouter() && firelens instanceof FirelensSetup.StandIn) {
            return routerStandIn(node, labels, runtimeIdOf);
        }
        NetworkMode mode = task.effectiveNetworkMode();
        LinuxParameters linux = container.linuxParameters();
        ContainerEnvironment environment = environment(container, started);
        ContainerSpec.Process process = new ContainerSpec.Process(container.entryPoint(), container.command(),
                environment.entries(), environment.unlessImageSets(), container.user(), container.workingDirectory(),
                linux != null && Boolean.TRUE.equals(linux.initProcessEnabled()),
                Boolean.TRUE.equals(container.pseudoTerminal()), Boolean.TRUE.equals(container.interactive()));
        ContainerSpec.Network network = new ContainerSpec.Network(networkMode(runtimeIdOf),
                // awsvpc: the holder's hostname; host: the host's (Docker refuses both: §5.5).
                mode == NetworkMode.BRIDGE || mode == NetworkMode.NONE ? container.hostname() : null,
                mode == NetworkMode.BRIDGE ? ports(container, true) : List.of(),
                links(container),
                container.extraHosts().stream().map(h -> h.hostname() + ":" + h.ipAddress()).toList(),
                container.dnsServers(), container.dnsSearchDomains(), Boolean.TRUE.equals(container.disableNetworking()), null,
                List.of());
        if (mode == NetworkMode.BRIDGE && !network.disabled()) {
            network = network.alsoOn(platform.endpointsNetwork());
        }
        ContainerSpec spec = new ContainerSpec(run.dockerName(node.name()), container.image(), process, labels, network,
                mounts(container), volumesFrom(container, runtimeIdOf), resources(container), isolation(container, runtimeIdOf),
                healthCheck(container.healthCheck()), LogRoute.of(container, run.taskId(), firelens)
                .localDriver()).withPullCredentials(platform.pullCredentials(container.name()));
        // The router's configuration goes in through the Docker API, where ECS mounts it: the daemon may not see our files.
        return container.isFirelensRouter() && firelens instanceof FirelensSetup.Router router
                ? spec.withFiles(router.files().containerFiles()) : spec;
    }

    private Map<String, String> labels(Node node) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (node.container() != null) {
            labels.putAll(node.container().dockerLabels());
        }
        // The labels ECS sets win over the user's of the same key (§8.6); ours win over everything.
        labels.putAll(ownerLabels);
        labels.putAll(run.containerLabels(node.name()));
        return labels;
    }

    /**
     * The agent's internal containers (§1.5, §5.5). The network holder sits on Docker's default bridge, so the
     * task can reach out, and publishes every container's ports, since its members cannot (Docker refuses
     * ports on a {@code container:} member). The namespace holder has no network of its own and lends its
     * PID and IPC namespaces.
     */
    private ContainerSpec holder(Node node, Map<String, String> labels, Function<String, String> runtimeIdOf) {
        boolean network = node.kind() == Node.Kind.NETWORK_PAUSE;
        ContainerSpec.Network net = network
                ? new ContainerSpec.Network("bridge", null, taskPorts(), List.of(), List.of(), List.of(), List.of(), false, null,
                        List.of()).alsoOn(platform.endpointsNetwork())
                : ContainerSpec.Network.mode(task.effectiveNetworkMode() == NetworkMode.AWSVPC
                        ? "container:" + runtimeIdOf.apply(DependencyGraph.NETWORK_PAUSE) : "none");
        ContainerSpec.Isolation isolation = network || task.ipcMode() != IpcMode.TASK ? ContainerSpec.Isolation.NONE
                : new ContainerSpec.Isolation(false, false, List.of(), List.of(), List.of(), List.of(), Map.of(), null, "shareable");
        return new ContainerSpec(run.dockerName(node.name()), pauseImage, ContainerSpec.Process.command(List.of()), labels, net,
                List.of(), List.of(), ContainerSpec.Resources.NONE, isolation, null, null);
    }

    /**
     * The router's place in the task, held by the pause image while ecs-local's embedded receiver does the
     * router's work: it starts, is depended on and stops last as the router would, in the task's network. In awsvpc
     * it relays the task's forward port to the receiver, for connections from 127.0.0.1 only, as the router listens
     * there: busybox's nc listens on every address, and on the holder's bridge address any container of the host could
     * send records that the receiver would take as the task's (they arrive from the holder's address).
     */
    private ContainerSpec routerStandIn(Node node, Map<String, String> labels, Function<String, String> runtimeIdOf) {
        Map<String, String> standInLabels = new LinkedHashMap<>(labels);
        standInLabels.put(RunIdentity.FIRELENS_STAND_IN_LABEL, "true");
        ContainerSpec.Process process = relaysForwardPort()
                ? new ContainerSpec.Process(List.of("/bin/busybox", "sh", "-c"), List.of(
                        "trap 'exit 0' TERM INT; /bin/busybox nc -ll -p " + FirelensConfig.FORWARD_PORT
                                + " -e /bin/busybox sh -c 'eval \"$FORWARD_GATE\"' & wait"),
                        List.of("FORWARD_GATE=" + forwardGate(standIn().taskHost(), standIn().taskPort())), Map.of(), null, null,
                        false, false, false)
                : ContainerSpec.Process.command(List.of());
        return new ContainerSpec(run.dockerName(node.name()), pauseImage, process, standInLabels,
                ContainerSpec.Network.mode(networkMode(runtimeIdOf)), List.of(), List.of(), ContainerSpec.Resources.NONE,
                ContainerSpec.Isolation.NONE, null, null);
    }

    /**
     * In awsvpc, ECS's router listens on 127.0.0.1:24224 inside the task, and FLUENT_HOST says so (§7.3). The
     * stand-in is on the host, so the router's place-holder relays that port to it: with busybox's nc, which the
     * default pause image has (another image may have nothing but its pause binary).
     */
    /**
     * The relay's program for one connection (its fd 0): the peer's address from /proc/net/tcp (little-endian hex, as
     * the endpoints relay reads it); a connection from 127.0.0.1, which only the task's containers share, is passed on.
     */
    static String forwardGate(String host, int port) {
        return "ino=$(readlink /proc/$$/fd/0); ino=${ino#socket:[}; ino=${ino%]}\n"
                + "from=$(awk -v ino=\"$ino\" '$10 == ino { split($3, a, \":\"); print substr(a[1], length(a[1]) - 7); exit }' "
                + "/proc/net/tcp /proc/net/tcp6)\n"
                + "[ \"$from\" = 0100007F ] && exec /bin/busybox nc " + host + " " + port + "\n"
                + "exit 0\n";
    }

    private boolean relaysForwardPort() {
        return firelens instanceof FirelensSetup.StandIn standIn && standIn.taskHost() != null && task.effectiveNetworkMode() == NetworkMode.AWSVPC
                && DEFAULT_PAUSE_IMAGE.equals(pauseImage);
    }

    private FirelensSetup.StandIn standIn() {
        return (FirelensSetup.StandIn) firelens;
    }

    /**
     * FLUENT_HOST and FLUENT_PORT for a container that logs to FireLens (§7.3). In awsvpc the router listens on
     * the task's loopback (the stand-in's place-holder relays that port to it). In bridge, ECS gives the router's
     * IP: the router container's bridge address, or the stand-in's address on the bridge. None in host mode, as
     * ECS; none when the task cannot reach the stand-in.
     */
    private Map<String, String> fluentEnvironment(ContainerDefinition container, Started started) {
        if (firelens == null || !container.usesAwsFirelens() || container.isFirelensRouter()) {
            return Map.of();
        }
        String port = Integer.toString(FirelensConfig.FORWARD_PORT);
        NetworkMode mode = task.effectiveNetworkMode();
        if (firelens instanceof FirelensSetup.Router router) {
            String routerAddress = mode == NetworkMode.BRIDGE ? started.bridgeAddress(router.files().config().router()) : null;
            return mode == NetworkMode.AWSVPC ? Map.of("FLUENT_HOST", "127.0.0.1", "FLUENT_PORT", port)
                    : routerAddress != null ? Map.of("FLUENT_HOST", routerAddress, "FLUENT_PORT", port) : Map.of();
        }
        FirelensSetup.StandIn standIn = standIn();
        if (standIn.taskHost() == null) {
            return Map.of();
        }
        if (relaysForwardPort()) {
            return Map.of("FLUENT_HOST", "127.0.0.1", "FLUENT_PORT", port);
        }
        if (mode == NetworkMode.BRIDGE) {
            return Map.of("FLUENT_HOST", standIn.taskHost(), "FLUENT_PORT", Integer.toString(standIn.taskPort()));
        }
        return Map.of();
    }

    /**
     * What the agent gives the router itself (§7.2): the secret log options of the containers that log to it, as the
     * variables its configuration refers to, and for Fluentd FLUENT_UID=0 (root, to open the socket).
     */
    private Map<String, String> routerEnvironment(ContainerDefinition container) {
        if (!(firelens instanceof FirelensSetup.Router router) || !container.isFirelensRouter()) {
            return Map.of();
        }
        Map<String, String> environment = new java.util.TreeMap<>(platform.inputs().router());
        if (router.files().config().type() == FirelensConfig.Type.FLUENTD) {
            environment.put("FLUENT_UID", "0");
        }
        return environment;
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
        List<ContainerSpec.PortBinding> ports = new ArrayList<>();
        for (int i = 0; i < container.portMappings().size(); i++) {
            var mapping = container.portMappings().get(i);
            if (mapping.containerPort() != null) {
                ports.add(new ContainerSpec.PortBinding(mapping.containerPort(), mapping.effectiveProtocol().ecsName(),
                        publishAddress, dynamic ? (mapping.hostPort() == null ? 0 : mapping.hostPort()) : mapping.containerPort(),
                        container.name(), i));
            }
        }
        return ports;
    }

    private List<ContainerSpec.Mount> mounts(ContainerDefinition container) {
        List<ContainerSpec.Mount> mounts = new ArrayList<>();
        if (container.isFirelensRouter() && firelens instanceof FirelensSetup.Router router) {
            mounts.add(new ContainerSpec.Mount(ContainerSpec.Mount.Type.VOLUME, router.socketVolume(), FirelensConfig.SOCKET_DIRECTORY,
                    false));
        }
        for (var mount : container.mountPoints()) {
            TaskVolume volume = volumes.get(mount.sourceVolume());
            ContainerSpec.Mount.Type type = volume.kind() == TaskVolume.Kind.BIND_MOUNT
                    ? ContainerSpec.Mount.Type.BIND : ContainerSpec.Mount.Type.VOLUME;
            mounts.add(new ContainerSpec.Mount(type, volume.source(), mount.containerPath(), Boolean.TRUE.equals(mount.readOnly())));
        }
        LinuxParameters linux = container.linuxParameters();
        if (linux != null) {
            for (var tmpfs : linux.tmpfs()) {
                List<String> options = new ArrayList<>();
                if (tmpfs.size() != null) {
                    options.add("size=" + tmpfs.size() + "m"); // ECS gives MiB
                }
                options.addAll(tmpfs.mountOptions());
                mounts.add(new ContainerSpec.Mount(ContainerSpec.Mount.Type.TMPFS, null, tmpfs.containerPath(), false,
                        String.join(",", options)));
            }
        }
        return mounts;
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
            return run.dockerName(target) + ":" + alias;
        }).toList();
    }

    /**
     * cpu units are Docker CPU shares, raised to Docker's minimum of 2 (the agent does the same); maxSwap is
     * added to memory for Docker's memory+swap total, and swappiness only counts with it (§6.2).
     */
    private static ContainerSpec.Resources resources(ContainerDefinition container) {
        Integer cpu = container.cpu() == null || container.cpu() == 0 ? null : Math.max(2, container.cpu());
        LinuxParameters linux = container.linuxParameters();
        Integer swap = linux == null || linux.maxSwap() == null || container.memory() == null
                ? null : container.memory() + linux.maxSwap();
        Integer swappiness = swap == null ? null : linux.swappiness();
        return new ContainerSpec.Resources(container.memory(), container.memoryReservation(), cpu, swap, swappiness,
                linux == null ? null : linux.sharedMemorySize(),
                container.ulimits().stream().map(u -> new ContainerSpec.Ulimit(u.name(),
                        u.softLimit() == null ? 0 : u.softLimit(), u.hardLimit() == null ? 0 : u.hardLimit())).toList());
    }

    private ContainerSpec.Isolation isolation(ContainerDefinition container, Function<String, String> runtimeIdOf) {
        LinuxParameters linux = container.linuxParameters();
        List<String> add = linux == null || linux.capabilities() == null ? List.of() : linux.capabilities().add();
        List<String> drop = linux == null || linux.capabilities() == null ? List.of() : linux.capabilities().drop();
        List<ContainerSpec.Device> devices = linux == null ? List.of() : linux.devices().stream()
                .map(d -> new ContainerSpec.Device(d.hostPath(), d.containerPath() == null ? d.hostPath() : d.containerPath(),
                        permissions(d.permissions())))
                .toList();
        Map<String, String> sysctls = new LinkedHashMap<>();
        container.systemControls().forEach(control -> sysctls.put(control.namespace(), control.value()));
        // Asked only when there is one: the holder exists only with pidMode or ipcMode task.
        String namespaceHolder = task.pidMode() == PidMode.TASK || task.ipcMode() == IpcMode.TASK
                ? "container:" + runtimeIdOf.apply(DependencyGraph.NAMESPACE_PAUSE) : null;
        String pid = task.pidMode() == PidMode.HOST ? "host" : task.pidMode() == PidMode.TASK ? namespaceHolder : null;
        String ipc = task.ipcMode() == null ? null : switch (task.ipcMode()) {
            case HOST -> "host";
            case NONE -> "none";
            case TASK -> namespaceHolder;
        };
        return new ContainerSpec.Isolation(Boolean.TRUE.equals(container.privileged()),
                Boolean.TRUE.equals(container.readonlyRootFilesystem()), add, drop, devices,
                container.dockerSecurityOptions(), sysctls, pid, ipc);
    }

    /** ECS says {@code ["read","write","mknod"]}, Docker {@code rwm}; all three when none are given. */
    private static String permissions(List<String> permissions) {
        if (permissions.isEmpty()) {
            return "rwm";
        }
        StringBuilder letters = new StringBuilder();
        for (String permission : permissions) {
            letters.append(permission.toLowerCase(Locale.ROOT).charAt(0));
        }
        return letters.toString();
    }

    private String networkMode(Function<String, String> runtimeIdOf) {
        NetworkMode mode = task.effectiveNetworkMode();
        // awsvpc: every container joins the holder's network namespace (§5.5).
        return mode == NetworkMode.AWSVPC ? "container:" + runtimeIdOf.apply(DependencyGraph.NETWORK_PAUSE) : mode.ecsName();
    }

    /**
     * The layers of §9.3. AWS_EXECUTION_ENV comes from ECS's backend (§8.1) with the definition's environment, whose
     * own entry of that name wins (which of the two ECS keeps: UNVERIFIED). The agent's variables (endpoints, FLUENT_*,
     * the router's) are set after the definition's, so they win (§8.1).
     */
    private ContainerEnvironment environment(ContainerDefinition container, Started started) {
        Map<String, String> injected = new java.util.TreeMap<>(platform.endpoints().apply(container.name()));
        injected.putAll(new java.util.TreeMap<>(fluentEnvironment(container, started)));
        injected.putAll(routerEnvironment(container));
        return ContainerEnvironment.of(injected, platform.inputs().secrets(container.name()),
                Map.of("AWS_EXECUTION_ENV", task.requiresFargate() ? "AWS_ECS_FARGATE" : "AWS_ECS_EC2"),
                container.environment(), platform.inputs().files(container.name()), platform.region());
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
