package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.event.TaskListener;
import dev.ecslocal.simulator.event.ContainerLog;
import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.RuntimeFailure;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The task's containers' lines, one stream per container. Docker ends a container's stream when it stops,
 * and every stream when the daemon goes away, so a stream is opened again after a restart (from the exit) and
 * after a reconnection (from the last line shown): each new one replaces the last, and nothing is shown
 * twice. Called from worker threads; the lines go straight to the listener, never through the engine's loop
 * (they change no state, and there may be many).
 */
final class LogStreams {
    private final ContainerRuntime runtime;
    private final TaskListener listener;
    private final BiConsumer<String, String> problem;
    private final Map<String, Instant> lastLineAt = new ConcurrentHashMap<>();
    private final Map<String, ContainerRuntime.LogFollow> streams = new ConcurrentHashMap<>();

    /** @param problem told (container, message) when a stream cannot be opened */
    LogStreams(ContainerRuntime runtime, TaskListener listener, BiConsumer<String, String> problem) {
        this.runtime = runtime;
        this.listener = listener;
        this.problem = problem;
    }

    /** Follows the container's lines from {@code since} (its first line when null). */
    void follow(String container, String id, Instant since) {
        try {
            ContainerRuntime.LogFollow stream = runtime.followLogs(id, since, line -> {
                if (line.at() != null) {
                    lastLineAt.put(container, line.at());
                }
                listener.log(new ContainerLog(container, ContainerLog.Stream.valueOf(line.source().name()), line.text(), line.at()));
            });
            TaskResources.closeQuietly(streams.put(container, stream));
        } catch (RuntimeFailure failure) {
            problem.accept(container, "cannot show its logs: " + failure.getMessage());
        }
    }

    /** Follows again after the daemon was away: from just after the last line shown. */
    void resume(String container, String id) {
        Instant last = lastLineAt.get(container);
        follow(container, id, last == null ? null : last.plusNanos(1));
    }

    /** Every stream, to close with the run. */
    List<AutoCloseable> all() {
        return List.copyOf(streams.values());
    }

    /**
     * Waits, at most {@code patience} in all, until Docker has ended every stream: the containers have stopped, and a
     * stream ends after their last line. Removing a container before then would lose the lines still on their way (a
     * container that prints and exits at once).
     */
    void awaitEnds(java.time.Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        for (ContainerRuntime.LogFollow stream : List.copyOf(streams.values())) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !stream.awaitEnd(java.time.Duration.ofNanos(left))) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
