package dev.ecslocal.simulator.docker;

/**
 * One mount of a container, as Docker's inspect gives it ({@code Mounts}).
 *
 * @param volumeName  the Docker volume's name; null for a bind mount
 * @param source      where it comes from on the daemon's machine
 * @param destination where the container sees it
 */
public record MountPoint(String volumeName, String source, String destination) {
}
