package dev.ecslocal.simulator.platform;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces secret values by {@code ****} in what ecs-local shows and writes: container lines, events, the report,
 * the timeline. Values shorter than {@link #SHORTEST} characters are left alone: masking "1" or "on" would blank
 * ordinary text, and hides nothing worth hiding.
 */
public final class Redaction {
    public static final String MASK = "****";
    public static final int SHORTEST = 4;
    public static final Redaction NONE = new Redaction(List.of());

    private final List<String> values;

    private Redaction(List<String> values) {
        this.values = values;
    }

    /** Longest first, so that a value containing another is masked whole. */
    public static Redaction of(Collection<String> values) {
        return new Redaction(values.stream().filter(value -> value != null && value.length() >= SHORTEST).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList());
    }

    public Redaction and(Collection<String> more) {
        return of(java.util.stream.Stream.concat(values.stream(), more.stream()).toList());
    }

    public String apply(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String value : values) {
            if (masked.contains(value)) {
                masked = masked.replace(value, MASK);
            }
        }
        return masked;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }
}
