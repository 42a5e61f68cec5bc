package dev.ecslocal.simulator.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.ecslocal.simulator.event.TaskEvent;

import java.util.List;

/**
 * The machine form of one {@link TaskEvent}: one JSON object per line of {@code --events FILE}. The first
 * eight fields are always there (null when they do not apply), so that a consumer can read every line the
 * same way; the others appear only for the kinds they belong to.
 *
 * <pre>{"t":1234,"kind":"container","container":"app","status":"STOPPED","health":null,"exitCode":0,"reason":null,"stopCode":null}</pre>
 *
 * @param t    milliseconds since the run started
 * @param kind {@code container}, {@code health}, {@code task}, {@code waiting}, {@code released} (with
 *             {@code dependsOn}: what released the start), {@code stopping} (with {@code stopTimeout}, seconds),
 *             {@code injected} (a fault the user asked for, described in {@code message}), {@code restart},
 *             {@code ports}, {@code notice} (a set-up decision, {@code topic: text} in {@code message}) or {@code progress}
 */
@JsonPropertyOrder({"t", "kind", "container", "status", "health", "exitCode", "reason", "stopCode", "stoppedReason",
        "waitingFor", "stuck", "dependsOn", "stopTimeout", "restartCount", "ports", "output", "message"})
public record EventJson(
        @JsonInclude(JsonInclude.Include.ALWAYS) long t,
        @JsonInclude(JsonInclude.Include.ALWAYS) String kind,
        @JsonInclude(JsonInclude.Include.ALWAYS) String container,
        @JsonInclude(JsonInclude.Include.ALWAYS) String status,
        @JsonInclude(JsonInclude.Include.ALWAYS) String health,
        @JsonInclude(JsonInclude.Include.ALWAYS) Integer exitCode,
        @JsonInclude(JsonInclude.Include.ALWAYS) String reason,
        @JsonInclude(JsonInclude.Include.ALWAYS) String stopCode,
        @JsonInclude(JsonInclude.Include.NON_NULL) String stoppedReason,
        @JsonInclude(JsonInclude.Include.NON_NULL) String waitingFor,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean stuck,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Dependency> dependsOn,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long stopTimeout,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer restartCount,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> ports,
        @JsonInclude(JsonInclude.Include.NON_NULL) String output,
        @JsonInclude(JsonInclude.Include.NON_NULL) String message) {

    /** One dependency that was met when its dependent was started: {@code {"container":"envoy","condition":"HEALTHY"}}. */
    public record Dependency(String container, String condition) {
    }

    public static EventJson of(TaskEvent event) {
        long t = event.t().toMillis();
        if (event instanceof TaskEvent.ContainerChanged c) {
            return new EventJson(t, "container", c.container(), c.status().name(), null, c.exitCode(), c.reason(), null,
                    null, null, null, null, null, null, null, null, null);
        }
        if (event instanceof TaskEvent.HealthChanged h) {
            return new EventJson(t, "health", h.container(), null, h.health().name(), null, null, null,
                    null, null, null, null, null, null, null, h.output(), null);
        }
        if (event instanceof TaskEvent.TaskChanged task) {
            return new EventJson(t, "task", null, task.status().name(), null, null, null,
                    task.stopCode() == null ? null : task.stopCode().name(), task.stoppedReason(),
                    null, null, null, null, null, null, null, null);
        }
        if (event instanceof TaskEvent.Waiting w) {
            return new EventJson(t, "waiting", w.container(), null, null, null, null, null,
                    null, w.forWhat(), w.stuck(), null, null, null, null, null, null);
        }
        if (event instanceof TaskEvent.Restarted r) {
            return new EventJson(t, "restart", r.container(), null, null, r.exitCode(), null, null,
                    null, null, null, null, null, r.restartCount(), null, null, null);
        }
        if (event instanceof TaskEvent.PortsPublished p) {
            return new EventJson(t, "ports", p.container(), null, null, null, null, null,
                    null, null, null, null, null, null, p.ports().stream().map(Object::toString).toList(), null, null);
        }
        if (event instanceof TaskEvent.Released released) {
            return new EventJson(t, "released", released.container(), null, null, null, null, null, null, null, null,
                    released.dependencies().stream().map(d -> new Dependency(d.container(), d.condition())).toList(), null,
                    null, null, null, null);
        }
        if (event instanceof TaskEvent.Injected injected) {
            return new EventJson(t, "injected", injected.container(), null, null, null, null, null, null, null, null, null,
                    null, null, null, null, injected.fault());
        }
        if (event instanceof TaskEvent.StopRequested stop) {
            return new EventJson(t, "stopping", stop.container(), null, null, null, null, null, null, null, null, null,
                    stop.grace().toSeconds(), null, null, null, null);
        }
        if (event instanceof TaskEvent.Noticed noticed) {
            return new EventJson(t, "notice", null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, noticed.notice().topic().name().toLowerCase(java.util.Locale.ROOT) + ": " + noticed.notice().text());
        }
        TaskEvent.Progress progress = (TaskEvent.Progress) event;
        return new EventJson(t, "progress", progress.container(), null, null, null, null, null,
                null, null, null, null, null, null, null, null, progress.message());
    }
}
