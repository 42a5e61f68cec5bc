package dev.ecslocal.simulator.plan;

import dev.ecslocal.simulator.model.ContainerDefinition;

import java.util.ArrayList;
import java.util.List;

/** The human form of a {@link Plan}; also the golden form that tests assert. */
public final class PlanText {
    private PlanText() {
    }

    public static String render(Plan plan) {
        int width = plan.graph().nodes().stream().mapToInt(n -> n.name().length()).max().orElse(0) + 2;
        StringBuilder out = new StringBuilder();
        out.append("Plan for ").append(plan.family()).append(':').append(plan.revision())
                .append(" (networkMode ").append(plan.networkMode().ecsName()).append(", ")
                .append(plan.containerCount()).append(plan.containerCount() == 1 ? " container" : " containers")
                .append(")\n\n");

        out.append("Start order (a container starts as soon as everything it waits for is satisfied)\n");
        renderSteps(out, plan.startOrder(), width, node -> startNotes(plan.graph(), node));
        out.append('\n');
        out.append("Stop order (reverse dependency order: a container stops after everything that waits for it;\n")
                .append("            each gets its stop signal, then SIGKILL after its stopTimeout)\n");
        renderSteps(out, plan.stopOrder(), width, PlanText::stopNotes);
        return out.toString();
    }

    private interface Notes {
        List<String> of(Node node);
    }

    private static void renderSteps(StringBuilder out, List<List<Node>> steps, int width, Notes notes) {
        for (int i = 0; i < steps.size(); i++) {
            boolean first = true;
            for (Node node : steps.get(i)) {
                String stepLabel = first ? String.format("%2d", i + 1) : "  ";
                first = false;
                List<String> lines = notes.of(node);
                String head = "  " + stepLabel + "  " + pad(node.name(), width);
                out.append((head + (lines.isEmpty() ? "" : lines.get(0))).stripTrailing()).append('\n');
                for (int l = 1; l < lines.size(); l++) {
                    out.append(" ".repeat(head.length())).append(lines.get(l)).append('\n');
                }
            }
        }
    }

    private static List<String> startNotes(DependencyGraph graph, Node node) {
        List<String> notes = new ArrayList<>();
        switch (node.kind()) {
            case NETWORK_PAUSE -> notes.add("internal: holds the task's network namespace; every container joins it (awsvpc)");
            case NAMESPACE_PAUSE -> notes.add("internal: holds the task's shared PID/IPC namespace (pidMode/ipcMode task)");
            case CONTAINER -> {
                ContainerDefinition container = node.container();
                List<String> traits = new ArrayList<>();
                if (!container.isEssential()) {
                    traits.add("essential: false");
                }
                if (container.isFirelensRouter()) {
                    traits.add("FireLens router (" + container.firelensConfiguration().type() + ")");
                }
                if (container.healthCheck() != null) {
                    traits.add("healthCheck");
                }
                if (!traits.isEmpty()) {
                    notes.add("[" + String.join(", ", traits) + "]");
                }
                for (Edge edge : graph.dependenciesOf(node.name())) {
                    if (edge.cause() == Cause.AWSVPC || edge.cause() == Cause.TASK_NAMESPACE) {
                        continue; // said once, on the internal container's line
                    }
                    notes.add("waits for " + edge.dependency() + " " + edge.gate() + " (" + edge.cause().label()
                            + startTimeoutNote(graph, edge) + ")");
                }
            }
        }
        return notes;
    }

    /** startTimeout is read from the dependency and applies to COMPLETE, SUCCESS and HEALTHY only (§1.4). */
    static String startTimeoutNote(DependencyGraph graph, Edge edge) {
        if (edge.gate() != Gate.COMPLETE && edge.gate() != Gate.SUCCESS && edge.gate() != Gate.HEALTHY) {
            return "";
        }
        return graph.node(edge.dependency())
                .map(Node::container)
                .map(ContainerDefinition::startTimeout)
                .filter(t -> t > 0)
                .map(t -> ", startTimeout " + t + "s")
                .orElse("");
    }

    private static List<String> stopNotes(Node node) {
        if (node.isInternal()) {
            return List.of("internal: stops last");
        }
        return List.of("stopTimeout " + node.container().effectiveStopTimeoutSeconds() + "s"
                + (node.container().stopTimeout() == null ? " (default)" : ""));
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }
}
