package dev.ecslocal.simulator.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;

import java.io.Closeable;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Docker's events for one task's containers, kept open across daemon restarts. Docker's sequences
 * (docs/docker-notes.md): {@code create}, {@code start}, then {@code health_status: healthy|unhealthy} as it changes
 * (Podman 4.3: a bare {@code health_status} after each check it runs; and three {@code exec_*} per probe, ignored), {@code oom} before {@code die} when the kernel killed it,
 * {@code die} with {@code exitCode}, then {@code stop}/{@code destroy}.
 *
 * <p>Every (re)connection asks for the events {@code since} the last one seen, so that the daemon replays
 * what happened in between (and, the first time, what happened before the stream was up: a container that
 * exits at once is not missed); a replayed event that was already delivered is dropped by its id, action
 * and time. What the daemon no longer holds is recovered by the engine's reconciliation on
 * {@link RuntimeEvent.StreamResumed}.
 */
final class DockerEvents implements AutoCloseable {
    private static final int REMEMBERED_EVENTS = 4096;

    private final DockerClient client;
    private final String labelKey;
    private final String labelValue;
    private final Consumer<RuntimeEvent> listener;
    private final OwnSignals ownSignals;
    private final Set<String> oomKilled = ConcurrentHashMap.newKeySet();
    private final Map<String, Boolean> delivered = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_EVENTS;
        }
    });
    private volatile boolean closed;
    private volatile Closeable current;
    private volatile Instant lastSeen;

    private DockerEvents(DockerClient client, String labelKey, String labelValue, OwnSignals ownSignals,
                         Consumer<RuntimeEvent> listener) {
        this.client = client;
        this.ownSignals = ownSignals;
        this.labelKey = labelKey;
        this.labelValue = labelValue;
        this.listener = listener;
    }

    static DockerEvents open(DockerClient client, String labelKey, String labelValue, Instant since, OwnSignals ownSignals,
                             Consumer<RuntimeEvent> listener) {
        DockerEvents events = new DockerEvents(client, labelKey, labelValue, ownSignals, listener);
        events.lastSeen = since;
        events.connect();
        return events;
    }

    private void connect() {
        var command = client.eventsCmd().withLabelFilter(Map.of(labelKey, labelValue)).withEventTypeFilter(EventType.CONTAINER);
        Instant since = lastSeen;
        if (since != null) {
            command.withSince(since.getEpochSecond() + "." + String.format("%09d", since.getNano()));
        }
        // docker-java may call both onError and onComplete for one broken stream: it is lost once.
        AtomicBoolean ended = new AtomicBoolean();
        current = command.exec(new ResultCallback.Adapter<Event>() {
            @Override
            public void onNext(Event event) {
                deliver(event);
            }

            @Override
            public void onError(Throwable error) {
                if (ended.compareAndSet(false, true)) {
                    lost(DockerJavaRuntime.rootMessage(error));
                }
            }

            @Override
            public void onComplete() {
                if (ended.compareAndSet(false, true)) {
                    lost("the daemon closed the events stream");
                }
            }
        });
    }

    private void deliver(Event event) {
        if (event.getTimeNano() != null) {
            Instant at = Instant.ofEpochSecond(0, event.getTimeNano());
            if (lastSeen == null || at.isAfter(lastSeen)) {
                lastSeen = at;
            }
        }
        String key = event.getId() + " " + event.getAction() + " " + event.getTimeNano();
        if (delivered.put(key, Boolean.TRUE) != null) {
            return;
        }
        RuntimeEvent translated = translate(event);
        if (translated != null) {
            listener.accept(translated);
        }
    }

    private void lost(String why) {
        if (closed) {
            return;
        }
        listener.accept(new RuntimeEvent.StreamInterrupted(why));
        Thread reconnect = new Thread(this::reconnect, "ecs-local-events-reconnect");
        reconnect.setDaemon(true);
        reconnect.start();
    }

    /** Tries again every second until the daemon answers, then replays from the last event seen. */
    private void reconnect() {
        while (!closed) {
            try {
                Thread.sleep(1000);
                client.pingCmd().exec();
                connect();
                listener.accept(new RuntimeEvent.StreamResumed());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException stillDown) {
                // Next second.
            }
        }
    }

    private RuntimeEvent translate(Event event) {
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
        if (action.equals("kill")) {
            String signal = event.getActor() == null ? null : event.getActor().getAttributes().get("signal");
            return signal == null || ownSignals.ours(id, signal) ? null
                    : new RuntimeEvent.SignalledElsewhere(id, OwnSignals.name(signal), at);
        }
        if (action.equals("die")) {
            Map<String, String> attributes = event.getActor() == null ? Map.of() : event.getActor().getAttributes();
            int exitCode = Integer.parseInt(attributes.getOrDefault("exitCode", "-1"));
            return new RuntimeEvent.Died(id, exitCode, oomKilled.remove(id), at);
        }
        if (action.startsWith("health_status")) {
            return healthChanged(id, statusNamedIn(action), at);
        }
        return null;
    }

    /**
     * The health status an event's action names: Docker's is {@code health_status: healthy}; Podman 4.3's is a bare
     * {@code health_status}, and only its inspect says what the status became. Null when the action names none.
     */
    static String statusNamedIn(String action) {
        int colon = action.indexOf(':');
        String status = colon < 0 ? "" : action.substring(colon + 1).strip();
        return status.isEmpty() ? null : status;
    }

    /**
     * The event does not carry the probe's output, and Podman's not even the status: the container's health, as
     * inspect shows it, does. Null when the status is known from neither.
     */
    private RuntimeEvent.HealthChanged healthChanged(String id, String named, Instant at) {
        HealthState health;
        try {
            health = client.inspectContainerCmd(id).exec().getState().getHealth();
        } catch (RuntimeException e) {
            health = null;
        }
        String status = named != null ? named : health == null ? null : health.getStatus();
        if (status == null) {
            return null;
        }
        List<HealthStateLog> log = health == null ? null : health.getLog();
        String output = log == null || log.isEmpty() ? "" : log.get(log.size() - 1).getOutput();
        return new RuntimeEvent.HealthChanged(id, DockerJavaRuntime.health(status), output, at);
    }

    @Override
    public void close() throws Exception {
        closed = true;
        Closeable stream = current;
        if (stream != null) {
            stream.close();
        }
    }
}
