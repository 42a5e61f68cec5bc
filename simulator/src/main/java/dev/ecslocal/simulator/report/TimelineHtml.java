package dev.ecslocal.simulator.report;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The timeline as one self-contained HTML page: an inline SVG, no script, no network. One lane per container on a
 * shared time axis; its phases as coloured bars (hover one for its times: SVG titles are the browser's own
 * tooltips); an arrow from each satisfied dependency to the start it released; a marker at each exit with its
 * code; the task's stopCode and stoppedReason as the title. The SVG is well-formed XML, so tools can read it.
 */
public final class TimelineHtml {
    private static final int LABEL_WIDTH = 180;
    private static final int PLOT_WIDTH = 900;
    private static final int LANE_HEIGHT = 36;
    private static final int BAR_HEIGHT = 18;
    private static final int TOP = 40;
    private static final Map<Timeline.Phase, String> COLOURS = Map.of(
            Timeline.Phase.WAITING, "#c9ced6", Timeline.Phase.STARTING, "#f2c14e", Timeline.Phase.RUNNING, "#4a90d9",
            Timeline.Phase.HEALTHY, "#3bb273", Timeline.Phase.UNHEALTHY, "#e05d5d", Timeline.Phase.STOPPING, "#9b6fd1");

    private TimelineHtml() {
    }

    /** @param name what ran (the task definition's family:revision, or the events file), for the page's title */
    public static String render(Timeline timeline, String name) {
        String title = timeline.stopCode() == null ? name + ": the task had not stopped when the events end"
                : name + ": " + timeline.stopCode() + " (" + timeline.stoppedReason() + ")";
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(escape(title))
                .append("</title>\n<style>\n")
                .append("body { font-family: Helvetica, Arial, sans-serif; margin: 24px; color: #222; }\n")
                .append("h1 { font-size: 18px; margin: 0 0 4px 0; }\n")
                .append("p.legend span { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 14px; vertical-align: -1px; }\n")
                .append("svg text { font-size: 12px; }\n")
                .append("svg rect.bar:hover { stroke: #222; stroke-width: 1.5; }\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n<p class=\"legend\">");
        for (Timeline.Phase phase : Timeline.Phase.values()) {
            out.append("<span style=\"background:").append(COLOURS.get(phase)).append("\"></span>").append(phase.label());
        }
        out.append("; arrows: a dependency met &#8594; the start it released; &#9679; an exit and its code; "
                + "<span style=\"background:#e67e22\"></span>a fault injected (--kill, --stop, --pause, --fail-health)</p>\n");
        out.append(svg(timeline));
        out.append("\n</body>\n</html>\n");
        return out.toString();
    }

