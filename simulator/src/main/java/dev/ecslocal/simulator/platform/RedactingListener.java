package dev.ecslocal.simulator.platform;

import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskListener;
import dev.ecslocal.simulator.event.ContainerLog;
import dev.ecslocal.simulator.event.RoutedRecord;

/**
 * Sits in front of everything that shows or keeps a run's events and lines (console, events file, report,
 * timeline) and masks secret values in their text: a container that prints its password, a health check's
 * output, a stoppedReason quoting a line.
 */
public final class RedactingListener implements TaskListener {
    private final SecretMask mask;
    private final TaskListener next;

    public RedactingListener(SecretMask mask, TaskListener next) {
        this.mask = mask;
        this.next = next;
    }

    @Override
    public void event(TaskEvent event) {
        Redaction redaction = mask.current();
        next.event(redaction.isEmpty() ? event : redact(redaction, event));
    }

    @Override
    public void log(ContainerLog line) {
        Redaction redaction = mask.current();
        next.log(redaction.isEmpty() ? line : new ContainerLog(line.container(), line.stream(), redaction.apply(line.text()), line.at()));
    }

    @Override
    public void routed(RoutedRecord record) {
        Redaction redaction = mask.current();
        if (redaction.isEmpty()) {
            next.routed(record);
            return;
        }
        java.util.Map<String, Object> masked = new java.util.LinkedHashMap<>();
        record.record().forEach((key, value) -> masked.put(key, mask(redaction, value)));
        next.routed(new RoutedRecord(record.container(), record.output(), masked));
    }

    /** Every text in a record, however deep: a parsed JSON line nests maps and lists. */
    private static Object mask(Redaction redaction, Object value) {
        if (value instanceof String text) {
            return redaction.apply(text);
        }
        if (value instanceof java.util.Map<?, ?> map) {
            java.util.Map<Object, Object> masked = new java.util.LinkedHashMap<>();
            map.forEach((key, inner) -> masked.put(key instanceof String text ? redaction.apply(text) : key, mask(redaction, inner)));
            return masked;
        }
        if (value instanceof java.util.List<?> list) {
            return list.stream().map(item -> mask(redaction, item)).toList();
        }
        return value;
    }

    private static TaskEvent redact(Redaction redaction, TaskEvent event) {
        if (event instanceof TaskEvent.ContainerChanged c) {
            return new TaskEvent.ContainerChanged(c.t(), c.container(), c.status(), c.exitCode(), redaction.apply(c.reason()),
                    c.runtimeId());
        }
        if (event instanceof TaskEvent.HealthChanged h) {
            return new TaskEvent.HealthChanged(h.t(), h.container(), h.health(), redaction.apply(h.output()));
        }
        if (event instanceof TaskEvent.TaskChanged t) {
            return new TaskEvent.TaskChanged(t.t(), t.status(), t.stopCode(), redaction.apply(t.stoppedReason()));
        }
        if (event instanceof TaskEvent.Waiting w) {
            return new TaskEvent.Waiting(w.t(), w.container(), redaction.apply(w.forWhat()), w.stuck());
        }
        if (event instanceof TaskEvent.Progress p) {
            return new TaskEvent.Progress(p.t(), p.container(), redaction.apply(p.message()));
        }
        return event;
    }
}
