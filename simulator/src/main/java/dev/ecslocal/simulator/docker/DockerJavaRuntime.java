package dev.ecslocal.simulator.docker;

import dev.ecslocal.simulator.event.PublishedPort;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The {@link ContainerRuntime} on a Docker daemon, through docker-java and its httpclient5 transport.
 * With {@link DockerEvents}, the only code of ecs-local that imports docker-java: its types and exceptions
 * stop in this package.
 *
 * <p>The API version is negotiated, not pinned (docs/docker-notes.md): Docker Engine 20.10 answers at most 1.41,
 * Docker 29 refuses anything below 1.44, and docker-java sends unversioned paths unless told. So an
 * unversioned {@code /version} call comes first, and the client is built with the newest version both
 * sides speak, never below the daemon's minimum.
 */
public final class DockerJavaRuntime implements ContainerRuntime {
    /** The newest API version docker-java 3.7 knows. */
    static final RemoteApiVersion NEWEST_SUPPORTED = RemoteApiVersion.VERSION_1_44;
    private static final Pattern DAEMON_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** How often a pull's byte counts are said while layers download. */
    private static final Duration PULL_PROGRESS_INTERVAL = Duration.ofSeconds(1);

    /**
     * The TLS context of a daemon on a Unix socket: one that is never used. Given none, the transport makes the JVM's
     * default context anyway, which reads and parses the whole cacerts store and loads the TLS and X.509 classes: a
     * tenth of a second of every start, for nothing. (Not for tcp://: there, any context given means https.)
     */
    private static final SSLConfig NO_TLS = () -> new SSLContext(null, null, "none") {
    };

    private final DockerClient client;
    /** The signals this runtime sent, so that Docker's kill events tell the others apart. */
    private final OwnSignals ownSignals = new OwnSignals();
    private final String description;
    private final Product product;
    private final URI endpoint;
    private final RegistryCredentials credentials;

    private DockerJavaRuntime(DockerClient client, String description, Product product, URI endpoint,
            RegistryCredentials credentials) {
        this.client = client;
        this.description = description;
        this.product = product;
        this.endpoint = endpoint;
        this.credentials = credentials;
    }

    /**
     * Connects to the daemon that {@code DOCKER_HOST} names (the local socket when unset), negotiating the
     * API version. Fails with {@link RuntimeFailure.Kind#DAEMON_UNREACHABLE} and a message that says what
     * was tried and how to start Docker.
     */
    public static DockerJavaRuntime connect() throws RuntimeFailure {
        return connect(System.getenv("DOCKER_HOST"));
    }

