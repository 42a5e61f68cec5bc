package dev.ecslocal.cli;

import dev.ecslocal.simulator.event.ContainerLog;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.HealthStatus;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskListener;
import dev.ecslocal.simulator.event.TaskOutcome;
import dev.ecslocal.simulator.report.Timeline;
import dev.ecslocal.simulator.report.TimelineText;
import dev.ecslocal.simulator.event.Notice;
import dev.ecslocal.simulator.event.RoutedRecord;
import dev.ecslocal.simulator.plan.DependencyGraph;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a person sees while a task runs: each container's lines behind its name (compose style, a colour
 * each on a terminal), one line per state change with the time since the start, and at the end a summary
 * with the task's stopCode and stoppedReason in ECS's words. Lines come from two threads (the engine's loop,
 * the log streams): every method is synchronized so that lines never interleave.
 */
final class RunConsole implements TaskListener {
    /** How many of each container's last lines are kept, to show with a failure. */
    static final int TAIL_LINES = 10;

    private final PrintWriter out;
    private final Style style;
    private final List<String> containers;
    private final int width;
    private final boolean taskStartTimeoutGiven;
    private final String pauseImage;
    private final Map<String, ArrayDeque<String>> tails = new HashMap<>();
    private final Set<String> hinted = new HashSet<>();

    /** @param containers every node of the task, internal ones included, in definition order (for colours) */
    RunConsole(PrintWriter out, Style style, List<String> containers, boolean taskStartTimeoutGiven, String pauseImage) {
        this.out = out;
        this.style = style;
        this.containers = List.copyOf(containers);
        this.width = containers.stream().mapToInt(name -> display(name).length()).max().orElse(4);
        this.taskStartTimeoutGiven = taskStartTimeoutGiven;
        this.pauseImage = pauseImage;
    }

    /** The agent's internal names are long and cryptic: on screen they are the pause containers they are. */
    static String display(String name) {
        if (DependencyGraph.NETWORK_PAUSE.equals(name)) {
            return "pause";
        }
        if (DependencyGraph.NAMESPACE_PAUSE.equals(name)) {
            return "pause-namespaces";
        }
        return name;
    }

    private String name(String container) {
        String padded = String.format(Locale.ROOT, "%-" + width + "s", display(container));
        int index = containers.indexOf(container);
        return index < 0 ? padded : style.container(index, padded);
    }

    synchronized void say(String line) {
        out.println(line);
        out.flush();
    }

