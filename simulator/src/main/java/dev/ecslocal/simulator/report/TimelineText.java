package dev.ecslocal.simulator.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The timeline as a table for the run's summary: one row per container, when each step happened (seconds since
 * the run started), its exit code, and what its start waited for and how long.
 *
 * <pre>
 * CONTAINER     PULLED  CREATED  STARTED  HEALTHY  STOPPING  STOPPED  EXIT  WAITED
 * app           10.54   10.55    10.60    -        15.56     15.57    0     10.51s for secrets-init SUCCESS, envoy HEALTHY
 * </pre>
 */
public final class TimelineText {
    private static final String[] HEADER = {"CONTAINER", "PULLED", "CREATED", "STARTED", "HEALTHY", "STOPPING", "STOPPED",
            "EXIT", "WAITED"};

    private TimelineText() {
    }

    public static String render(Timeline timeline) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Timeline.Lane lane : timeline.lanes()) {
            rows.add(new String[]{lane.container(), seconds(lane.pulled()), seconds(lane.created()), seconds(lane.started()),
                    seconds(lane.healthy()), seconds(lane.stopRequested()), seconds(lane.stopped()),
                    lane.exitCode() == null ? "-" : lane.exitCode().toString(), waited(lane)});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        for (Timeline.Lane lane : timeline.lanes()) {
            for (Timeline.Injection injection : lane.injections()) {
                out.append("injected at ").append(seconds(injection.at())).append(": ").append(lane.container()).append(' ')
                        .append(injection.fault()).append('\n');
            }
        }
        return out.toString();
    }

    private static String waited(Timeline.Lane lane) {
        if (lane.waitedFor().isEmpty()) {
            return "-";
        }
        Long waited = lane.waited();
        return (waited == null ? "0.00s" : seconds(waited) + "s") + " for " + String.join(", ", lane.waitedFor());
    }

    static String seconds(Long millis) {
        return millis == null ? "-" : String.format(Locale.ROOT, "%.2f", millis / 1000.0);
    }
}
