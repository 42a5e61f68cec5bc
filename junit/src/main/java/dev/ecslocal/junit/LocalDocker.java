package dev.ecslocal.junit;

import dev.ecslocal.simulator.api.Daemon;
import dev.ecslocal.simulator.api.DockerUnavailableException;
import dev.ecslocal.simulator.api.PreparedRun;
import dev.ecslocal.simulator.api.RunRefusedException;
import dev.ecslocal.simulator.api.RunningTask;
import dev.ecslocal.simulator.event.TaskListener;

import java.util.Optional;

/**
 * The Docker daemon that DOCKER_HOST names (else the local socket), connected to once per JVM: every test class asks
 * whether it answers, and a laptop without Docker should not pay a failed connection per class. Its answer, a daemon
 * or the reason there is none, is kept for the JVM's life, as Testcontainers keeps its own.
 */
final class LocalDocker implements TaskHost {
    /** The one every extension uses unless a test gives it another. */
    static final LocalDocker SYSTEM = new LocalDocker(Daemon::connect);

    /** How to reach the daemon: {@link Daemon#connect()}, or a failing one in tests. */
    @FunctionalInterface
    interface Connection {
        Daemon connect() throws DockerUnavailableException;
    }

    private final Connection connection;
    private Daemon daemon;
    private DockerUnavailableException unavailable;

    LocalDocker(Connection connection) {
        this.connection = connection;
    }

    private synchronized Daemon daemon() throws DockerUnavailableException {
        if (daemon == null && unavailable == null) {
            try {
                daemon = connection.connect();
            } catch (DockerUnavailableException e) {
                unavailable = e;
            }
        }
        if (unavailable != null) {
            throw unavailable;
        }
        return daemon;
    }

    @Override
    public Optional<String> unavailableReason() {
        try {
            daemon();
            return Optional.empty();
        } catch (DockerUnavailableException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public RunningTask start(PreparedRun run, TaskListener listener) throws RunRefusedException, DockerUnavailableException {
        return run.start(daemon(), listener);
    }

    /** What it knows, without asking the daemon. */
    @Override
    public synchronized String toString() {
        if (daemon != null) {
            return daemon.description();
        }
        return unavailable != null ? "no Docker daemon (" + unavailable.getMessage() + ")"
                : "the Docker daemon of DOCKER_HOST or the local socket, not asked yet";
    }
}