    /** @param dockerHost {@code unix://…} or {@code tcp://…}; null: the platform's default socket */
    public static DockerJavaRuntime connect(String dockerHost) throws RuntimeFailure {
        if (dockerHost != null && dockerHost.startsWith("ssh://")) {
            throw new RuntimeFailure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, "DOCKER_HOST=" + dockerHost
                    + " is an ssh:// address, which docker-java cannot use. Forward the remote socket instead: "
                    + "`ssh -NL /tmp/docker.sock:/var/run/docker.sock " + dockerHost.substring("ssh://".length())
                    + "` and set DOCKER_HOST=unix:///tmp/docker.sock.");
        }
        DockerClientConfig probeConfig = config(dockerHost, null);
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
        List<String> components = version.getComponents() == null ? List.of()
                : version.getComponents().stream().map(c -> c.getName() + " " + c.getVersion()).toList();
        return new DockerJavaRuntime(client(config(dockerHost, chosen)), product(version.getVersion(), components) + " at " + host
                + ", API " + chosen.getVersion(), productOf(components), host, RegistryCredentials.fromEnvironment());
    }

    /**
     * What answers on the socket, as the user knows it: Podman's Docker-compatible API says "Docker" nowhere but in its
     * wire format, and names itself among its components ({@code Podman Engine 4.3.1}).
     *
     * @param components {@code name version} of each component the daemon lists
     */
    static String product(String version, List<String> components) {
        return components.stream().filter(c -> c.startsWith("Podman")).findFirst()
                .map(podman -> "Podman " + podman.substring(podman.lastIndexOf(' ') + 1))
                .orElse("Docker " + version);
    }

    /** @param components {@code name version} of each component the daemon lists */
    static Product productOf(List<String> components) {
        return components.stream().anyMatch(c -> c.startsWith("Podman")) ? Product.PODMAN : Product.DOCKER;
    }

    static DockerClientConfig config(String dockerHost, RemoteApiVersion version) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
        if (dockerHost != null) {
            builder.withDockerHost(dockerHost);
        }
        if (version != null) {
            builder.withApiVersion(version);
        }
        return builder.build();
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
                .sslConfig(tls(config))
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return DockerClientImpl.getInstance(withoutOwnAuthLookup(config), http);
    }

    /** The transport's TLS: the configuration's (DOCKER_TLS_VERIFY), else on a Unix socket one never used, else none (http). */
    static SSLConfig tls(DockerClientConfig config) {
        SSLConfig configured = config.getSSLConfig();
        return configured == null && "unix".equals(config.getDockerHost().getScheme()) ? NO_TLS : configured;
    }

    /**
     * docker-java puts its own credentials on every pull ({@code effectiveAuthConfig}: config.json's auths only, and Docker
     * Hub's explicit names under the wrong key). Pulls get {@link RegistryCredentials}' instead, so that what the daemon
     * got is what the user is told was tried.
     */
    private static DockerClientConfig withoutOwnAuthLookup(DockerClientConfig config) {
        return new com.github.dockerjava.core.DockerClientConfigDelegate(config) {
            @Override
            public com.github.dockerjava.api.model.AuthConfig effectiveAuthConfig(String imageName) {
                return null;
            }
        };
    }

    /**
     * The name of the machine the daemon runs on (docker info's Name). When it is this machine's, the daemon sees
     * this machine's files: bind mounts and Unix sockets under /tmp mean the same thing to both.
     */
    @Override
    public DaemonFacts daemonFacts() throws RuntimeFailure {
        try {
            var info = client.infoCmd().exec();
            var plugins = info.getPlugins();
            List<String> logDrivers = plugins == null ? null : plugins.get("Log");
            return new DaemonFacts(info.getName(), logDrivers == null ? null : java.util.Set.copyOf(logDrivers),
                    endpoint != null && "tcp".equals(endpoint.getScheme()) ? endpoint.getHost() : null);
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, e);
        }
    }

    /** {@code Docker 20.10.24 at unix:///var/run/docker.sock, API 1.41}: for the user's first line. */
    @Override
    public String description() {
        return description;
    }

    @Override
    public Product product() {
        return product;
    }

    // ---- images -----------------------------------------------------------------------------------

    @Override
    public boolean ensureImage(String image, PullPolicy policy, PullCredentials given, Consumer<String> progress) throws RuntimeFailure {
        boolean present = imagePresent(image);
        if (policy == PullPolicy.NEVER || (policy == PullPolicy.MISSING && present)) {
            if (!present) {
                throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_PULL, "image " + image
                        + " is not present locally and --pull never forbids pulling it");
            }
            return false;
        }
        Registry registry = Registry.of(image);
        boolean tokenAllowed = given.ecrTokens() != null && registry.ecrRegion() != null;
        RegistryCredentials.Lookup credentials;
        try {
            if (given.task() != null) {
                credentials = lookup(given.task(), registry); // the task's repositoryCredentials, as ECS uses them
            } else {
                try {
                    credentials = this.credentials.lookup(registry);
                } catch (RuntimeFailure dockerCannot) {
                    if (!tokenAllowed) {
                        throw dockerCannot;
                    }
                    // Docker's helper failed (docker-credential-ecr-login not installed, say): the token does not need it.
                    progress.accept(dockerCannot.getMessage());
                    credentials = new RegistryCredentials.Lookup("no credentials (Docker's failed)", null);
                }
                if (credentials.auth() == null && tokenAllowed) {
                    credentials = lookup(given.ecrTokens().token(registry), registry);
                }
            }
        } catch (RuntimeFailure failure) {
            if (present) {
                progress.accept("pull failed (" + failure.getMessage() + "); using the local image");
                return true;
            }
            throw failure;
        }
        RuntimeException refused = pull(image, credentials, progress);
        if (refused != null && tokenAllowed && given.task() == null && !credentials.tried().startsWith(PullAuth.ECR_TOKEN)
                && PullRefusal.refusedCredentials(daemonMessage(refused))) {
            // Docker's stored ECR login has expired (ECR's logins last 12 hours): a fresh token, as ECS would have.
            try {
                credentials = lookup(given.ecrTokens().token(registry), registry);
                refused = pull(image, credentials, progress);
            } catch (RuntimeFailure noToken) {
                refused = new RuntimeException(noToken.getMessage(), noToken);
            }
        }
        if (refused == null) {
            return true;
        }
        String said = daemonMessage(refused);
        String message = PullRefusal.refusedCredentials(said) ? PullRefusal.message(image, registry, credentials.tried(), said,
                tokenAllowed)
                : said;
        if (present) {
            // As the agent does with a cached image (ECS-SEMANTICS §3.1): run what is here.
            progress.accept("pull failed (" + message + "); using the local image");
            return true;
        }
        throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_PULL, message, refused);
    }

    private static RegistryCredentials.Lookup lookup(PullAuth auth, Registry registry) {
        return new RegistryCredentials.Lookup(auth.source(), new AuthConfig().withRegistryAddress(registry.configKey())
                .withUsername(auth.username()).withPassword(auth.password()));
    }

    /** @return null when the image was pulled; else why not (the daemon's refusal) */
    private RuntimeException pull(String image, RegistryCredentials.Lookup credentials, Consumer<String> progress)
            throws RuntimeFailure {
        PullProgress summary = new PullProgress(image, PULL_PROGRESS_INTERVAL);
        // The daemon's refusal, kept here: docker-java would log it as an error with a stack trace, and the
        // failure is this method's to report.
        java.util.concurrent.atomic.AtomicReference<RuntimeException> refused = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            client.pullImageCmd(image).withAuthConfig(credentials.auth()).exec(new PullImageResultCallback() {
                @Override
                public void onError(Throwable error) {
                    refused.compareAndSet(null, error instanceof RuntimeException runtime ? runtime : new RuntimeException(error));
                    try {
                        close();
                    } catch (java.io.IOException ignored) {
                        // Already closed by the failure.
                    }
                }

                @Override
                public void onNext(PullResponseItem item) {
                    super.onNext(item);
                    var detail = item.getProgressDetail();
                    String line = summary.update(item.getId(), item.getStatus(), detail == null ? null : detail.getCurrent(),
                            detail == null ? null : detail.getTotal(), Instant.now());
                    if (line != null) {
                        progress.accept(line);
                    }
                }
            }).awaitCompletion();
            return refused.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_PULL, "pull of " + image + " interrupted", e);
        } catch (RuntimeException e) {
            return refused.get() != null ? refused.get() : e; // the daemon's words, not docker-java's "could not pull"
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

    // ---- volumes ----------------------------------------------------------------------------------

    @Override
    public String createVolume(VolumeSpec spec) throws RuntimeFailure {
        try {
            return client.createVolumeCmd().withName(spec.name()).withDriver(spec.driver())
                    .withDriverOpts(spec.driverOptions()).withLabels(spec.labels()).exec().getMountpoint();
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
    public List<VolumeSummary> volumes(String labelKey) throws RuntimeFailure {
        try {
            var volumes = client.listVolumesCmd().withFilter("label", List.of(labelKey)).exec().getVolumes();
            return volumes == null ? List.of() : volumes.stream()
                    .map(v -> new VolumeSummary(v.getName(), v.getLabels() == null ? Map.of() : v.getLabels())).toList();
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, e);
        }
    }

    // ---- containers -------------------------------------------------------------------------------

    @Override
    public String createContainer(ContainerSpec spec) throws RuntimeFailure {
        try {
            String id = DockerContainerConfig.createCommand(client, spec, imageEnvironment(spec)).exec().getId();
            joinOtherNetworks(id, spec.network().alsoOn());
            putFiles(id, spec.files());
            return id;
        } catch (IllegalArgumentException e) {
            // docker-java's own parsing of a value (a capability, a link) refused it before the daemon saw it.
            throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_CREATE, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.CANNOT_CREATE, e);
        }
    }

    /**
     * The networks a container joins besides its own, before it starts: one call each, since the API before 1.44 takes
     * one network at create. A container that cannot join is removed, so a failed create leaves nothing.
     */
    private void joinOtherNetworks(String id, List<String> networks) throws RuntimeFailure {
        for (String network : networks) {
            try {
                client.connectToNetworkCmd().withContainerId(id).withNetworkId(network).exec();
            } catch (RuntimeException e) {
                try {
                    client.removeContainerCmd(id).withForce(true).exec();
                } catch (RuntimeException ignored) {
                    // The failure to join is what the user needs to see.
                }
                throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_CREATE, "cannot join network " + network + ": "
                        + failure(RuntimeFailure.Kind.CANNOT_CREATE, e).getMessage(), e);
            }
        }
    }

    /** The spec's files, in one archive, before the container starts; a container that cannot have them is removed. */
    private void putFiles(String id, Map<String, byte[]> files) throws RuntimeFailure {
        if (files.isEmpty()) {
            return;
        }
        try {
            ByteArrayOutputStream archive = new ByteArrayOutputStream();
            try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(archive)) {
                tar.setLongFileMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
                for (Map.Entry<String, byte[]> file : new java.util.TreeMap<>(files).entrySet()) {
                    var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(file.getKey().replaceFirst("^/+", ""));
                    entry.setSize(file.getValue().length);
                    entry.setMode(0100644);
                    tar.putArchiveEntry(entry);
                    tar.write(file.getValue());
                    tar.closeArchiveEntry();
                }
            }
            client.copyArchiveToContainerCmd(id).withRemotePath("/")
                    .withTarInputStream(new java.io.ByteArrayInputStream(archive.toByteArray())).exec();
        } catch (java.io.IOException | RuntimeException e) {
            try {
                client.removeContainerCmd(id).withForce(true).exec();
            } catch (RuntimeException ignored) {
                // The failure to put the files in is what the user needs to see.
            }
            throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_CREATE, "cannot put " + String.join(", ", files.keySet())
                    + " into the container: " + e.getMessage(), e);
        }
    }

    /** The image's ENV, read only when the spec has variables that depend on it. */
    private List<String> imageEnvironment(ContainerSpec spec) {
        if (spec.process().unlessImageSets().isEmpty()) {
            return List.of();
        }
        var config = client.inspectImageCmd(spec.image()).exec().getConfig();
        return config == null || config.getEnv() == null ? List.of() : List.of(config.getEnv());
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
        ownSignals.stopping(id);
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
        ownSignals.signalling(id, "SIGKILL"); // a running container is killed first
        try {
            // With its anonymous volumes (an image's VOLUME), which nothing else would remove.
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // Gone already.
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.CANNOT_STOP, e);
        }
    }

    @Override
    public void signal(String id, String signal) throws RuntimeFailure {
        ownSignals.signalling(id, signal);
        try {
            client.killContainerCmd(id).withSignal(signal).exec();
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.CANNOT_STOP, e);
        }
    }

    @Override
    public void exec(String id, List<String> command) throws RuntimeFailure {
        try {
            String exec = client.execCreateCmd(id).withCmd(command.toArray(String[]::new)).withAttachStdout(true)
                    .withAttachStderr(true).exec().getId();
            StringBuilder output = new StringBuilder();
            client.execStartCmd(exec).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                @Override
                public void onNext(com.github.dockerjava.api.model.Frame frame) {
                    output.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }).awaitCompletion(30, java.util.concurrent.TimeUnit.SECONDS);
            Long exitCode = client.inspectExecCmd(exec).exec().getExitCodeLong();
            if (exitCode == null || exitCode != 0) {
                throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_START, String.join(" ", command) + " exited "
                        + exitCode + (output.isEmpty() ? "" : ": " + output.toString().strip()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_START, "interrupted while running " + String.join(" ", command));
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.CANNOT_START, e);
        }
    }

    @Override
    public void pause(String id, boolean paused) throws RuntimeFailure {
        try {
            if (paused) {
                client.pauseContainerCmd(id).exec();
            } else {
                client.unpauseContainerCmd(id).exec();
            }
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.CANNOT_STOP, e);
        }
    }

    @Override
    public ContainerSnapshot inspect(String id) throws RuntimeFailure {
        try {
            return snapshot(client.inspectContainerCmd(id).exec());
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, e);
        }
    }

    @Override
    public String stats(String id) throws RuntimeFailure {
        try (var callback = new ResultCallback.Adapter<com.github.dockerjava.api.model.Statistics>() {
            private volatile com.github.dockerjava.api.model.Statistics first;

            @Override
            public void onNext(com.github.dockerjava.api.model.Statistics statistics) {
                if (first == null) {
                    first = statistics;
                }
            }
        }) {
            client.statsCmd(id).withNoStream(true).exec(callback).awaitCompletion(10, java.util.concurrent.TimeUnit.SECONDS);
            return callback.first == null ? "{}" : STATS_JSON.writeValueAsString(callback.first);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, "interrupted while reading stats", e);
        } catch (java.io.IOException e) {
            throw new RuntimeFailure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, "cannot read the stats of " + id + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, e);
        }
    }

    /** docker-java's Statistics carry Docker's own field names; absent ones are left out, as Docker does. */
    private static final com.fasterxml.jackson.databind.ObjectMapper STATS_JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    @Override
    public void ensureNetwork(String name, String subnet, String gateway, Map<String, String> labels) throws RuntimeFailure {
        try {
            if (networkExists(name) && !hasGateway(name, gateway)) {
                // Another version of ecs-local made it with another gateway: replaced while nothing uses it.
                var existing = client.inspectNetworkCmd().withNetworkId(name).exec();
                if (existing.getContainers() != null && !existing.getContainers().isEmpty()) {
                    throw new RuntimeFailure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, "network " + name + " exists with "
                            + "another gateway (made by another version of ecs-local) and is in use; end the runs that use it");
                }
                client.removeNetworkCmd(name).exec();
            }
            if (!networkExists(name)) {
                client.createNetworkCmd().withName(name).withDriver("bridge").withLabels(labels).withCheckDuplicate(true)
                        .withIpam(new com.github.dockerjava.api.model.Network.Ipam().withConfig(
                                new com.github.dockerjava.api.model.Network.Ipam.Config().withSubnet(subnet).withGateway(gateway)))
                        .exec();
            }
        } catch (RuntimeException e) {
            // Another run is making it at the same moment (a name taken, or its subnet: the daemon reserves the subnet
            // before the name shows): theirs will do, once it shows.
            for (int look = 0; look < 20; look++) {
                if (networkExists(name)) {
                    return;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            throw failure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, e);
        }
    }

    private boolean hasGateway(String name, String gateway) {
        var ipam = client.inspectNetworkCmd().withNetworkId(name).exec().getIpam();
        return ipam != null && ipam.getConfig() != null && ipam.getConfig().stream().anyMatch(c -> gateway.equals(c.getGateway()));
    }

    private boolean networkExists(String name) {
        try {
            return client.listNetworksCmd().withNameFilter(name).exec().stream().anyMatch(n -> name.equals(n.getName()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void removeNetwork(String name) throws RuntimeFailure {
        try {
            client.removeNetworkCmd(name).exec();
        } catch (NotFoundException gone) {
            // Already removed.
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, e);
        }
    }

    @Override
    public List<String> networks(String labelKey) throws RuntimeFailure {
        try {
            return client.listNetworksCmd().withFilter("label", List.of(labelKey)).exec().stream()
                    .map(com.github.dockerjava.api.model.Network::getName).sorted().toList();
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, e);
        }
    }

    @Override
    public Map<String, String> networkMembers(String network) throws RuntimeFailure {
        try {
            var containers = client.inspectNetworkCmd().withNetworkId(network).exec().getContainers();
            Map<String, String> members = new java.util.LinkedHashMap<>();
            if (containers != null) {
                containers.forEach((id, member) -> {
                    String address = member.getIpv4Address();
                    if (address != null && !address.isEmpty()) {
                        members.put(id, address.replaceFirst("/.*", ""));
                    }
                });
            }
            return members;
        } catch (NotFoundException none) {
            return Map.of();
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, e);
        }
    }

    @Override
    public Conversation converse(String id, List<String> command, Consumer<String> lines, Runnable ended) throws RuntimeFailure {
        Outbox stdin = new Outbox();
        try {
            String exec = client.execCreateCmd(id).withCmd(command.toArray(String[]::new)).withAttachStdin(true)
                    .withAttachStdout(true).withAttachStderr(false).exec().getId();
            ByteArrayOutputStream partial = new ByteArrayOutputStream();
            ResultCallback.Adapter<Frame> stream = client.execStartCmd(exec).withStdIn(stdin).exec(new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Frame frame) {
                    for (byte b : frame.getPayload()) {
                        if (b == '\n') {
                            lines.accept(partial.toString(StandardCharsets.UTF_8));
                            partial.reset();
                        } else {
                            partial.write(b);
                        }
                    }
                }

                @Override
                public void onComplete() {
                    super.onComplete();
                    ended.run();
                }

                /** The stream broke (the daemon or the process went away): an end like any other, said by {@code ended}. */
                @Override
                public void onError(Throwable broken) {
                    try {
                        close();
                    } catch (java.io.IOException ignored) {
                        // Already broken.
                    }
                    ended.run();
                }
            });
            return new Conversation() {
                @Override
                public void send(String line) throws RuntimeFailure {
                    if (!stdin.put((line + "\n").getBytes(StandardCharsets.UTF_8))) {
                        throw new RuntimeFailure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, "the conversation with "
                                + String.join(" ", command) + " has ended");
                    }
                }

                @Override
                public void close() {
                    stdin.end();
                    try {
                        stream.close();
                    } catch (java.io.IOException ignored) {
                        // Closing a broken stream: nothing more to end.
                    }
                }
            };
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.CANNOT_START, e);
        }
    }

    /**
     * A conversation's stdin: what {@code send} queues, read by docker-java's copying thread, then its end. (A piped
     * stream would break when the thread that last wrote to it ends, and senders are pool threads.)
     */
    private static final class Outbox extends java.io.InputStream {
        private static final byte[] END = new byte[0];
        private final java.util.concurrent.BlockingQueue<byte[]> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        private volatile boolean ended;
        private byte[] current;
        private int at;

        boolean put(byte[] bytes) {
            if (ended) {
                return false;
            }
            queue.add(bytes);
            return true;
        }

        void end() {
            ended = true;
            queue.add(END);
        }

        @Override
        public int read() throws java.io.IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (current == END) {
                return -1;
            }
            if (current == null || at == current.length) {
                try {
                    current = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
                at = 0;
                if (current == END) {
                    return -1;
                }
            }
            int n = Math.min(length, current.length - at);
            System.arraycopy(current, at, buffer, offset, n);
            at += n;
            return n;
        }
    }

    private static ContainerSnapshot snapshot(InspectContainerResponse inspect) {
        var state = inspect.getState();
        Instant startedAt = instant(state.getStartedAt());
        Instant finishedAt = instant(state.getFinishedAt());
        boolean running = Boolean.TRUE.equals(state.getRunning());
        // Docker says 0 for a container that never ran: only an ended run has an exit code.
        Integer exitCode = !running && finishedAt != null && state.getExitCodeLong() != null
                ? state.getExitCodeLong().intValue() : null;
        HealthState health = state.getHealth();
        RuntimeEvent.Health healthStatus = health == null || health.getStatus() == null ? null : health(health.getStatus());
        List<HealthStateLog> probes = health == null ? null : health.getLog();
        String output = probes == null || probes.isEmpty() ? null : probes.get(probes.size() - 1).getOutput();
        List<PublishedPort> ports = new ArrayList<>();
        var settings = inspect.getNetworkSettings();
        if (settings != null && settings.getPorts() != null) {
            settings.getPorts().getBindings().forEach((exposed, bindings) -> {
                if (bindings != null) {
                    for (Ports.Binding binding : bindings) {
                        if (binding.getHostPortSpec() != null && !binding.getHostPortSpec().isEmpty()) {
                            ports.add(new PublishedPort(exposed.getPort(), exposed.getProtocol().toString(),
                                    binding.getHostIp(), Integer.parseInt(binding.getHostPortSpec())));
                        }
                    }
                }
            });
        }
        String name = inspect.getName() == null ? "" : inspect.getName().replaceFirst("^/", "");
        Map<String, String> labels = inspect.getConfig() == null || inspect.getConfig().getLabels() == null
                ? Map.of() : inspect.getConfig().getLabels();
        String image = inspect.getConfig() == null ? null : inspect.getConfig().getImage();
        List<NetworkAttachment> networks = new ArrayList<>();
        if (settings != null && settings.getNetworks() != null) {
            settings.getNetworks().forEach((network, attachment) -> networks.add(new NetworkAttachment(network,
                    blankAsNull(attachment.getIpAddress()), attachment.getIpPrefixLen() == null ? 0 : attachment.getIpPrefixLen(),
                    blankAsNull(attachment.getMacAddress()), blankAsNull(attachment.getGateway()))));
        }
        List<MountPoint> mounts = new ArrayList<>();
        if (inspect.getMounts() != null) {
            for (var mount : inspect.getMounts()) {
                mounts.add(new MountPoint(blankAsNull(mount.getName()), mount.getSource(),
                        mount.getDestination() == null ? null : mount.getDestination().getPath()));
            }
        }
        return new ContainerSnapshot(inspect.getId(), name, image, inspect.getImageId(), labels, running, exitCode,
                Boolean.TRUE.equals(state.getOOMKilled()), healthStatus, output, probes != null && !probes.isEmpty(), instant(inspect.getCreated()), startedAt,
                finishedAt, ports, settings == null ? null : blankAsNull(settings.getIpAddress()), networks, mounts,
                inspect.getGraphDriver() == null ? null : blankAsNull(inspect.getGraphDriver().getName()));
    }

    private static String blankAsNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    @Override
    public long writableLayerBytes(String id) throws RuntimeFailure {
        try {
            Long size = client.inspectContainerCmd(id).withSize(true).exec().getSizeRw();
            return size == null ? 0 : size;
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, e);
        }
    }

    @Override
    public String readFile(String id, String path) throws RuntimeFailure {
        // Docker answers a tar of the one file (GET /containers/{id}/archive).
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                client.copyArchiveFromContainerCmd(id, path).exec())) {
            var entry = tar.getNextEntry();
            return entry == null ? null : new String(tar.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (NotFoundException noFile) {
            return null;
        } catch (java.io.IOException e) {
            throw new RuntimeFailure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, "cannot read " + path + " in " + id + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, e);
        }
    }

    /** Docker's times; its zero time ({@code 0001-01-01T00:00:00Z}) means never. */
    private static Instant instant(String text) {
        if (text == null || text.isEmpty() || text.startsWith("0001-")) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public String bridgeGateway() throws RuntimeFailure {
        try {
            var ipam = client.inspectNetworkCmd().withNetworkId("bridge").exec().getIpam();
            if (ipam == null || ipam.getConfig() == null) {
                return null;
            }
            for (var config : ipam.getConfig()) {
                if (config.getGateway() != null && !config.getGateway().contains(":")) {
                    return config.getGateway();
                }
                // Docker 20.10 states only the subnet of its default bridge; its IPAM gives the gateway the first address.
                if (config.getGateway() == null && config.getSubnet() != null && !config.getSubnet().contains(":")) {
                    return firstAddress(config.getSubnet());
                }
            }
            return null;
        } catch (NotFoundException noBridge) {
            return null;
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, e);
        }
    }

    /** {@code 172.17.0.0/16} gives {@code 172.17.0.1}. */
    static String firstAddress(String ipv4Subnet) {
        String[] parts = ipv4Subnet.split("/");
        return NetworkAttachment.dotted(NetworkAttachment.network(parts[0], Integer.parseInt(parts[1])) + 1);
    }

    @Override
    public List<ContainerSnapshot> containers(String labelKey) throws RuntimeFailure {
        try {
            List<ContainerSnapshot> snapshots = new ArrayList<>();
            for (Container container : client.listContainersCmd().withShowAll(true).withLabelFilter(List.of(labelKey)).exec()) {
                try {
                    snapshots.add(snapshot(client.inspectContainerCmd(container.getId()).exec()));
                } catch (NotFoundException removedMeanwhile) {
                    // Not there any more: nothing to list.
                }
            }
            return snapshots;
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, e);
        }
    }

    // ---- logs -------------------------------------------------------------------------------------

    @Override
    public LogFollow followLogs(String id, Instant since, Consumer<LogLine> lines) throws RuntimeFailure {
        LogFrames frames = new LogFrames(id, since, lines);
        try {
            var command = client.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true)
                    .withTimestamps(true);
            if (since != null) {
                command.withSince((int) since.getEpochSecond()); // whole seconds: LogFrames drops the earlier lines
            }
            ResultCallback.Adapter<Frame> stream = command.exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    frames.accept(frame.getStreamType() == StreamType.STDERR ? LogLine.Source.STDERR : LogLine.Source.STDOUT,
                            frame.getPayload());
                }

                @Override
                public void onComplete() {
                    frames.finish();
                    super.onComplete();
                }

                /**
                 * The stream broke (the daemon went away): the lines so far are shown, and the engine re-opens the
                 * stream when the daemon is back. docker-java would log the break as an error with its stack trace.
                 */
                @Override
                public void onError(Throwable broken) {
                    frames.finish();
                    try {
                        close();
                    } catch (java.io.IOException ignored) {
                        // Already broken.
                    }
                }
            });
            return new LogFollow() {
                @Override
                public boolean awaitEnd(Duration timeout) throws InterruptedException {
                    return stream.awaitCompletion(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                }

                @Override
                public void close() {
                    try {
                        stream.close();
                    } catch (java.io.IOException ignored) {
                        // Closing a stream that broke.
                    }
                }
            };
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, e);
        }
    }

    // ---- events -----------------------------------------------------------------------------------

    @Override
    public AutoCloseable subscribe(String labelKey, String labelValue, Instant since, Consumer<RuntimeEvent> listener)
            throws RuntimeFailure {
        try {
            return DockerEvents.open(client, labelKey, labelValue, since, ownSignals, listener);
        } catch (RuntimeException e) {
            throw failure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, e);
        }
    }

    static RuntimeEvent.Health health(String status) {
        return switch (status) {
            case "healthy" -> RuntimeEvent.Health.HEALTHY;
            case "unhealthy" -> RuntimeEvent.Health.UNHEALTHY;
            default -> RuntimeEvent.Health.STARTING;
        };
    }

    private RuntimeFailure failure(RuntimeFailure.Kind kind, RuntimeException e) {
        if (e instanceof DockerException) {
            return new RuntimeFailure(kind, daemonMessage(e), e);
        }
        // No answer at all: where was asked, with the system's words ("No such file or directory": the socket is
        // gone, as while the daemon restarts; "Connection refused": nothing listens).
        return new RuntimeFailure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, "no answer from Docker at "
                + (endpoint == null ? description : endpoint.toString()) + ": " + daemonMessage(e), e);
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

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.strip();
    }
}
