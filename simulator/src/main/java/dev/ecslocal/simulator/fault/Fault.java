package dev.ecslocal.simulator.fault;

import dev.ecslocal.simulator.model.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault the user injects into a run, to see what ECS does when a sidecar crashes or hangs: written
 * {@code NAME@WHEN[:SIGNAL]} for kill, {@code NAME@WHEN} for stop, {@code NAME@WHEN[ for DURATION]} for pause.
 * WHEN is a time after the task started ({@code 5s}), or after the container became RUNNING or HEALTHY
 * ({@code running+2s}, {@code healthy+5s}, {@code healthy}).
 *
 * @param signal   kill's signal (default SIGKILL); null for the others
 * @param pauseFor how long a pause lasts; null: until the task stops
 */
public record Fault(Kind kind, String container, Anchor anchor, Duration delay, String signal, Duration pauseFor) {

    public enum Kind {
        /** A signal, as a crash or the OOM killer would end it. */
        KILL("kill"),
        /** A graceful docker stop: its stop signal, SIGKILL after its stopTimeout. */
        STOP("stop"),
        /** Frozen (the cgroup freezer): a hung sidecar. */
        PAUSE("pause"),
        /**
         * Its health check fails from then on: the container is created with its check behind a switch
         * ({@link FaultInjector#FAIL_HEALTH_SWITCH}); the fault turns the switch on, and Docker's own probes fail.
         */
        FAIL_HEALTH("fail-health");

        private final String option;

        Kind(String option) {
            this.option = option;
        }

        public String option() {
            return "--" + option;
        }
    }

    /** What the delay counts from. */
    public enum Anchor { TASK_START, RUNNING, HEALTHY }

    private static final Pattern FORM = Pattern.compile(
            "(?<name>[^@]+)@(?<when>[^:\\s]+?)(?:\\s*for\\s*(?<for>[^:\\s]+))?(?::(?<signal>[A-Za-z0-9]+))?");
    private static final Pattern WHEN = Pattern.compile("(?<anchor>running|healthy)(?:\\+(?<delay>.+))?");

    /** @throws IllegalArgumentException naming the option, what was wrong and the form to use */
    public static Fault parse(Kind kind, String text) {
        String form = kind.option() + " " + switch (kind) {
            case KILL -> "NAME@WHEN[:SIGNAL]";
            case STOP, FAIL_HEALTH -> "NAME@WHEN";
            case PAUSE -> "'NAME@WHEN[ for DURATION]'";
        } + ", WHEN being 5s (after the task started), running+2s or healthy+5s";
        Matcher matcher = FORM.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(kind.option() + " " + text + ": write " + form);
        }
        if (matcher.group("signal") != null && kind != Kind.KILL || matcher.group("for") != null && kind != Kind.PAUSE) {
            throw new IllegalArgumentException(kind.option() + " " + text + ": write " + form);
        }
        String when = matcher.group("when").toLowerCase(Locale.ROOT);
        Anchor anchor = Anchor.TASK_START;
        Duration delay;
        try {
            Matcher relative = WHEN.matcher(when);
            if (relative.matches()) {
                anchor = relative.group("anchor").equals("running") ? Anchor.RUNNING : Anchor.HEALTHY;
                delay = relative.group("delay") == null ? Duration.ZERO : Durations.parse(relative.group("delay"));
            } else {
                delay = Durations.parse(when);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(kind.option() + " " + text + ": " + e.getMessage() + "; write " + form);
        }
        Duration pauseFor = null;
        if (matcher.group("for") != null) {
            try {
                pauseFor = Durations.parse(matcher.group("for"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(kind.option() + " " + text + ": " + e.getMessage());
            }
        }
        String signal = kind != Kind.KILL ? null : matcher.group("signal") == null ? "SIGKILL" : signalName(matcher.group("signal"));
        return new Fault(kind, matcher.group("name").strip(), anchor, delay, signal, pauseFor);
    }

    /** {@code TERM}, {@code sigterm} and {@code SIGTERM} are one signal; numbers are passed as they are. */
    public static String signalName(String signal) {
        String upper = signal.toUpperCase(Locale.ROOT);
        return upper.matches("\\d+") || upper.startsWith("SIG") ? upper : "SIG" + upper;
    }

    /** {@code kill envoy with SIGKILL at healthy+2s}: for the events, the summary and the timeline. */
    public String describe() {
        String at = switch (anchor) {
            case TASK_START -> seconds(delay) + " after the task started";
            case RUNNING -> "RUNNING" + (delay.isZero() ? "" : "+" + seconds(delay));
            case HEALTHY -> "HEALTHY" + (delay.isZero() ? "" : "+" + seconds(delay));
        };
        return switch (kind) {
            case KILL -> "kill with " + signal + " at " + at;
            case STOP -> "docker stop at " + at;
            case PAUSE -> "pause at " + at + (pauseFor == null ? ", until the task stops" : " for " + seconds(pauseFor));
            case FAIL_HEALTH -> "health checks fail from " + at;
        };
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : String.format(Locale.ROOT, "%.3fs", millis / 1000.0);
    }
}
