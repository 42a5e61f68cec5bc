package dev.ecslocal.simulator.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened to each container of a run, on one time axis, read from the run's events alone (the
 * {@code --events} file is the single source of truth: a live run and a saved file give the same timeline).
 * Times are milliseconds since the run started.
 *
 * @param stopCode      the task's stopCode; null when the events end before the task stopped
 * @param stoppedReason the task's stoppedReason
 * @param end           the last event's time: bars still open then end there
 */
public record Timeline(String stopCode, String stoppedReason, long end, List<Lane> lanes, List<Arrow> arrows) {

    /** What a container was doing during a bar. */
    public enum Phase {
        WAITING("waiting for dependencies"), STARTING("starting"), RUNNING("running"), HEALTHY("healthy"),
        UNHEALTHY("unhealthy"), STOPPING("stopping");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public record Bar(Phase phase, long from, long to) {
    }

    /** An exit: {@code exitCode} null when the container never ran (a failed start, a dependency never met). */
    public record Exit(long at, Integer exitCode, String reason) {
    }

    /** A fault the user injected ({@code --kill}, {@code --stop}, {@code --pause}), marked as such. */
    public record Injection(long at, String fault) {
    }

    /** A satisfied dependency, from the moment it was met to the start it released. */
    public record Arrow(String from, long metAt, String to, long releasedAt, String condition) {
    }

    /**
     * One container's row. Times are null when the step never happened.
     *
     * @param waitedFor what its start waited for, with the condition ({@code envoy HEALTHY})
     */
    public record Lane(String container, Long pulled, Long created, Long started, Long healthy, Long stopRequested,
                       Long stopped, Integer exitCode, Long waitingSince, Long released, List<String> waitedFor,
                       List<Bar> bars, List<Exit> exits, List<Injection> injections) {
        public Lane {
            waitedFor = List.copyOf(waitedFor);
            bars = List.copyOf(bars);
            exits = List.copyOf(exits);
            injections = List.copyOf(injections);
        }

        /** How long it waited for its dependencies; null when it never waited. */
        public Long waited() {
            return waitingSince == null ? null : (released == null ? null : released - waitingSince);
        }
    }

    public static Timeline of(List<EventJson> events) {
        Map<String, LaneBuilder> lanes = new LinkedHashMap<>();
        String stopCode = null;
        String stoppedReason = null;
        long end = 0;
        for (EventJson event : events) {
            end = Math.max(end, event.t());
            if (event.kind().equals("task")) {
                if (event.stopCode() != null) {
                    stopCode = event.stopCode();
                    stoppedReason = event.stoppedReason();
                }
                continue;
            }
            if (event.container() == null || event.kind().equals("progress")) {
                continue;
            }
            lanes.computeIfAbsent(event.container(), LaneBuilder::new).take(event);
        }
        List<Lane> built = new ArrayList<>();
        for (LaneBuilder lane : lanes.values()) {
            built.add(lane.build(end));
        }
        return new Timeline(stopCode, stoppedReason, end, built, arrows(events, lanes));
    }

    /** Each dependency of a released start, from the event that met its condition. */
    private static List<Arrow> arrows(List<EventJson> events, Map<String, LaneBuilder> lanes) {
        List<Arrow> arrows = new ArrayList<>();
        for (EventJson event : events) {
            if (!event.kind().equals("released") || event.dependsOn() == null) {
                continue;
            }
            for (EventJson.Dependency dependency : event.dependsOn()) {
                Long metAt = metAt(events, dependency, event.t());
                if (metAt != null && lanes.containsKey(dependency.container())) {
                    arrows.add(new Arrow(dependency.container(), metAt, event.container(), event.t(), dependency.condition()));
                }
            }
        }
        return arrows;
    }

    /** The last event at or before {@code by} that meets the condition (§1.1): a restart may have met it again. */
    private static Long metAt(List<EventJson> events, EventJson.Dependency dependency, long by) {
        Long met = null;
        for (EventJson event : events) {
            if (event.t() > by || !dependency.container().equals(event.container())) {
                continue;
            }
            boolean meets = switch (dependency.condition()) {
                case "HEALTHY" -> event.kind().equals("health") && "HEALTHY".equals(event.health());
                case "COMPLETE", "SUCCESS" -> event.kind().equals("container") && "STOPPED".equals(event.status());
                case "CREATE" -> event.kind().equals("container") && "CREATED".equals(event.status());
                default -> event.kind().equals("container") && "RUNNING".equals(event.status());
            };
            if (meets) {
                met = event.t();
            }
        }
        return met;
    }

    /** Follows one container's events, closing a bar whenever its phase changes. */
    private static final class LaneBuilder {
        private final String container;
        private Long pulled;
        private Long created;
        private Long started;
        private Long healthy;
        private Long stopRequested;
        private Long stopped;
        private Integer exitCode;
        private Long waitingSince;
        private Long released;
        private final List<String> waitedFor = new ArrayList<>();
        private final List<Bar> bars = new ArrayList<>();
        private final List<Exit> exits = new ArrayList<>();
        private final List<Injection> injections = new ArrayList<>();
        private Phase phase;
        private long phaseFrom;

        LaneBuilder(String container) {
            this.container = container;
        }

        void take(EventJson event) {
            long t = event.t();
            switch (event.kind()) {
                case "waiting" -> {
                    if (waitingSince == null) {
                        waitingSince = t;
                    }
                    if (phase == null) {
                        enter(Phase.WAITING, t);
                    }
                }
                case "released" -> {
                    released = t;
                    if (event.dependsOn() != null && waitedFor.isEmpty()) {
                        event.dependsOn().forEach(d -> waitedFor.add(d.container() + " " + d.condition()));
                    }
                    enter(Phase.STARTING, t);
                }
                case "container" -> container(event, t);
                case "health" -> {
                    if ("HEALTHY".equals(event.health())) {
                        healthy = healthy == null ? t : healthy;
                        if (phase == Phase.RUNNING || phase == Phase.UNHEALTHY) {
                            enter(Phase.HEALTHY, t);
                        }
                    } else if ("UNHEALTHY".equals(event.health()) && (phase == Phase.RUNNING || phase == Phase.HEALTHY)) {
                        enter(Phase.UNHEALTHY, t);
                    }
                }
                case "stopping" -> {
                    stopRequested = stopRequested == null ? t : stopRequested;
                    if (phase != null) {
                        enter(Phase.STOPPING, t);
                    }
                }
                case "injected" -> injections.add(new Injection(t, event.message()));
                default -> {
                    // restart and ports change nothing drawn: the container events around them do.
                }
            }
        }

        private void container(EventJson event, long t) {
            switch (event.status()) {
                case "PULLED" -> pulled = pulled == null ? t : pulled;
                case "CREATED" -> created = created == null ? t : created;
                case "RUNNING" -> {
                    started = started == null ? t : started;
                    enter(Phase.RUNNING, t);
                }
                case "STOPPED" -> {
                    stopped = t;
                    exitCode = event.exitCode();
                    exits.add(new Exit(t, event.exitCode(), event.reason()));
                    close(t);
                    phase = null;
                }
                default -> {
                }
            }
        }

        private void enter(Phase next, long t) {
            close(t);
            phase = next;
            phaseFrom = t;
        }

        private void close(long t) {
            if (phase != null) {
                bars.add(new Bar(phase, phaseFrom, t));
            }
        }

        Lane build(long end) {
            close(end);
            phase = null;
            return new Lane(container, pulled, created, started, healthy, stopRequested, stopped, exitCode, waitingSince,
                    released, waitedFor, bars, exits, injections);
        }
    }
}
