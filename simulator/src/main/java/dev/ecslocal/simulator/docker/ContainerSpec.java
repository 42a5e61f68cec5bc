package dev.ecslocal.simulator.docker;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A container to create, fully resolved: what the engine asks the runtime for. ECS's defaults are
 * already applied here (a health check's 5 s timeout, not Docker's 30 s: ECS-SEMANTICS §4.1).
 *
 * @param networkMode Docker's: {@code bridge}, {@code host}, {@code none} or {@code container:<id>}
 * @param healthCheck null when the task definition gives none
 * @param links       {@code <container name>:<alias>} (bridge only: the only DNS there is, §5.2)
 * @param volumesFrom {@code <container id>[:ro]}
 */
public record ContainerSpec(
        String name,
        String image,
        List<String> entryPoint,
        List<String> command,
        List<String> environment,
        Map<String, String> labels,
        String user,
        String workingDirectory,
        String hostname,
        HealthCheck healthCheck,
        String networkMode,
        List<PortBinding> ports,
        List<Mount> mounts,
        List<String> volumesFrom,
        List<String> links,
        Limits limits) {

    public ContainerSpec {
        entryPoint = List.copyOf(entryPoint);
        command = List.copyOf(command);
        environment = List.copyOf(environment);
        labels = Map.copyOf(labels);
        ports = List.copyOf(ports);
        mounts = List.copyOf(mounts);
        volumesFrom = List.copyOf(volumesFrom);
        links = List.copyOf(links);
    }

    /** A container with nothing but an image, a command and labels: the netns holder, and tests. */
    public static ContainerSpec simple(String name, String image, List<String> command, Map<String, String> labels,
                                       String networkMode) {
        return new ContainerSpec(name, image, List.of(), command, List.of(), labels, null, null, null, null,
                networkMode, List.of(), List.of(), List.of(), List.of(), Limits.NONE);
    }

    /** Docker's health check, every value explicit. */
    public record HealthCheck(List<String> test, Duration interval, Duration timeout, int retries, Duration startPeriod) {
        public HealthCheck {
            test = List.copyOf(test);
        }
    }

    /**
     * A port published on the host.
     *
     * @param hostPort 0 lets the daemon choose a free one (shown to the user once it has)
     */
    public record PortBinding(int containerPort, String protocol, String hostIp, int hostPort) {
    }

    /** @param source a volume name (VOLUME) or a host path (BIND) */
    public record Mount(Type type, String source, String target, boolean readOnly) {
        public enum Type { VOLUME, BIND }
    }

    /** cgroup limits: memory hard and soft in MiB, cpu as Docker CPU shares; null when unset. */
    public record Limits(Integer memoryMiB, Integer memoryReservationMiB, Integer cpuShares) {
        public static final Limits NONE = new Limits(null, null, null);
    }
}
