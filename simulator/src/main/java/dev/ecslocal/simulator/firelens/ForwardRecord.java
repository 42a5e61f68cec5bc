package dev.ecslocal.simulator.firelens;

import java.time.Instant;
import java.util.Map;

/**
 * One event received over the Fluentd forward protocol: Docker's fluentd driver sends a container's line as
 * {@code container_id}, {@code container_name}, {@code source} and {@code log} (ECS-SEMANTICS §7.3).
 *
 * @param record field values as JSON would have them: String, Long, Double, Boolean, null, List, Map
 */
public record ForwardRecord(String tag, Instant time, Map<String, Object> record) {
    public ForwardRecord {
        record = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(record));
    }
}
