package dev.ecslocal.cli;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.engine.ContainerSpecs;
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

/**
 * The metadata and credentials endpoints of one run, at ECS's address 169.254.170.2:80 (ECS-SEMANTICS §8.1).
 *
 * <p>How the task reaches that address: ecs-local has Docker create a bridge network whose gateway is
 * 169.254.170.2, which puts the address on this machine (on the network's bridge), and listens there, on nothing
 * else. Containers on Docker's default bridge (bridge mode, and awsvpc's namespace holder) route it through their
 * gateway to this machine, which owns it; host-mode containers have it locally. Nothing joins the network: it exists
 * for its address. AWS's own local endpoints tool puts a container at that address instead, which would need an
 * image and a relay to ecs-local's process; the task's containers see the same address either way. Port 80 needs
 * root (or CAP_NET_BIND_SERVICE), and one run at a time can have it: otherwise the run says so and gives no
 * endpoint variables, rather than URIs nobody answers.
 */
final class MetadataRun implements AutoCloseable {
    static final String NETWORK = "ecs-local-endpoints";
    private static final String SUBNET = "169.254.170.0/24";

    private final ContainerRuntime runtime;
    private final MetadataServer server;
    final TaskMetadata metadata;

    private MetadataRun(ContainerRuntime runtime, MetadataServer server, TaskMetadata metadata) {
        this.runtime = runtime;
        this.server = server;
        this.metadata = metadata;
    }

    /** The endpoints, or null (said once) when this machine cannot serve them. */
    static MetadataRun start(TaskDefinition task, int revision, String taskId, ContainerRuntime runtime,
                             CredentialsSource credentials, RunConsole console) {
        if (task.effectiveNetworkMode() == NetworkMode.NONE) {
            console.say("  metadata endpoint: not served, the task has networkMode none (nothing could reach it)");
            return null;
        }
        TaskMetadata metadata = new TaskMetadata(task, revision, ContainerSpecs.taskArn(taskId), ContainerSpecs.CLUSTER, runtime,
                Instant.now());
        try {
            runtime.ensureNetwork(NETWORK, SUBNET, MetadataServer.ADDRESS, Map.of("ecs-local.endpoints", "true"));
        } catch (RuntimeFailure failure) {
            console.say("  metadata endpoint: not served, Docker would not make the network that puts " + MetadataServer.ADDRESS
                    + " on this machine (" + failure.getMessage() + ")");
            return null;
        }
        boolean host = task.effectiveNetworkMode() == NetworkMode.HOST;
        try {
            MetadataServer server = new MetadataServer(new InetSocketAddress(MetadataServer.ADDRESS, 80), metadata,
                    task.taskRoleArn(), credentials,
                    address -> host ? MetadataServer.isLocal(address) : metadata.addresses().contains(address.getHostAddress()),
                    Clock.systemUTC());
            console.say("  metadata endpoint: http://" + MetadataServer.ADDRESS + "/v4/<id> for each container"
                    + (task.taskRoleArn() == null ? "" : "; task role " + task.taskRoleArn() + " credentials: "
                    + describe(credentials)));
            return new MetadataRun(runtime, server, metadata);
        } catch (IOException e) {
            boolean taken = e instanceof BindException && String.valueOf(e.getMessage()).contains("in use");
            if (!taken) {
                removeNetwork(runtime);
            }
            console.say("  metadata endpoint: not served, cannot listen on " + MetadataServer.ADDRESS + ":80 (" + e.getMessage() + "): "
                    + (taken ? "another ecs-local run serves it" : "port 80 needs root or CAP_NET_BIND_SERVICE")
                    + "; the containers get no ECS_CONTAINER_METADATA_URI_V4 or credentials URI");
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

    Map<String, String> environment(String container) {
        return server.environment(container);
    }

    @Override
    public void close() {
        server.close();
        removeNetwork(runtime);
    }

    private static void removeNetwork(ContainerRuntime runtime) {
        try {
            runtime.removeNetwork(NETWORK);
        } catch (RuntimeFailure ignored) {
            // Another run's, or the daemon is gone: the next run reuses it, `down` removes it.
        }
    }
}
