package dev.ecslocal.simulator.docker;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns Docker's per-layer pull messages ({@code a1b2: Downloading 3.1MB/40MB}, dozens a second) into one
 * summary line a person can follow: {@code pulling nginx:1.27: 2/5 layers, 12.3/40.1 MB}. Said when a layer
 * changes phase, and at most once per {@code interval} while bytes move. Not thread-safe: one pull, one instance.
 */
public final class PullProgress {
    private static final double MB = 1_000_000.0;

    private enum Phase { WAITING, DOWNLOADING, EXTRACTING, DONE }

    private static final class Layer {
        Phase phase = Phase.WAITING;
        long current;
        long total;
    }

    private final String image;
    private final Duration interval;
    private final Map<String, Layer> layers = new LinkedHashMap<>();
    private Instant lastSaid;

    public PullProgress(String image, Duration interval) {
        this.image = image;
        this.interval = interval;
    }

    /**
     * One message of Docker's pull stream. Returns the line to show now, or null when nothing worth saying
     * changed. Messages without a layer id ({@code Pulling from library/nginx}, {@code Digest: …}) are said as
     * they are.
     */
    public String update(String layerId, String status, Long current, Long total, Instant now) {
        if (status == null) {
            return null;
        }
        if (layerId == null || layerId.isEmpty() || status.startsWith("Pulling from") || status.startsWith("Digest")
                || status.startsWith("Status")) {
            return status.startsWith("Pulling from") ? null : image + ": " + status;
        }
        boolean announced = !layers.containsKey(layerId);
        Layer layer = layers.computeIfAbsent(layerId, id -> new Layer());
        Phase before = layer.phase;
        String lower = status.toLowerCase(Locale.ROOT);
        if (lower.startsWith("downloading")) {
            layer.phase = Phase.DOWNLOADING;
            if (current != null) {
                layer.current = current;
            }
            if (total != null && total > 0) {
                layer.total = total;
            }
        } else if (lower.startsWith("download complete") || lower.startsWith("verifying")) {
            layer.phase = Phase.EXTRACTING;
            layer.current = layer.total;
        } else if (lower.startsWith("extracting")) {
            layer.phase = Phase.EXTRACTING;
        } else if (lower.startsWith("pull complete") || lower.startsWith("already exists")) {
            layer.phase = Phase.DONE;
            layer.current = layer.total;
        }
        boolean phaseChanged = announced || layer.phase != before;
        boolean due = lastSaid == null || !now.isBefore(lastSaid.plus(interval));
        if (!phaseChanged && !due) {
            return null;
        }
        if (!phaseChanged && layer.phase != Phase.DOWNLOADING) {
            return null;
        }
        lastSaid = now;
        return summary();
    }

    /** {@code pulling nginx:1.27: 2/5 layers, 12.3/40.1 MB}. */
    public String summary() {
        long done = layers.values().stream().filter(l -> l.phase == Phase.DONE).count();
        long current = layers.values().stream().mapToLong(l -> l.current).sum();
        long total = layers.values().stream().mapToLong(l -> l.total).sum();
        String bytes = total == 0 ? "" : String.format(Locale.ROOT, ", %.1f/%.1f MB", current / MB, total / MB);
        return "pulling " + image + ": " + done + "/" + layers.size() + " layers" + bytes;
    }
}
