package dev.ecslocal.simulator.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Link;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.VolumesFrom;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link ContainerRuntime} on a Docker daemon, through docker-java and its httpclient5 transport.
 * The only class of ecs-local that imports docker-java: its types and exceptions stop here.
 *
 * <p>The API version is negotiated, not pinned (DOCKER-NOTES): Docker Engine 20.10 answers at most 1.41,
 * Docker 29 refuses anything below 1.44, and docker-java sends unversioned paths unless told. So an
 * unversioned {@code /version} call comes first, and the client is built with the newest version both
 * sides speak, never below the daemon's minimum.
 */
public final class DockerJavaRuntime implements ContainerRuntime {
    /** The newest API version docker-java 3.7 knows. */
    static final RemoteApiVersion NEWEST_SUPPORTED = RemoteApiVersion.VERSION_1_44;
    private static final long MIB = 1024L * 1024L;
    private static final Pattern DAEMON_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final DockerClient client;
    private final String description;

    private DockerJavaRuntime(DockerClient client, String description) {
        this.client = client;
        this.description = description;
    }

    /**
     * Connects to the daemon that {@code DOCKER_HOST} names (the local socket when unset), negotiating the
     * API version. Fails with {@link RuntimeFailure.Kind#DAEMON_UNREACHABLE} and a message that says what
     * was tried and how to start Docker.
     */
    public static DockerJavaRuntime connect() throws RuntimeFailure {
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost != null && dockerHost.startsWith("ssh://")) {
            throw new RuntimeFailure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, "DOCKER_HOST=" + dockerHost
                    + " is an ssh:// address, which docker-java cannot use. Forward the remote socket instead: "
                    + "`ssh -NL /tmp/docker.sock:/var/run/docker.sock " + dockerHost.substring("ssh://".length())
                    + "` and set DOCKER_HOST=unix:///tmp/docker.sock.");
        }
        DockerClientConfig probeConfig = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        URI host = probeConfig.getDockerHost();
        String tried = host + (dockerHost == null ? " (DOCKER_HOST is not set)" : " (from DOCKER_HOST)");
        Version version;
        try (DockerClient probe = client(probeConfig)) {
            version = probe.versionCmd().exec();
        } catch (Exception e) {
            throw new RuntimeFailure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, "cannot reach Docker at " + tried + ": "
                    + rootMessage(e) + ". Start Docker (`sudo systemctl start docker`, or `sudo dockerd &`; "
                    + "on a fresh machine ./scripts/setup.sh installs and starts it), or point DOCKER_HOST at a running daemon.", e);
        }
        RemoteApiVersion chosen = negotiate(version.getApiVersion(), version.getMinAPIVersion());
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withApiVersion(chosen).build();
        return new DockerJavaRuntime(client(config), "Docker " + version.getVersion() + " at " + host + ", API "
                + chosen.getVersion());
    }

    /** min(daemon's newest, ours), but never below what the daemon still accepts. */
    static RemoteApiVersion negotiate(String daemonNewest, String daemonMinimum) {
        RemoteApiVersion newest = RemoteApiVersion.parseConfig(daemonNewest);
        RemoteApiVersion chosen = newest.isGreater(NEWEST_SUPPORTED) ? NEWEST_SUPPORTED : newest;
        if (daemonMinimum != null && !daemonMinimum.isEmpty()) {
            RemoteApiVersion minimum = RemoteApiVersion.parseConfig(daemonMinimum);
            if (minimum.isGreater(chosen)) {
                chosen = minimum;
            }
        }
        return chosen;
    }

    private static DockerClient client(DockerClientConfig config) {
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** {@code Docker 20.10.24 at unix:///var/run/docker.sock, API 1.41}: for the user's first line. */
    public String description() {
        return description;
    }

    @Override
    public void ensureImage(String image, PullPolicy policy, Consumer<String> progress) throws RuntimeFailure {
        boolean present = imagePresent(image);
        if (policy == PullPolicy.NEVER || (policy == PullPolicy.MISSING && present)) {
            if (!present) {
                throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_PULL, "image " + image
                        + " is not present locally and --pull never forbids pulling it");
            }
            return;
        }
        try {
            client.pullImageCmd(image).exec(new PullImageResultCallback() {
                @Override
                public void onNext(PullResponseItem item) {
                    super.onNext(item);
                    if (item.getStatus() != null) {
                        progress.accept(item.getId() == null ? item.getStatus() : item.getId() + ": " + item.getStatus());
                    }
                }
            }).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_PULL, "pull of " + image + " interrupted", e);
        } catch (RuntimeException e) {
            if (present) {
                // As the agent does with a cached image (ECS-SEMANTICS §3.1): run what is here.
                progress.accept("pull failed (" + daemonMessage(e) + "); using the local image");
                return;
            }
            throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_PULL, daemonMessage(e), e);
        }
    }

    private boolean imagePresent(String image) throws RuntimeFailure {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.CANNOT_PULL, e);
        }
    }

    @Override
    public void createVolume(VolumeSpec spec) throws RuntimeFailure {
        try {
            client.createVolumeCmd().withName(spec.name()).withDriver(spec.driver())
                    .withDriverOpts(spec.driverOptions()).withLabels(spec.labels()).exec();
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, e);
        }
    }

    @Override
    public boolean volumeExists(String name) throws RuntimeFailure {
        try {
            client.inspectVolumeCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, e);
        }
    }

    @Override
    public void removeVolume(String name) throws RuntimeFailure {
        try {
            client.removeVolumeCmd(name).exec();
        } catch (NotFoundException e) {
            // Gone already.
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.CANNOT_STOP, e);
        }
    }

    @Override
    public String createContainer(ContainerSpec spec) throws RuntimeFailure {
        try {
            CreateContainerCmd create = client.createContainerCmd(spec.image())
                    .withName(spec.name())
                    .withLabels(spec.labels())
                    .withEnv(spec.environment())
                    .withExposedPorts(spec.ports().stream().map(DockerJavaRuntime::exposedPort).toList())
                    .withHostConfig(hostConfig(spec));
            if (spec.user() != null) {
                create.withUser(spec.user());
            }
            if (spec.workingDirectory() != null) {
                create.withWorkingDir(spec.workingDirectory());
            }
            if (spec.hostname() != null) {
                create.withHostName(spec.hostname());
            }
            if (!spec.entryPoint().isEmpty()) {
                create.withEntrypoint(spec.entryPoint());
            }
            if (!spec.command().isEmpty()) {
                create.withCmd(spec.command());
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
            return create.exec().getId();
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.CANNOT_CREATE, e);
        }
    }

    private static HostConfig hostConfig(ContainerSpec spec) {
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(spec.networkMode())
                .withPortBindings(spec.ports().stream().map(port -> new PortBinding(port.hostPort() == 0
                        ? Ports.Binding.bindIp(port.hostIp()) : Ports.Binding.bindIpAndPort(port.hostIp(), port.hostPort()),
                        exposedPort(port))).toList())
                // Named volumes and bind mounts alike, as the agent passes them (Binds: ECS-SEMANTICS §6.2).
                .withBinds(spec.mounts().stream().map(mount -> new Bind(mount.source(), new Volume(mount.target()),
                        mount.readOnly() ? AccessMode.ro : AccessMode.rw)).toList())
                .withVolumesFrom(spec.volumesFrom().stream().map(VolumesFrom::parse).toList())
                .withLinks(spec.links().stream().map(Link::parse).toList());
        ContainerSpec.Limits limits = spec.limits();
        if (limits.memoryMiB() != null) {
            host.withMemory(limits.memoryMiB() * MIB);
        }
        if (limits.memoryReservationMiB() != null) {
            host.withMemoryReservation(limits.memoryReservationMiB() * MIB);
        }
        if (limits.cpuShares() != null) {
            host.withCpuShares(limits.cpuShares());
        }
        return host;
    }

    private static ExposedPort exposedPort(ContainerSpec.PortBinding port) {
        return "udp".equals(port.protocol()) ? ExposedPort.udp(port.containerPort()) : ExposedPort.tcp(port.containerPort());
    }

    @Override
    public void startContainer(String id) throws RuntimeFailure {
        try {
            client.startContainerCmd(id).exec();
        } catch (NotModifiedException e) {
            // Already running: nothing to do.
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.CANNOT_START, e);
        }
    }

    @Override
    public void stopContainer(String id, Duration grace) throws RuntimeFailure {
        try {
            client.stopContainerCmd(id).withTimeout((int) Math.min(Integer.MAX_VALUE, grace.toSeconds())).exec();
        } catch (NotModifiedException e) {
            // Already stopped: its exit has been (or will be) reported by the events stream.
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.CANNOT_STOP, e);
        }
    }

    @Override
    public void removeContainer(String id) throws RuntimeFailure {
        try {
            // With its anonymous volumes (an image's VOLUME), which nothing else would remove.
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // Gone already.
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.CANNOT_STOP, e);
        }
    }

    /**
     * Docker's events for the task's containers. Docker's sequences (DOCKER-NOTES): {@code create},
     * {@code start}, then {@code health_status: healthy|unhealthy} as it changes (and three {@code exec_*}
     * per probe, ignored), {@code oom} before {@code die} when the kernel killed it, {@code die} with
     * {@code exitCode}, then {@code stop}/{@code destroy}.
     */
    @Override
    public AutoCloseable subscribe(String taskLabel, String taskId, Consumer<RuntimeEvent> listener) throws RuntimeFailure {
        Set<String> oomKilled = ConcurrentHashMap.newKeySet();
        try {
            return client.eventsCmd()
                    .withLabelFilter(Map.of(taskLabel, taskId))
                    .withEventTypeFilter(EventType.CONTAINER)
                    .exec(new ResultCallback.Adapter<Event>() {
                        @Override
                        public void onNext(Event event) {
                            RuntimeEvent translated = translate(event, oomKilled);
                            if (translated != null) {
                                listener.accept(translated);
                            }
                        }
                    });
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, e);
        }
    }

    private RuntimeEvent translate(Event event, Set<String> oomKilled) {
        String action = event.getAction() == null ? "" : event.getAction();
        String id = event.getId();
        Instant at = event.getTimeNano() == null ? Instant.now() : Instant.ofEpochSecond(0, event.getTimeNano());
        if (action.equals("start")) {
            return new RuntimeEvent.Started(id, at);
        }
        if (action.equals("oom")) {
            oomKilled.add(id);
            return null;
        }
        if (action.equals("die")) {
            Map<String, String> attributes = event.getActor() == null ? Map.of() : event.getActor().getAttributes();
            int exitCode = Integer.parseInt(attributes.getOrDefault("exitCode", "-1"));
            return new RuntimeEvent.Died(id, exitCode, oomKilled.remove(id), at);
        }
        if (action.startsWith("health_status")) {
            String status = action.substring(action.indexOf(':') + 1).strip();
            RuntimeEvent.Health health = switch (status) {
                case "healthy" -> RuntimeEvent.Health.HEALTHY;
                case "unhealthy" -> RuntimeEvent.Health.UNHEALTHY;
                default -> RuntimeEvent.Health.STARTING;
            };
            return new RuntimeEvent.HealthChanged(id, health, lastProbeOutput(id));
        }
        return null;
    }

    /** The event does not carry the probe's output; the container's health log does. */
    private String lastProbeOutput(String id) {
        try {
            var health = client.inspectContainerCmd(id).exec().getState().getHealth();
            List<HealthStateLog> log = health == null ? null : health.getLog();
            return log == null || log.isEmpty() ? "" : log.get(log.size() - 1).getOutput();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static RuntimeFailure failure(RuntimeFailure.Kind kind, RuntimeException e) {
        boolean unreachable = !(e instanceof DockerException);
        return new RuntimeFailure(unreachable ? RuntimeFailure.Kind.DAEMON_UNREACHABLE : kind, daemonMessage(e), e);
    }

    /** The daemon's own words ({@code Status 404: {"message":"No such image: x"}} gives {@code No such image: x}). */
    static String daemonMessage(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher matcher = DAEMON_MESSAGE.matcher(message);
        if (matcher.find()) {
            return matcher.group(1).replace("\\\"", "\"").replace("\\n", " ").strip();
        }
        return rootMessage(e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.strip();
    }
}
