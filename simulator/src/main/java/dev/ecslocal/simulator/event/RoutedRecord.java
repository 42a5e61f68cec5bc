package dev.ecslocal.simulator.event;

import java.util.Map;

/**
 * A record a FireLens router would have passed on, shown here instead of sent ({@code app → datadog | {record}}).
 *
 * @param output the output that would have received it (its plugin or alias); null when no output matched
 */
public record RoutedRecord(String container, String output, Map<String, Object> record) {
    public RoutedRecord {
        record = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(record));
    }

    /** The line the container wrote, as the record carries it; empty when it has none. */
    public String log() {
        Object log = record.get("log");
        return log == null ? "" : String.valueOf(log);
    }
}
