package dev.ecslocal.simulator.docker;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * What ecs-local needs from a container runtime, in its own terms. One implementation talks to Docker
 * (the only code that may import docker-java); {@code FakeContainerRuntime} is scripted for tests.
 *
 * <p>Calls may block (a pull, a create) and are made from worker threads, never from the engine's loop.
 * What happens to a container afterwards (it started, it died, its health changed) arrives as
 * {@link RuntimeEvent}s through {@link #subscribe}: the engine learns an exit from the event, not from
 * the call that caused it.
 */
public interface ContainerRuntime {

    /**
     * Makes {@code image} available locally: pulls it when the policy says so, with Docker's credentials and what the run
     * adds to them, reporting progress lines.
     *
     * @return whether it went to the registry for it (a pull, even one that failed and left the local copy to run), as
     *         the agent's pull times count; false when the policy had it use the local image without asking
     */
    boolean ensureImage(String image, PullPolicy policy, PullCredentials credentials, Consumer<String> progress) throws RuntimeFailure;

    /** With Docker's own credentials only. */
    default boolean ensureImage(String image, PullPolicy policy, Consumer<String> progress) throws RuntimeFailure {
        return ensureImage(image, policy, PullCredentials.DOCKER, progress);
    }

    /** Creates a named volume. */
    /** @return where the volume's files are on the daemon's machine (its Mountpoint), as the daemon's own paths */
    String createVolume(VolumeSpec spec) throws RuntimeFailure;

    boolean volumeExists(String name) throws RuntimeFailure;

    void removeVolume(String name) throws RuntimeFailure;

    /** Creates (does not start) a container; returns its id. */
    String createContainer(ContainerSpec spec) throws RuntimeFailure;

    void startContainer(String id) throws RuntimeFailure;

    /**
     * Sends the container its stop signal (the image's STOPSIGNAL, else SIGTERM) and SIGKILL after
     * {@code grace}: Docker's stop (ECS-SEMANTICS §2). The exit arrives as a {@link RuntimeEvent.Died}.
     */
    void stopContainer(String id, Duration grace) throws RuntimeFailure;

    void removeContainer(String id) throws RuntimeFailure;

    /** Sends one signal ({@code SIGKILL}, {@code SIGTERM}, a number), as a crash or another process would. */
    void signal(String id, String signal) throws RuntimeFailure;

    /** Runs a command in the running container and waits for it; a non-zero exit is a failure with its output. */
    void exec(String id, List<String> command) throws RuntimeFailure;

    /** Freezes every process of the container (the cgroup freezer), or thaws them: a hung process, locally. */
    void pause(String id, boolean paused) throws RuntimeFailure;

    /** The container as the runtime sees it now. */
    ContainerSnapshot inspect(String id) throws RuntimeFailure;

    /**
     * Delivers the container's stdout and stderr lines written from {@code since} on (everything when null),
     * and those it writes until it stops; close the result to stop earlier. Lines arrive on a thread of the
     * runtime's, in the order the container wrote them per stream.
     */
    LogFollow followLogs(String id, Instant since, Consumer<LogLine> lines) throws RuntimeFailure;

    /** A container's lines being followed: ended by the runtime once the container has stopped and they are all out. */
    interface LogFollow extends AutoCloseable {
        /**
         * Waits for the end of the stream, which comes after the container's last line.
         *
         * @return false when {@code timeout} passed first
         */
        boolean awaitEnd(java.time.Duration timeout) throws InterruptedException;

        @Override
        void close();
    }

    /**
     * Delivers the events of containers carrying {@code labelKey=labelValue}, from {@code since} on (events
     * that happened between {@code since} and the call are not lost), until the result is closed. When the
     * stream breaks, the runtime says so and reconnects by itself.
     */
    AutoCloseable subscribe(String labelKey, String labelValue, Instant since, Consumer<RuntimeEvent> listener)
            throws RuntimeFailure;

    /**
     * The address at which containers on Docker's default bridge reach the host (its gateway), or null when the
     * daemon has none: how a task reaches a server ecs-local runs on the host.
     */
    String bridgeGateway() throws RuntimeFailure;

    /** What the daemon says of itself: its machine's name and its log drivers (docker info). */
    DaemonFacts daemonFacts() throws RuntimeFailure;

    /** The daemon in one line, for the user: {@code Docker 27.3.1 at unix:///var/run/docker.sock, API 1.47}. */
    String description();

    /**
     * Which program answers Docker's API: Podman's compatible API lacks some of Docker's features (links, the fluentd
     * log driver, health checks without systemd), which a run refuses or says before they fail half-way.
     */
    Product product();

    /** Docker's stats JSON of a running container at one moment ({@code read}, {@code cpu_stats}, {@code memory_stats}, …). */
    String stats(String id) throws RuntimeFailure;

    /** How many bytes the container has written to its own filesystem (Docker's {@code SizeRw}; its image's layers not counted). */
    long writableLayerBytes(String id) throws RuntimeFailure;

    /** A text file's content inside a container (created or running), or null when there is no such file. */
    String readFile(String id, String path) throws RuntimeFailure;

    /**
     * Makes a bridge network with this subnet and gateway exist (an existing one of that name is kept): the gateway
     * is then an address of the daemon's machine.
     */
    void ensureNetwork(String name, String subnet, String gateway, java.util.Map<String, String> labels) throws RuntimeFailure;

    void removeNetwork(String name) throws RuntimeFailure;

    /** The names of the networks that carry the label {@code labelKey}. */
    List<String> networks(String labelKey) throws RuntimeFailure;

    /** The running containers on a network and their IPv4 addresses, by container id; empty when there is no such network. */
    java.util.Map<String, String> networkMembers(String network) throws RuntimeFailure;

    /**
     * Starts {@code command} in the running container {@code id} with its stdin and stdout attached to this process:
     * a line protocol that needs nothing but the Docker API, whatever machine or VM the daemon runs on.
     *
     * @param lines each line the process writes to its stdout, in order, on the runtime's thread (do not block it)
     * @param ended when its stdout ends: the process exited, the daemon went away, or {@link Conversation#close()}
     */
    Conversation converse(String id, List<String> command, Consumer<String> lines, Runnable ended) throws RuntimeFailure;

    /** A process in a container, spoken to in lines; see {@link #converse}. */
    interface Conversation extends AutoCloseable {
        /** Writes one line to its stdin (the newline is added). */
        void send(String line) throws RuntimeFailure;

        /** Ends its stdin and lets go of the stream: the process reads the end of its input. */
        @Override
        void close();
    }

    /** Every container, running or not, that carries the label {@code labelKey}. */
    List<ContainerSnapshot> containers(String labelKey) throws RuntimeFailure;

    /** Every volume that carries the label {@code labelKey}. */
    List<VolumeSummary> volumes(String labelKey) throws RuntimeFailure;

    /** The program behind the socket, as its {@code /version} names itself. */
    enum Product {
        /** Docker Engine (dockerd), also inside Docker Desktop, colima, OrbStack. */
        DOCKER,
        /** Podman's Docker-compatible API ({@code podman system service}). */
        PODMAN
    }

    /** When ecs-local pulls an image (ECS's agent setting ECS_IMAGE_PULL_BEHAVIOR, in ecs-local's words). */
    enum PullPolicy {
        /** Pull every time, as ECS does by default; a failed pull falls back to a local copy. */
        ALWAYS,
        /** Pull only images not present locally (the agent's prefer-cached). */
        MISSING,
        /** Never pull: a missing image fails the container. */
        NEVER
    }
}