    @Override
    public synchronized void log(ContainerLog line) {
        ArrayDeque<String> tail = tails.computeIfAbsent(line.container(), c -> new ArrayDeque<>());
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line.text());
        out.println(name(line.container()) + " | " + line.text());
        out.flush();
    }

    /** A record as the FireLens router would have passed it on: {@code app → datadog | {record}}. */
    @Override
    public synchronized void routed(RoutedRecord routed) {
        ArrayDeque<String> tail = tails.computeIfAbsent(routed.container(), c -> new ArrayDeque<>());
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(routed.log());
        out.println(name(routed.container()) + " → " + (routed.output() == null ? "(no output)" : routed.output()) + " | "
                + JsonOutput.line(routed.record()));
        out.flush();
    }

    /** A set-up decision of the run, said before the timed lines, as the run begins (or a warning while it runs). */
    private String notice(Notice notice) {
        if (notice instanceof Notice.RunStarting starting) {
            return style.bold("ecs-local: running " + starting.run().taskDefinition() + " as task " + starting.run().taskId())
                    + " (networkMode " + starting.networkMode() + ", " + starting.daemon() + ")";
        }
        return switch (notice.topic()) {
            case RUN -> "  " + notice.text();
            case IMAGES -> notice.text();
            case FIRELENS -> "  FireLens: " + notice.text();
            case ENDPOINTS -> "  metadata endpoint: " + notice.text();
            case LOGS -> "  " + notice.text();
            // Said while the task runs, when the daemon leaves a check undone: a warning, not a set-up line.
            case HEALTH -> "  " + style.yellow("health: " + notice.text());
        };
    }

    @Override
    public synchronized void event(TaskEvent event) {
        if (event instanceof TaskEvent.Noticed noticed) {
            out.println(notice(noticed.notice()));
            out.flush();
            return;
        }
        String text = describe(event);
        if (text == null) {
            return;
        }
        out.println(style.dim(time(event.t())) + " " + text);
        if (event instanceof TaskEvent.Waiting waiting && waiting.stuck() && !taskStartTimeoutGiven
                && hinted.add(waiting.container())) {
            out.println(style.dim(" ".repeat(time(event.t()).length())) + " " + style.yellow(Hints.forStuckWait()));
        }
        out.flush();
    }

    private String describe(TaskEvent event) {
        if (event instanceof TaskEvent.ContainerChanged c) {
            return name(c.container()) + " " + containerChange(c);
        }
        if (event instanceof TaskEvent.HealthChanged h) {
            String health = h.health() == HealthStatus.HEALTHY ? style.green("HEALTHY")
                    : h.health() == HealthStatus.UNHEALTHY ? style.red("UNHEALTHY") : "health UNKNOWN";
            String output = h.health() == HealthStatus.UNHEALTHY && h.output() != null && !h.output().isBlank()
                    ? " (last check output: " + oneLine(h.output()) + ")" : "";
            return name(h.container()) + " " + health + output;
        }
        if (event instanceof TaskEvent.TaskChanged t) {
            String stop = t.stopCode() == null ? "" : " " + t.stopCode() + ": " + t.stoppedReason();
            return style.bold("task " + t.status()) + stop;
        }
        if (event instanceof TaskEvent.Waiting w) {
            String forWhat = w.forWhat().replace(DependencyGraph.NAMESPACE_PAUSE, display(DependencyGraph.NAMESPACE_PAUSE))
                    .replace(DependencyGraph.NETWORK_PAUSE, display(DependencyGraph.NETWORK_PAUSE));
            return name(w.container()) + " " + style.dim("waits for " + forWhat);
        }
        if (event instanceof TaskEvent.Restarted r) {
            return name(r.container()) + " exited " + r.exitCode() + "; restartPolicy starts it again (restart "
                    + r.restartCount() + ")";
        }
        if (event instanceof TaskEvent.PortsPublished p) {
            String ports = String.join(", ", p.ports().stream().map(Object::toString).toList());
            return name(p.container()) + " " + (DependencyGraph.NETWORK_PAUSE.equals(p.container()) ? "task ports " : "ports ")
                    + ports;
        }
        if (event instanceof TaskEvent.StopRequested stop) {
            return name(stop.container()) + " " + style.dim("stopping: stop signal, then SIGKILL after " + stop.grace().toSeconds() + "s");
        }
        if (event instanceof TaskEvent.Injected injected) {
            return name(injected.container()) + " " + style.yellow("injected: " + injected.fault());
        }
        if (event instanceof TaskEvent.Released) {
            return null; // its PULLED and CREATED follow at once; the timeline draws what released it
        }
        TaskEvent.Progress progress = (TaskEvent.Progress) event;
        return (progress.container() == null ? "" : name(progress.container()) + " ") + style.dim(progress.message());
    }

    /** The containers said RUNNING: one STOPPED without an exit code ran all the same. */
    private final Set<String> ran = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private String containerChange(TaskEvent.ContainerChanged c) {
        if (c.status() != ContainerStatus.STOPPED) {
            if (c.status() == ContainerStatus.RUNNING) {
                ran.add(c.container());
            }
            return c.status() == ContainerStatus.RUNNING ? style.green("RUNNING") : style.dim(c.status().name());
        }
        // A container that ran and whose end the runtime never told (Docker went away meanwhile) has no exit code either.
        String exit = c.exitCode() != null ? " exit " + c.exitCode() : ran.contains(c.container()) ? " (exit unknown)" : " (never ran)";
        String stopped = (c.exitCode() != null && c.exitCode() == 0) || c.exitCode() == null && c.reason() == null
                ? "STOPPED" + exit : style.red("STOPPED" + exit);
        return stopped + (c.reason() == null ? "" : ": " + c.reason());
    }

    /** The final table, the task's stop code and reason, the failing container's last lines, and what to try. */
    synchronized void summary(TaskOutcome outcome, String taskId, int exitCode, Timeline timeline) {
        out.println();
        out.println(style.bold("task " + taskId + " STOPPED after " + seconds(outcome.duration())));
        out.println("  stopCode       " + outcome.stopCode());
        out.println("  stoppedReason  " + outcome.stoppedReason());
        if (outcome.stoppedBy() != null) {
            Integer code = outcome.container(outcome.stoppedBy()).map(TaskOutcome.ContainerOutcome::exitCode).orElse(null);
            String by = outcome.stoppedBy() + (code == null ? "" : " (exit " + code + ")");
            out.println("  stopped by     " + (outcome.elsewhere() == null ? by : outcome.elsewhere().describe(by)));
        }
        out.println();
        String[] header = {"CONTAINER", "ESSENTIAL", "STATUS", "EXIT", "HEALTH", "RESTARTS", "REASON"};
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(header);
        for (TaskOutcome.ContainerOutcome c : outcome.containers()) {
            rows.add(new String[] {c.name(), c.essential() ? "yes" : "no", c.status().name(),
                    c.exitCode() == null ? "-" : c.exitCode().toString(), c.hasHealthCheck() ? c.health().name() : "-",
                    Integer.toString(c.restartCount()), c.reason() == null ? "" : c.reason()});
        }
        int[] widths = new int[header.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append("  ").append(i == row.length - 1 ? row[i] : String.format(Locale.ROOT, "%-" + widths[i] + "s", row[i]));
            }
            out.println(row == header ? style.dim(line.toString().stripTrailing()) : line.toString().stripTrailing());
        }
        out.println();
        out.println(style.dim("  timeline, in seconds since the run started"));
        for (String line : TimelineText.render(timeline).split("\n")) {
            out.println(line.startsWith("CONTAINER") ? style.dim("  " + line) : "  " + line);
        }
        failingTail(outcome);
        Set<String> hints = new java.util.LinkedHashSet<>();
        outcome.container(outcome.stoppedBy()).filter(c -> outcome.stoppedReason().equals(c.reason())).ifPresentOrElse(
                c -> hints.add(Hints.forContainer(c.reason(), c.name(), c.image(), pauseImage)),
                () -> hints.add(Hints.forReason(outcome.stoppedReason(), pauseImage)));
        outcome.containers().forEach(c -> hints.add(Hints.forContainer(c.reason(), c.name(), c.image(), pauseImage)));
        hints.remove(null);
        hints.forEach(hint -> out.println("\n" + style.yellow(hint)));
        out.println();
        out.println(style.dim("exit code " + exitCode));
        out.flush();
    }

    /** The last lines of the container that stopped the task, when it failed: usually the why. */
    private void failingTail(TaskOutcome outcome) {
        if (outcome.stoppedBy() == null) {
            return;
        }
        TaskOutcome.ContainerOutcome culprit = outcome.container(outcome.stoppedBy()).orElse(null);
        boolean failed = culprit != null && (culprit.reason() != null || culprit.exitCode() != null && culprit.exitCode() != 0);
        ArrayDeque<String> tail = tails.get(outcome.stoppedBy());
        if (!failed || tail == null || tail.isEmpty()) {
            return;
        }
        out.println();
        out.println(style.bold("last lines of " + culprit.name() + ":"));
        tail.forEach(line -> out.println("  " + line));
    }

    private static String time(Duration t) {
        return String.format(Locale.ROOT, "%7.2fs", t.toMillis() / 1000.0);
    }

    private static String seconds(Duration t) {
        return String.format(Locale.ROOT, "%.2fs", t.toMillis() / 1000.0);
    }

    private static String oneLine(String text) {
        String flat = text.strip().replace('\n', ' ');
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }
}
