package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.RuntimeFailure;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's name: whether the daemon runs here, and which host a run's owner process is on. */
public final class Hostname {
    private Hostname() {
    }

    /**
     * The daemon's machine when it is not this one (a VM of Docker Desktop, colima or Podman, or another host): then
     * it sees neither this machine's files nor its addresses. Null when it is this one, or will not say.
     */
    static String daemonElsewhere(ContainerRuntime runtime) {
        try {
            String daemon = runtime.daemonHostname();
            return daemon == null || daemon.equals(local()) ? null : daemon;
        } catch (RuntimeFailure failure) {
            return null;
        }
    }

    public static String local() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException notLinux) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException unknown) {
                return "unknown";
            }
        }
    }
}
