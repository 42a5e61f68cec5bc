package dev.ecslocal.cli;

import dev.ecslocal.simulator.api.Daemon;
import dev.ecslocal.simulator.api.DockerUnavailableException;
import dev.ecslocal.simulator.api.LocalTask;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The daemon, for the commands that need one; when it cannot be reached, one message and exit code 4. */
final class Docker {
    private Docker() {
    }

    /**
     * The daemon, connected on a thread of its own from now on: a run's connection (docker-java's set-up and the version
     * call) overlaps the reading and checking of its task definition. A run that stops before it needs Docker never asks.
     */
    static Connecting connecting() {
        CompletableFuture<Daemon> daemon = new CompletableFuture<>();
        Thread connect = new Thread(() -> {
            try {
                daemon.complete(Daemon.connect());
            } catch (DockerUnavailableException | RuntimeException | Error e) {
                daemon.completeExceptionally(e);
            }
        }, "ecs-local-connect");
        connect.setDaemon(true);
        connect.start();
        return new Connecting(daemon);
    }

    /** A connection under way (see {@link #connecting()}). */
    record Connecting(CompletableFuture<Daemon> daemon) {
        /** The daemon, once connected; what failed the connection fails here, as {@link Daemon#connect()} would. */
        Daemon await() throws DockerUnavailableException {
            try {
                return daemon.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof DockerUnavailableException unavailable) {
                    throw unavailable;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }
    }

    /**
     * The tasks ecs-local runs or left on the daemon (for ps and down); null after saying why on {@code err}: the
     * caller returns {@link ExitCodes#DOCKER_UNAVAILABLE}.
     */
    static DaemonTasks tasks(PrintWriter err) {
        try {
            Daemon daemon = Daemon.connect();
            return new DaemonTasks(daemon, daemon.tasks());
        } catch (DockerUnavailableException e) {
            err.println("ecs-local: " + e.getMessage());
            err.flush();
            return null;
        }
    }

    /**
     * The one task whose id starts with {@code prefix}, on the daemon: for the commands that act on a running task.
     * On failure, {@code task} is null and {@code exitCode} says why, after it was said on {@code err}.
     */
    static NamedTask task(String prefix, PrintWriter err) {
        DaemonTasks daemon = tasks(err);
        if (daemon == null) {
            return new NamedTask(null, null, ExitCodes.DOCKER_UNAVAILABLE);
        }
        LocalTask task = daemon.one(prefix, err);
        return new NamedTask(daemon.daemon(), task, task == null ? ExitCodes.USAGE : ExitCodes.OK);
    }

    record NamedTask(Daemon daemon, LocalTask task, int exitCode) {
    }

    record DaemonTasks(Daemon daemon, List<LocalTask> tasks) {
        /** What the runs share on the daemon; empty when the daemon stopped answering since the tasks were listed. */
        List<String> shared() {
            try {
                return daemon.shared();
            } catch (DockerUnavailableException gone) {
                return List.of();
            }
        }

        /** The one task whose id starts with {@code prefix}; null after saying on {@code err} why there is none. */
        LocalTask one(String prefix, PrintWriter err) {
            List<LocalTask> chosen = tasks.stream().filter(t -> t.taskId().startsWith(prefix)).toList();
            if (chosen.size() == 1) {
                return chosen.get(0);
            }
            err.println("ecs-local: " + (chosen.isEmpty() ? "no ecs-local task " + prefix + " on this Docker daemon"
                    : prefix + " names " + chosen.size() + " tasks: give more of the id") + " (see `ecs-local ps`)");
            err.flush();
            return null;
        }
    }
}
