package dev.ecslocal.simulator.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's {@code network_rate_stats} in {@code /stats} (ECS-SEMANTICS §8.5): bytes received and sent per second.
 * The agent keeps a window of Docker's samples since the task started; ecs-local reads Docker's stats only when asked,
 * so the rate is over the time since the container's previous reading, or since it started for its first. Docker's
 * stats carry {@code networks} in bridge and awsvpc modes only (a {@code container:} member sees its holder's
 * interfaces), and so do these: host and none modes get none, as the agent gives none there.
 */
final class NetworkRates {
    private record Reading(Instant at, long received, long sent) {
    }

    private final Map<String, Reading> last = new ConcurrentHashMap<>();

    /**
     * Adds {@code network_rate_stats} to one container's stats.
     *
     * @param container the container's name in the task
     * @param startedAt when it started, the origin of its first reading; null when unknown (no rate then)
     */
    void add(String container, ObjectNode stats, Instant startedAt) {
        JsonNode networks = stats.path("networks");
        Instant read = instant(stats.path("read").asText(null));
        if (!networks.isObject() || networks.isEmpty() || read == null) {
            return;
        }
        long received = 0;
        long sent = 0;
        for (JsonNode network : (Iterable<JsonNode>) networks::elements) {
            received += network.path("rx_bytes").asLong();
            sent += network.path("tx_bytes").asLong();
        }
        Reading now = new Reading(read, received, sent);
        Reading before = last.put(container, now);
        Reading origin = before != null && before.at().isBefore(read) ? before
                : startedAt != null && startedAt.isBefore(read) ? new Reading(startedAt, 0, 0) : null;
        if (origin == null) {
            return;
        }
        double seconds = Duration.between(origin.at(), read).toNanos() / 1e9;
        ObjectNode rates = stats.putObject("network_rate_stats");
        rates.put("rx_bytes_per_sec", Math.max(0, received - origin.received()) / seconds);
        rates.put("tx_bytes_per_sec", Math.max(0, sent - origin.sent()) / seconds);
    }

    private static Instant instant(String text) {
        try {
            return text == null || text.startsWith("0001-") ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