    static String svg(Timeline timeline) {
        long end = Math.max(timeline.end(), 1);
        List<Timeline.Lane> lanes = timeline.lanes();
        int height = TOP + lanes.size() * LANE_HEIGHT + 30;
        int width = LABEL_WIDTH + PLOT_WIDTH + 80; // room for the last exit's code
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">\n");
        svg.append("<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" ")
                .append("orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#333\"/></marker></defs>\n");
        axis(svg, end, lanes.size());
        Map<String, Integer> laneIndex = new HashMap<>();
        for (int i = 0; i < lanes.size(); i++) {
            Timeline.Lane lane = lanes.get(i);
            laneIndex.put(lane.container(), i);
            int y = TOP + i * LANE_HEIGHT;
            svg.append("<g class=\"lane\" data-container=\"").append(escape(lane.container())).append("\">\n");
            svg.append("<text x=\"").append(LABEL_WIDTH - 10).append("\" y=\"").append(y + LANE_HEIGHT / 2 + 4)
                    .append("\" text-anchor=\"end\">").append(escape(lane.container())).append("</text>\n");
            for (Timeline.Bar bar : lane.bars()) {
                double x = x(bar.from(), end);
                double w = Math.max(x(bar.to(), end) - x, 1.5);
                svg.append("<rect class=\"bar ").append(bar.phase().name().toLowerCase(Locale.ROOT)).append("\" data-phase=\"")
                        .append(bar.phase().name()).append("\" x=\"").append(fmt(x)).append("\" y=\"")
                        .append(y + (LANE_HEIGHT - BAR_HEIGHT) / 2).append("\" width=\"").append(fmt(w)).append("\" height=\"")
                        .append(BAR_HEIGHT).append("\" fill=\"").append(COLOURS.get(bar.phase())).append("\"><title>")
                        .append(escape(lane.container() + ": " + bar.phase().label() + ", " + TimelineText.seconds(bar.from())
                                + "s to " + TimelineText.seconds(bar.to()) + "s (" + TimelineText.seconds(bar.to() - bar.from())
                                + "s)")).append("</title></rect>\n");
            }
            for (Timeline.Exit exit : lane.exits()) {
                double x = x(exit.at(), end);
                int cy = y + LANE_HEIGHT / 2;
                String code = exit.exitCode() == null ? "never ran" : "exit " + exit.exitCode();
                svg.append("<g class=\"exit\" data-exit-code=\"").append(exit.exitCode() == null ? "" : exit.exitCode())
                        .append("\"><circle cx=\"").append(fmt(x)).append("\" cy=\"").append(cy).append("\" r=\"5\" fill=\"")
                        .append(exit.exitCode() != null && exit.exitCode() == 0 ? "#222" : "#c0392b").append("\"/><text x=\"")
                        .append(fmt(x + 8)).append("\" y=\"").append(cy - 8).append("\">").append(escape(code))
                        .append("</text><title>").append(escape(lane.container() + " stopped at " + TimelineText.seconds(exit.at())
                                + "s, " + code + (exit.reason() == null ? "" : ": " + exit.reason()))).append("</title></g>\n");
            }
            for (Timeline.Injection injection : lane.injections()) {
                double x = x(injection.at(), end);
                int top = y + (LANE_HEIGHT - BAR_HEIGHT) / 2 - 2;
                svg.append("<g class=\"injected\"><path d=\"M ").append(fmt(x - 6)).append(' ').append(top - 9).append(" L ")
                        .append(fmt(x + 6)).append(' ').append(top - 9).append(" L ").append(fmt(x)).append(' ').append(top)
                        .append(" z\" fill=\"#e67e22\" stroke=\"#222\" stroke-width=\"0.8\"/><title>")
                        .append(escape("injected at " + TimelineText.seconds(injection.at()) + "s: " + lane.container() + " "
                                + injection.fault())).append("</title></g>\n");
            }
            svg.append("</g>\n");
        }
        for (Timeline.Arrow arrow : timeline.arrows()) {
            Integer from = laneIndex.get(arrow.from());
            Integer to = laneIndex.get(arrow.to());
            double x1 = x(arrow.metAt(), end);
            double x2 = x(arrow.releasedAt(), end);
            int y1 = TOP + from * LANE_HEIGHT + LANE_HEIGHT / 2;
            int y2 = TOP + to * LANE_HEIGHT + LANE_HEIGHT / 2;
            svg.append("<path class=\"arrow\" data-from=\"").append(escape(arrow.from())).append("\" data-to=\"")
                    .append(escape(arrow.to())).append("\" data-condition=\"").append(arrow.condition()).append("\" d=\"M ")
                    .append(fmt(x1)).append(' ').append(y1).append(" C ").append(fmt(x1 + 20)).append(' ').append(y1).append(", ")
                    .append(fmt(x2 - 20)).append(' ').append(y2).append(", ").append(fmt(x2)).append(' ').append(y2)
                    .append("\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.2\" marker-end=\"url(#head)\"><title>")
                    .append(escape(arrow.from() + " " + arrow.condition() + " at " + TimelineText.seconds(arrow.metAt())
                            + "s released " + arrow.to() + " at " + TimelineText.seconds(arrow.releasedAt()) + "s"))
                    .append("</title></path>\n");
        }
        return svg.append("</svg>").toString();
    }

    /** A tick every 1, 2 or 5 times a power of ten seconds, about ten of them. */
    private static void axis(StringBuilder svg, long end, int laneCount) {
        double rough = end / 10.0;
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(rough, 1))));
        long step = (long) (rough / magnitude < 2 ? magnitude : rough / magnitude < 5 ? 2 * magnitude : 5 * magnitude);
        step = Math.max(step, 1);
        int bottom = TOP + laneCount * LANE_HEIGHT;
        svg.append("<g class=\"axis\">\n");
        for (long t = 0; t <= end; t += step) {
            double x = x(t, end);
            svg.append("<line x1=\"").append(fmt(x)).append("\" y1=\"").append(TOP - 6).append("\" x2=\"").append(fmt(x))
                    .append("\" y2=\"").append(bottom).append("\" stroke=\"#e3e3e3\"/>")
                    .append("<text x=\"").append(fmt(x)).append("\" y=\"").append(TOP - 12).append("\" text-anchor=\"middle\">")
                    .append(TimelineText.seconds(t).replaceAll("\\.?0+$", "")).append("s</text>\n");
        }
        svg.append("</g>\n");
    }

    private static double x(long t, long end) {
        return LABEL_WIDTH + (double) t / end * PLOT_WIDTH;
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
