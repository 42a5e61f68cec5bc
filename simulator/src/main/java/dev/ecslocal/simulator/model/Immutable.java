package dev.ecslocal.simulator.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Copies that make the model immutable while keeping it total: task definitions in the wild carry
 * {@code null} for "absent" (Terraform writes {@code "links": null}), so null collections become empty
 * ones, and null elements are dropped rather than failing the whole read.
 */
final class Immutable {
    private Immutable() {
    }

    static <T> List<T> list(List<T> values) {
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        List<T> copy = new ArrayList<>(values.size());
        for (T value : values) {
            if (value != null) {
                copy.add(value);
            }
        }
        return Collections.unmodifiableList(copy);
    }

    /** Keeps the file's key order (it is the order users wrote, and the order we print). */
    static Map<String, String> map(Map<String, String> values) {
        if (values == null || values.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> copy.put(key, Objects.requireNonNullElse(value, "")));
        return Collections.unmodifiableMap(copy);
    }
}
