package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.agent.ContainerSpecs;
import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.ContainerSnapshot;
import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.metadata.EndpointAnswers;
import dev.ecslocal.simulator.metadata.MetadataServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The endpoints' address inside Docker: a container at 169.254.170.2 on the network {@value #NAME}, which the task's
 * network joins, relays each request to the run it is for over that run's own {@code docker exec} stream (the
 * script is {@code endpoint-relay.sh}). It needs no root, no port of this machine and no path from the daemon to
 * this process: a daemon in a VM or on another host serves the task the same way. One relay serves every run on the
 * daemon, since one network can have the address; each run answers for its own ids (they start with its task id).
 * The last run to end removes the relay and its network; {@code down} removes them when no task is left.
 */
final class EndpointRelay {
    static final String NAME = "ecs-local-endpoints";
    static final String SUBNET = "169.254.170.0/24";
    static final String GATEWAY = "169.254.170.1";
    /** The relay needs busybox's sh, nc and awk, which ecs-local's own pause image has. */
    static final String IMAGE = ContainerSpecs.DEFAULT_PAUSE_IMAGE;
    static final String SCRIPT = script();
    static final String VERSION = version(SCRIPT);
    private static final Duration READY = Duration.ofSeconds(10);

    private EndpointRelay() {
    }

