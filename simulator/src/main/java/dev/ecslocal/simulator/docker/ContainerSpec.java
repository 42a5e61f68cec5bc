package dev.ecslocal.simulator.docker;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A container to create, fully resolved: what the engine asks the runtime for, in Docker's vocabulary but
 * none of docker-java's types. ECS's defaults are already applied here (a health check's 5 s timeout, not
 * Docker's 30 s: ECS-SEMANTICS §4.1). Grouped as Docker groups them: what runs, its network, its
 * resources, its isolation.
 *
 * @param mounts      named volumes, bind mounts and tmpfs, in the task definition's order
 * @param volumesFrom {@code <container id>[:ro]}
 * @param healthCheck null when the task definition gives none
 * @param log         null: the daemon's default log driver
 */
public record ContainerSpec(
        String name,
        String image,
        Process process,
        Map<String, String> labels,
        Network network,
        List<Mount> mounts,
        List<String> volumesFrom,
        Resources resources,
        Isolation isolation,
        HealthCheck healthCheck,
        LogDriver log,
        Map<String, byte[]> files,
        PullCredentials pullCredentials) {

    /**
     * @param files put into the container after it is created and before it starts, by absolute path (the FireLens
     *              router's configuration): through the Docker API, so they reach a daemon that cannot see our files
     * @param pullCredentials what the run adds to Docker's credentials for the image's pull
     */
    public ContainerSpec {
        pullCredentials = pullCredentials == null ? PullCredentials.DOCKER : pullCredentials;
        labels = Map.copyOf(labels);
        mounts = List.copyOf(mounts);
        volumesFrom = List.copyOf(volumesFrom);
        files = Map.copyOf(files);
    }

    /** Without files to put in. */
    public ContainerSpec(String name, String image, Process process, Map<String, String> labels, Network network, List<Mount> mounts,
                         List<String> volumesFrom, Resources resources, Isolation isolation, HealthCheck healthCheck, LogDriver log) {
        this(name, image, process, labels, network, mounts, volumesFrom, resources, isolation, healthCheck, log, Map.of(),
                PullCredentials.DOCKER);
    }

    public ContainerSpec withHealthCheck(HealthCheck check) {
        return new ContainerSpec(name, image, process, labels, network, mounts, volumesFrom, resources, isolation, check, log, files,
                pullCredentials);
    }

    public ContainerSpec withFiles(Map<String, byte[]> added) {
        return new ContainerSpec(name, image, process, labels, network, mounts, volumesFrom, resources, isolation, healthCheck, log,
                added, pullCredentials);
    }

    public ContainerSpec withPullCredentials(PullCredentials credentials) {
        return new ContainerSpec(name, image, process, labels, network, mounts, volumesFrom, resources, isolation, healthCheck, log,
                files, credentials);
    }

    /** A container with nothing but an image, a command and labels: tests, and nothing else. */
    public static ContainerSpec simple(String name, String image, List<String> command, Map<String, String> labels,
                                       String networkMode) {
        return new ContainerSpec(name, image, Process.command(command), labels, Network.mode(networkMode), List.of(),
                List.of(), Resources.NONE, Isolation.NONE, null, null);
    }

    /**
     * What runs, and as whom.
     *
     * @param entryPoint empty: the image's
     * @param command    empty: the image's
     * @param init       Docker's --init (linuxParameters.initProcessEnabled): a PID 1 that forwards signals
     */
    public record Process(List<String> entryPoint, List<String> command, List<String> environment,
                          Map<String, String> unlessImageSets, String user, String workingDirectory, boolean init, boolean tty,
                          boolean openStdin) {
        public Process {
            entryPoint = List.copyOf(entryPoint);
            command = List.copyOf(command);
            environment = List.copyOf(environment);
            unlessImageSets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(unlessImageSets));
        }

        public static Process command(List<String> command) {
            return new Process(List.of(), command, List.of(), Map.of(), null, null, false, false, false);
        }

        /**
         * The environment to create the container with, given its image's ENV ({@code NAME=value}):
         * {@link #unlessImageSets} is added only when neither the environment nor the image sets any of its names
         * (ECS's rule for the region, ECS-SEMANTICS §8.1).
         */
        public List<String> environment(List<String> imageEnvironment) {
            java.util.Set<String> set = new java.util.HashSet<>();
            java.util.stream.Stream.concat(environment.stream(), imageEnvironment.stream())
                    .forEach(entry -> set.add(entry.contains("=") ? entry.substring(0, entry.indexOf('=')) : entry));
            if (unlessImageSets.isEmpty() || unlessImageSets.keySet().stream().anyMatch(set::contains)) {
                return environment;
            }
            List<String> all = new java.util.ArrayList<>(environment);
            unlessImageSets.forEach((name, value) -> all.add(name + "=" + value));
            return all;
        }
    }

    /**
     * @param mode       Docker's: {@code bridge}, {@code host}, {@code none} or {@code container:<id>}
     * @param links      {@code <container name>:<alias>} (bridge only: the only DNS there is, §5.2)
     * @param extraHosts {@code host:ip}
     * @param disabled   disableNetworking: the container gets no network at all
     */
    /**
     * @param address an IPv4 address on the network {@code mode} names (a user-defined network); null: Docker chooses
     * @param alsoOn  networks the container joins too, before it starts (ecs-local's endpoints network)
     */
    public record Network(String mode, String hostname, List<PortBinding> ports, List<String> links,
                          List<String> extraHosts, List<String> dnsServers, List<String> dnsSearchDomains,
                          boolean disabled, String address, List<String> alsoOn) {
        public Network {
            ports = List.copyOf(ports);
            links = List.copyOf(links);
            extraHosts = List.copyOf(extraHosts);
            dnsServers = List.copyOf(dnsServers);
            dnsSearchDomains = List.copyOf(dnsSearchDomains);
            alsoOn = List.copyOf(alsoOn);
        }

        public static Network mode(String mode) {
            return new Network(mode, null, List.of(), List.of(), List.of(), List.of(), List.of(), false, null, List.of());
        }

        /** On this user-defined network only, at this address. */
        public static Network at(String network, String address) {
            return new Network(network, null, List.of(), List.of(), List.of(), List.of(), List.of(), false, address, List.of());
        }

        /** The same, joining {@code network} too (null: nothing more). */
        public Network alsoOn(String network) {
            return network == null ? this : new Network(mode, hostname, ports, links, extraHosts, dnsServers, dnsSearchDomains,
                    disabled, address, java.util.stream.Stream.concat(alsoOn.stream(), java.util.stream.Stream.of(network)).toList());
        }
    }

    /**
     * A port published on the host.
     *
     * @param hostPort 0 lets the daemon choose a free one (shown to the user once it has)
     * @param askedBy  the container whose portMappings[{@code mapping}] asked for it, named when the port is taken
     *                 (in awsvpc the network holder publishes every member's ports); null when unknown
     */
    public record PortBinding(int containerPort, String protocol, String hostIp, int hostPort, String askedBy, int mapping) {
        public PortBinding(int containerPort, String protocol, String hostIp, int hostPort) {
            this(containerPort, protocol, hostIp, hostPort, null, -1);
        }

        /** {@code web's portMappings[0] (containerPort 8080/tcp → 127.0.0.1:8080)} */
        public String describe() {
            String published = (hostIp == null || hostIp.isEmpty() ? "" : hostIp + ":") + (hostPort == 0 ? "any port" : hostPort);
            String mapped = "containerPort " + containerPort + "/" + protocol + " → " + published;
            return askedBy == null ? mapped : askedBy + "'s portMappings[" + mapping + "] (" + mapped + ")";
        }
    }

    /**
     * @param source  a volume name (VOLUME), a host path (BIND), unused for TMPFS
     * @param options TMPFS only: Docker's {@code size=64m,noexec}; empty otherwise
     */
    public record Mount(Type type, String source, String target, boolean readOnly, String options) {
        public enum Type { VOLUME, BIND, TMPFS }

        public Mount(Type type, String source, String target, boolean readOnly) {
            this(type, source, target, readOnly, "");
        }
    }

    /**
     * cgroup limits and the like; null when unset.
     *
     * @param memoryMiB            hard limit
     * @param memoryReservationMiB soft limit
     * @param cpuShares            ECS cpu units are Docker CPU shares
     * @param memorySwapMiB        Docker's memory+swap total (linuxParameters.maxSwap + memory)
     */
    public record Resources(Integer memoryMiB, Integer memoryReservationMiB, Integer cpuShares, Integer memorySwapMiB,
                            Integer swappiness, Integer sharedMemoryMiB, List<Ulimit> ulimits) {
        public static final Resources NONE = new Resources(null, null, null, null, null, null, List.of());

        public Resources {
            ulimits = List.copyOf(ulimits);
        }
    }

    public record Ulimit(String name, long soft, long hard) {
    }

    /**
     * What the container may see and do beyond its own namespace.
     *
     * @param pidMode null, {@code host} or {@code container:<id>}
     * @param ipcMode null, {@code host}, {@code none}, {@code shareable} or {@code container:<id>}
     */
    public record Isolation(boolean privileged, boolean readonlyRootFilesystem, List<String> capabilitiesAdded,
                            List<String> capabilitiesDropped, List<Device> devices, List<String> securityOptions,
                            Map<String, String> sysctls, String pidMode, String ipcMode) {
        public static final Isolation NONE = new Isolation(false, false, List.of(), List.of(), List.of(), List.of(),
                Map.of(), null, null);

        public Isolation {
            capabilitiesAdded = List.copyOf(capabilitiesAdded);
            capabilitiesDropped = List.copyOf(capabilitiesDropped);
            devices = List.copyOf(devices);
            securityOptions = List.copyOf(securityOptions);
            sysctls = Map.copyOf(sysctls);
        }
    }

    /** @param permissions cgroup permissions, {@code rwm} when the task definition gives none */
    public record Device(String hostPath, String containerPath, String permissions) {
    }

    /** Docker's health check, every value explicit. */
    public record HealthCheck(List<String> test, Duration interval, Duration timeout, int retries, Duration startPeriod) {
        public HealthCheck {
            test = List.copyOf(test);
        }
    }

    /** A Docker log driver and its options ({@code json-file}, {@code local}, {@code fluentd}). */
    public record LogDriver(String type, Map<String, String> options) {
        public LogDriver {
            options = Map.copyOf(options);
        }
    }
}
