package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.event.Notice;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.event.TaskView;
import dev.ecslocal.simulator.metadata.MetadataServer;
import dev.ecslocal.simulator.metadata.TaskMetadata;
import dev.ecslocal.simulator.model.NetworkMode;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.platform.CredentialsSource;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The metadata and credentials endpoints of one run, at ECS's address 169.254.170.2:80 (ECS-SEMANTICS §8.1).
 *
 * <p>How the task reaches that address: ecs-local has Docker create a bridge network whose gateway is
 * 169.254.170.2, which puts the address on the daemon's machine (on the network's bridge), and listens there, on
 * nothing else. Containers on Docker's default bridge (bridge mode, and awsvpc's namespace holder) route it through
 * their gateway to that machine, which owns it; host-mode containers have it locally. Nothing joins the network: it
 * exists for its address. AWS's own local endpoints tool puts a container at that address instead, which would need
 * an image and a relay to ecs-local's process; the task's containers see the same address either way. Port 80 needs
 * root (or CAP_NET_BIND_SERVICE), and one run at a time can have it: otherwise the run says so and gives no
 * endpoint variables, rather than URIs nobody answers.
 */
final class Endpoints implements AutoCloseable {
    static final String NETWORK = "ecs-local-endpoints";
    private static final String SUBNET = "169.254.170.0/24";

    private final ContainerRuntime runtime;
    private final MetadataServer server;
    private final boolean madeNetwork;

    private Endpoints(ContainerRuntime runtime, MetadataServer server, boolean madeNetwork) {
        this.runtime = runtime;
        this.server = server;
        this.madeNetwork = madeNetwork;
    }

    /**
     * The endpoints, or null (said once, as a notice) when they cannot be served.
     *
     * @param address where to listen; ECS's 169.254.170.2 makes the network that puts it on this machine first; null: off
     * @param daemon  where the daemon runs: ECS's address is put on its machine
     * @param view    the engine's latest picture of the task, once it runs
     */
    static Endpoints start(TaskDefinition task, RunIdentity run, ContainerRuntime runtime, DaemonPlace daemon,
                           CredentialsSource credentials, String address, int port, Supplier<TaskView> view, Consumer<Notice> say) {
        if (address == null) {
            say.accept(new Notice.EndpointsNotServed("as asked (the containers get no ECS_CONTAINER_METADATA_URI_V4)"));
            return null;
        }
        if (task.effectiveNetworkMode() == NetworkMode.NONE) {
            say.accept(new Notice.EndpointsNotServed("the task has networkMode none (nothing could reach it)"));
            return null;
        }
        boolean ecsAddress = address.equals(MetadataServer.ADDRESS);
        String elsewhere = ecsAddress ? daemon.elsewhere() : null;
        if (elsewhere != null) {
            // Its network would put the address on the daemon's machine, where nothing of ours listens: URIs that
            // nobody answers make SDKs wait for their timeouts, so none are given.
            say.accept(new Notice.EndpointsNotServed("the Docker daemon runs on " + elsewhere + ", not on this machine, so "
                    + MetadataServer.ADDRESS + " would be there, where ecs-local cannot listen; the containers get no "
                    + "ECS_CONTAINER_METADATA_URI_V4 or credentials URI"));
            return null;
        }
        if (ecsAddress) {
            try {
                runtime.ensureNetwork(NETWORK, SUBNET, MetadataServer.ADDRESS, Map.of(RunIdentity.ENDPOINTS_LABEL, "true"));
            } catch (RuntimeFailure failure) {
                say.accept(new Notice.EndpointsNotServed("Docker would not make the network that puts " + MetadataServer.ADDRESS
                        + " on this machine (" + failure.getMessage() + ")"));
                return null;
            }
        }
        TaskMetadata metadata = new TaskMetadata(task, run, runtime, Instant.now(), view);
        boolean host = task.effectiveNetworkMode() == NetworkMode.HOST;
        try {
            MetadataServer server = new MetadataServer(new InetSocketAddress(address, port), metadata, task.taskRoleArn(),
                    credentials, from -> host ? MetadataServer.isLocal(from) : metadata.addresses().contains(from.getHostAddress()),
                    Clock.systemUTC());
            say.accept(new Notice.EndpointsServed("http://" + address + (port == 80 ? "" : ":" + port), task.taskRoleArn(),
                    describe(credentials)));
            return new Endpoints(runtime, server, ecsAddress);
        } catch (IllegalArgumentException | SecurityException e) {
            if (ecsAddress) {
                removeNetwork(runtime);
            }
            say.accept(new Notice.EndpointsNotServed("cannot listen on " + address + ":" + port + " (" + e.getMessage() + ")"));
            return null;
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            boolean taken = e instanceof BindException && message.contains("in use");
            if (ecsAddress && !taken) {
                removeNetwork(runtime);
            }
            // The kernel's words say which: the address is taken, not ours, or the port is privileged.
            String why = taken ? "another ecs-local run serves it"
                    : message.contains("assign requested address") ? address + " is not an address of this machine"
                    : message.contains("ermission denied") ? "port " + port + " needs root or CAP_NET_BIND_SERVICE"
                    : "the system refused";
            say.accept(new Notice.EndpointsNotServed("cannot listen on " + address + ":" + port + " (" + message + "): " + why
                    + "; the containers get no ECS_CONTAINER_METADATA_URI_V4 or credentials URI"));
            return null;
        }
    }

    private static String describe(CredentialsSource credentials) {
        if (credentials instanceof CredentialsSource.Environment) {
            return "the AWS keys of ecs-local's environment";
        }
        if (credentials instanceof CredentialsSource.Profile profile) {
            return "profile " + profile.name() + " of your AWS credentials file";
        }
        return "none (--task-role-credentials env or profile:NAME serves yours)";
    }

    /** The agent's variables for a container: its endpoint URIs and the credentials URI (§8.1). */
    Map<String, String> environment(String container) {
        return server.environment(container);
    }

    @Override
    public void close() {
        server.close();
        if (madeNetwork) {
            removeNetwork(runtime);
        }
    }

    private static void removeNetwork(ContainerRuntime runtime) {
        try {
            runtime.removeNetwork(NETWORK);
        } catch (RuntimeFailure ignored) {
            // Another run's, or the daemon is gone: the next run reuses it, `down` removes it.
        }
    }
}