    /** The relay container's id, made (with its network) and started unless one of this version runs already. */
    static String ensure(ContainerRuntime runtime) throws RuntimeFailure {
        runtime.ensureNetwork(NAME, SUBNET, GATEWAY, Map.of(RunIdentity.ENDPOINTS_LABEL, "true"));
        RuntimeFailure last = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            ContainerSnapshot relay = find(runtime);
            try {
                if (relay != null && !VERSION.equals(relay.labels().get(RunIdentity.ENDPOINTS_RELAY_LABEL))
                        && !(relay.running() && !others(runtime, relay.id(), "-").isEmpty())) {
                    // Another ecs-local's, which no run uses now. One that serves runs is kept: its script speaks the
                    // same lines, and removing it would cut those runs off.
                    runtime.removeContainer(relay.id());
                    relay = null;
                }
                if (relay != null && !relay.running() && relay.finishedAt() != null) {
                    // One that ran and stopped (a daemon restart stops it; a kill -9'ed run leaves it) serves no run
                    // (its runs' directories were in its tmpfs), and started again after a restart its endpoint on
                    // the network can be broken (it exits at once, or will not start: "failed to update store for
                    // object type *libnetwork.endpoint"): made anew instead.
                    removeQuietly(runtime, relay.id());
                    relay = null;
                }
                // Another run may have made it a moment ago and not started it yet: starting it again does nothing.
                String id = relay != null ? relay.id() : runtime.createContainer(spec());
                runtime.startContainer(id);
                return id;
            } catch (RuntimeFailure e) {
                // Another run made it, or removed it, at the same moment (the name is taken, it is gone): look again.
                last = e;
            }
        }
        throw last;
    }

    private static void removeQuietly(ContainerRuntime runtime, String id) {
        try {
            runtime.removeContainer(id);
        } catch (RuntimeFailure gone) {
            // Removed by another run meanwhile, or the daemon is gone: the next attempt says which.
        }
    }

    private static ContainerSnapshot find(ContainerRuntime runtime) throws RuntimeFailure {
        return runtime.containers(RunIdentity.ENDPOINTS_RELAY_LABEL).stream().findFirst().orElse(null);
    }

    private static ContainerSpec spec() {
        ContainerSpec.Process process = new ContainerSpec.Process(List.of("/bin/busybox", "sh", "-c", "eval \"$RELAY_SCRIPT\"", "relay"),
                List.of("listen"), List.of("RELAY_SCRIPT=" + SCRIPT), Map.of(), null, null, false, false, false);
        return new ContainerSpec(NAME, IMAGE, process,
                Map.of(RunIdentity.ENDPOINTS_LABEL, "true", RunIdentity.ENDPOINTS_RELAY_LABEL, VERSION),
                ContainerSpec.Network.at(NAME, MetadataServer.ADDRESS),
                // The runs it serves are directories there: a tmpfs, so that a relay started again (after a daemon
                // restart, which kills the runs' execs before they clean up) serves none of the dead ones.
                List.of(new ContainerSpec.Mount(ContainerSpec.Mount.Type.TMPFS, null, "/run/ecs-local", false)), List.of(),
                ContainerSpec.Resources.NONE, ContainerSpec.Isolation.NONE, null, null);
    }

    private static List<String> command(String mode, String key) {
        return List.of("/bin/busybox", "sh", "-c", "eval \"$RELAY_SCRIPT\"", "relay", mode, key);
    }

    /**
     * Removes the relay and its network when nothing needs them: no task container of any run (a kept task's too) and
     * no other run being served. A run that starts meanwhile makes them again.
     *
     * @param taskId the run that asks, which no longer needs them; null: {@code down}, for no run
     * @return what it removed ({@code container NAME}, {@code network NAME})
     */
    static List<String> removeIfUnused(ContainerRuntime runtime, String taskId) {
        List<String> removed = new java.util.ArrayList<>();
        try {
            if (!runtime.containers(RunIdentity.TASK_LABEL).isEmpty()) {
                return removed;
            }
            ContainerSnapshot relay = find(runtime);
            if (relay != null) {
                if (relay.running() && !others(runtime, relay.id(), taskId == null ? "-" : taskId).isEmpty()) {
                    return removed;
                }
                runtime.removeContainer(relay.id());
                removed.add("container " + NAME);
            }
            if (runtime.networks(RunIdentity.ENDPOINTS_LABEL).contains(NAME)) {
                runtime.removeNetwork(NAME);
                removed.add("network " + NAME);
            }
        } catch (RuntimeFailure ignored) {
            // In use after all, or the daemon is gone: the next run reuses them, `down` removes them.
        }
        return removed;
    }

    /** What every run on the daemon shares now: the relay container and its network, when they exist. */
    static List<String> shared(ContainerRuntime runtime) throws RuntimeFailure {
        List<String> shared = new java.util.ArrayList<>();
        ContainerSnapshot relay = find(runtime);
        if (relay != null) {
            shared.add("container " + NAME + (relay.running() ? "" : " (stopped)"));
        }
        runtime.networks(RunIdentity.ENDPOINTS_LABEL).forEach(network -> shared.add("network " + network));
        return shared;
    }

    /** The task ids of the other runs the relay serves now. */
    private static List<String> others(ContainerRuntime runtime, String relayId, String taskId) throws RuntimeFailure {
        List<String> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        try (ContainerRuntime.Conversation asked = runtime.converse(relayId, command("others", taskId), keys::add, ended::countDown)) {
            if (!ended.await(5, TimeUnit.SECONDS)) {
                return List.of("(no answer)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("(interrupted)");
        }
        return keys;
    }

    /**
     * One run's answers, relayed: a {@code serve} conversation with the relay whose requests are answered on a thread
     * of its own (the metadata may ask Docker for stats).
     */
    static final class Serving implements AutoCloseable {
        private final ContainerRuntime.Conversation conversation;
        private final ExecutorService threads;
        private volatile boolean closing;

        private Serving(ContainerRuntime.Conversation conversation, ExecutorService threads) {
            this.conversation = conversation;
            this.threads = threads;
        }

        /**
         * @param lost said when the relay stops serving this run before {@link #close()} (it was removed, the daemon
         *             went away)
         * @throws RuntimeFailure when the relay cannot serve the run (it never said it was ready)
         */
        static Serving start(ContainerRuntime runtime, String relayId, String taskId, EndpointAnswers answers, Runnable lost)
                throws RuntimeFailure {
            // As many threads as requests: a slow one (/task/stats asks Docker for each container's) holds up no other.
            ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "ecs-local-endpoints");
                thread.setDaemon(true);
                return thread;
            });
            CountDownLatch ready = new CountDownLatch(1);
            java.util.concurrent.atomic.AtomicBoolean saidReady = new java.util.concurrent.atomic.AtomicBoolean();
            Serving[] serving = new Serving[1];
            ContainerRuntime.Conversation conversation;
            try {
                conversation = runtime.converse(relayId, command("serve", taskId), line -> {
                    if (line.equals("ready")) {
                        saidReady.set(true);
                        ready.countDown();
                    } else {
                        try {
                            threads.execute(() -> serving[0].answer(line, answers));
                        } catch (RejectedExecutionException closed) {
                            // The run is over: the relay answers 504.
                        }
                    }
                }, () -> {
                    ready.countDown();
                    Serving self = serving[0];
                    if (self != null && !self.closing) {
                        lost.run();
                    }
                });
            } catch (RuntimeFailure e) {
                threads.shutdownNow();
                throw e;
            }
            serving[0] = new Serving(conversation, threads);
            boolean served = false;
            try {
                if (!ready.await(READY.toSeconds(), TimeUnit.SECONDS)) {
                    throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_START, "the relay did not answer in " + READY.toSeconds() + " s");
                }
                if (!saidReady.get()) {
                    throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_START, "the relay ended this run's stream before serving it");
                }
                served = true;
                return serving[0];
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_START, "interrupted while the relay started");
            } finally {
                if (!served) {
                    serving[0].close();
                }
            }
        }

        /** {@code ID FROM METHOD TARGET} in, {@code ID BASE64(HTTP response)} out. */
        private void answer(String line, EndpointAnswers answers) {
            String[] request = line.split(" ", 4);
            if (request.length < 4) {
                return;
            }
            byte[] http = answers.answer(request[2], request[3], request[1]).http();
            try {
                conversation.send(request[0] + " " + Base64.getEncoder().encodeToString(http));
            } catch (RuntimeFailure gone) {
                // The stream is closing with the run: the relay answers 504.
            }
        }

        @Override
        public void close() {
            closing = true;
            conversation.close();
            threads.shutdownNow();
        }
    }

    private static String script() {
        try (InputStream in = EndpointRelay.class.getResourceAsStream("endpoint-relay.sh")) {
            if (in == null) {
                throw new IllegalStateException("endpoint-relay.sh is missing from ecs-local's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String version(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
