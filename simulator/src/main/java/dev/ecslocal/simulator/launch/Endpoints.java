package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.event.Notice;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.event.TaskView;
import dev.ecslocal.simulator.metadata.EndpointAnswers;
import dev.ecslocal.simulator.metadata.MetadataServer;
import dev.ecslocal.simulator.metadata.TaskMetadata;
import dev.ecslocal.simulator.model.NetworkMode;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.platform.CredentialsSource;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The metadata and credentials endpoints of one run (ECS-SEMANTICS §8.1). At ECS's address, 169.254.170.2:80, the
 * {@link EndpointRelay} in Docker carries the requests to this run, and the task's network joins the relay's (the
 * awsvpc holder, each bridge-mode container; host-mode containers reach it through the daemon's machine). At any
 * other address (tests; a host-mode task on a local daemon) a listener of this process answers.
 */
final class Endpoints implements AutoCloseable {
    private final ContainerRuntime runtime;
    private final String taskId;
    private volatile EndpointRelay.Serving relayed;
    private volatile boolean closing;
    private final MetadataServer listener;
    private final EndpointAnswers answers;

    private Endpoints(ContainerRuntime runtime, String taskId, EndpointRelay.Serving relayed, MetadataServer listener,
                      EndpointAnswers answers) {
        this.runtime = runtime;
        this.taskId = taskId;
        this.relayed = relayed;
        this.listener = listener;
        this.answers = answers;
    }

    /**
     * The endpoints, or null (said once, as a notice) when they cannot be served.
     *
     * @param address where they answer; ECS's 169.254.170.2 (on port 80) is the relay's; another: a listener here;
     *                null: off
     * @param view    the engine's latest picture of the task, once it runs
     */
    static Endpoints start(TaskDefinition task, RunIdentity run, ContainerRuntime runtime, CredentialsSource credentials,
                           String address, int port, Supplier<TaskView> view, Consumer<Notice> say) {
        if (address == null) {
            say.accept(new Notice.EndpointsNotServed("as asked (the containers get no ECS_CONTAINER_METADATA_URI_V4)"));
            return null;
        }
        NetworkMode mode = task.effectiveNetworkMode();
        if (mode == NetworkMode.NONE) {
            say.accept(new Notice.EndpointsNotServed("the task has networkMode none (nothing could reach it)"));
            return null;
        }
        TaskMetadata metadata = new TaskMetadata(task, run, runtime, view);
        boolean relay = address.equals(MetadataServer.ADDRESS) && port == 80;
        // Host-mode containers come from the daemon machine's own address on the relay's network, or from this one.
        EndpointAnswers answers = new EndpointAnswers(metadata, task.taskRoleArn(), credentials,
                mode == NetworkMode.HOST ? from -> relay ? from.equals(EndpointRelay.GATEWAY) : MetadataServer.isLocal(from)
                        : from -> taskAddresses(runtime, metadata, relay).contains(from),
                Clock.systemUTC());
        String served = "http://" + address + (port == 80 ? "" : ":" + port);
        if (relay) {
            try {
                Endpoints[] made = new Endpoints[1];
                EndpointRelay.Serving serving = serve(runtime, run, answers, say, () -> made[0]);
                say.accept(new Notice.EndpointsServed(served, "relayed inside Docker by container " + EndpointRelay.NAME
                        + " on network " + EndpointRelay.NAME, task.taskRoleArn(), describe(credentials)));
                made[0] = new Endpoints(runtime, run.taskId(), serving, null, answers);
                return made[0];
            } catch (RuntimeFailure failure) {
                EndpointRelay.removeIfUnused(runtime, run.taskId());
                say.accept(new Notice.EndpointsNotServed("the relay that answers at " + MetadataServer.ADDRESS
                        + " inside Docker could not start (" + failure.getMessage() + ")" + relayHint(failure)
                        + "; the containers get no ECS_CONTAINER_METADATA_URI_V4 or credentials URI"));
                return null;
            }
        }
        try {
            MetadataServer server = new MetadataServer(new InetSocketAddress(address, port), answers);
            say.accept(new Notice.EndpointsServed(server.base(), "answered by ecs-local on this machine", task.taskRoleArn(),
                    describe(credentials)));
            return new Endpoints(runtime, run.taskId(), null, server, answers);
        } catch (IllegalArgumentException | SecurityException e) {
            say.accept(new Notice.EndpointsNotServed("cannot listen on " + address + ":" + port + " (" + e.getMessage() + ")"));
            return null;
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            // The kernel's words say which: the address is taken, not ours, or the port is privileged.
            String why = e instanceof BindException && message.contains("in use") ? "another program listens there"
                    : message.contains("assign requested address") ? address + " is not an address of this machine"
                    : message.contains("ermission denied") ? "port " + port + " needs root or CAP_NET_BIND_SERVICE"
                    : "the system refused";
            say.accept(new Notice.EndpointsNotServed("cannot listen on " + address + ":" + port + " (" + message + "): " + why
                    + "; the containers get no ECS_CONTAINER_METADATA_URI_V4 or credentials URI"));
            return null;
        }
    }

    /**
     * This run's serving by the relay, made if need be. Twice: another run that ends at this moment may take the relay
     * away as this one starts using it (the last run out removes it), and the second time makes it again.
     */
    private static EndpointRelay.Serving serve(ContainerRuntime runtime, RunIdentity run, EndpointAnswers answers,
                                               Consumer<Notice> say, Supplier<Endpoints> endpoints) throws RuntimeFailure {
        // The relay went away under a running task (another run's end took it, or someone removed it): made again once.
        Runnable lost = () -> {
            Thread again = new Thread(() -> {
                Endpoints self = endpoints.get();
                if (self == null || self.closing) {
                    return;
                }
                try {
                    self.relayed = EndpointRelay.Serving.start(runtime, EndpointRelay.ensure(runtime), run.taskId(), answers,
                            () -> say.accept(lostForGood()));
                } catch (RuntimeFailure failure) {
                    say.accept(lostForGood());
                }
            }, "ecs-local-endpoints-again");
            again.setDaemon(true);
            again.start();
        };
        try {
            return EndpointRelay.Serving.start(runtime, EndpointRelay.ensure(runtime), run.taskId(), answers, lost);
        } catch (RuntimeFailure first) {
            return EndpointRelay.Serving.start(runtime, EndpointRelay.ensure(runtime), run.taskId(), answers, lost);
        }
    }

    private static Notice lostForGood() {
        return new Notice.Remark(Notice.Topic.ENDPOINTS, "WARNING: the endpoints relay (container " + EndpointRelay.NAME
                + ") stopped serving this task and could not be made again: its containers' metadata and credentials "
                + "requests fail from now on");
    }

    /** The relay runs in ecs-local's pause image: say how to get it when that is what failed. */
    private static String relayHint(RuntimeFailure failure) {
        String message = String.valueOf(failure.getMessage());
        return message.contains(EndpointRelay.IMAGE) || message.toLowerCase(java.util.Locale.ROOT).contains("no such image")
                ? ": it runs in " + EndpointRelay.IMAGE + ", which ./scripts/setup.sh builds offline"
                : message.contains("verlap") || message.contains("in use")
                ? ": another network holds " + EndpointRelay.SUBNET + " (`ecs-local down --all` removes one an older ecs-local left)"
                : "";
    }

    /**
     * Who may have the task's credentials: its containers' addresses on the relay's network (the awsvpc holder's is
     * the task's), or on Docker's bridge when this process listens.
     */
    private static Set<String> taskAddresses(ContainerRuntime runtime, TaskMetadata metadata, boolean relay) {
        if (!relay) {
            return metadata.addresses();
        }
        try {
            Set<String> ids = metadata.runtimeIds();
            return runtime.networkMembers(EndpointRelay.NAME).entrySet().stream().filter(member -> ids.contains(member.getKey()))
                    .map(Map.Entry::getValue).collect(Collectors.toSet());
        } catch (RuntimeFailure unknown) {
            return Set.of();
        }
    }

    private static String describe(CredentialsSource credentials) {
        if (credentials instanceof CredentialsSource.Environment) {
            return "the AWS keys of ecs-local's environment";
        }
        if (credentials instanceof CredentialsSource.Profile profile) {
            return "profile " + profile.name() + " of your AWS credentials file";
        }
        if (credentials instanceof CredentialsSource.Assumed role) {
            return "the role's own, assumed with your AWS credentials as session " + role.sessionName()
                    + " and assumed again before they expire";
        }
        return "none (--task-role-credentials env or profile:NAME serves yours, assume the role's own)";
    }

    /** The agent's variables for a container: its endpoint URIs and the credentials URI (§8.1). */
    Map<String, String> environment(String container) {
        return listener != null ? listener.environment(container) : answers.environment(container, "http://" + MetadataServer.ADDRESS);
    }

    /** The Docker network the task's network joins to reach the endpoints; null when this process listens. */
    String network() {
        return listener != null ? null : EndpointRelay.NAME;
    }

    /** After the task's containers are gone: the relay and its network go too when no other run needs them. */
    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        closing = true;
        EndpointRelay.Serving serving = relayed;
        if (serving != null) {
            serving.close();
            EndpointRelay.removeIfUnused(runtime, taskId);
        }
    }
}
