package dev.ecslocal.simulator.docker;

import java.util.Set;

/**
 * What the daemon says of itself (docker info), asked once per run.
 *
 * @param hostname   its machine's host name (Name); null when it does not say. A daemon whose name is not this
 *                   machine's runs elsewhere (a VM, another host) and cannot see this machine's files or addresses.
 * @param logDrivers the log drivers it has (Plugins.Log: Podman has no {@code fluentd}); null when it does not say
 * @param tcpHost    the host ecs-local reaches it on over TCP ({@code DOCKER_HOST=tcp://build-box:2376}); null for a
 *                   socket, whose daemon is on this machine or in its VM
 */
public record DaemonFacts(String hostname, Set<String> logDrivers, String tcpHost) {
    public DaemonFacts {
        logDrivers = logDrivers == null ? null : Set.copyOf(logDrivers);
    }

    /** Whether it can send a container's lines to a fluentd receiver (what FireLens needs); true when it does not say. */
    public boolean hasLogDriver(String driver) {
        return logDrivers == null || logDrivers.contains(driver);
    }
}
