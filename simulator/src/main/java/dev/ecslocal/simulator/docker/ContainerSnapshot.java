package dev.ecslocal.simulator.docker;

import dev.ecslocal.simulator.event.PublishedPort;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the runtime knows of a container at one moment (Docker's inspect): to reconcile after the events
 * stream was down, to read back the host ports the daemon chose, and to list what earlier runs left.
 *
 * @param exitCode    null while it has never exited
 * @param health      null when the container has no health check
 * @param healthChecksRan whether the daemon has run any of its health checks (Docker's inspect keeps the last
 *                    results, failed ones and those of the start period too; Podman without systemd never runs one)
 * @param startedAt   null when it never started
 * @param ports       the host ports actually bound
 * @param ipAddress   its address on Docker's default bridge; null when it is not on it (awsvpc members, host, none)
 * @param imageId     the id of the image it runs ({@code sha256:…})
 * @param networks    the networks it is attached to, in Docker's order; none for host, none and {@code container:} modes
 * @param mounts      its volumes and bind mounts, in Docker's order
 * @param storageDriver the daemon's storage driver for its filesystem ({@code overlay2}); null when Docker says none
 */
public record ContainerSnapshot(String id, String name, String image, String imageId, Map<String, String> labels, boolean running,
                                Integer exitCode, boolean oomKilled, RuntimeEvent.Health health, String healthOutput,
                                boolean healthChecksRan, Instant createdAt, Instant startedAt, Instant finishedAt, List<PublishedPort> ports,
                                String ipAddress, List<NetworkAttachment> networks, List<MountPoint> mounts, String storageDriver) {

    public ContainerSnapshot {
        labels = Map.copyOf(labels);
        ports = List.copyOf(ports);
        networks = List.copyOf(networks);
        mounts = List.copyOf(mounts);
    }

    /** Its attachment to the named network, if it has one. */
    public java.util.Optional<NetworkAttachment> network(String name) {
        return networks.stream().filter(n -> n.network().equals(name)).findFirst();
    }

}
