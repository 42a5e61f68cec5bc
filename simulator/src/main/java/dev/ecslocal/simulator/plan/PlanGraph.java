package dev.ecslocal.simulator.plan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dependency graph as a drawing, in Graphviz DOT or Mermaid: one box per container, one arrow per edge from
 * the dependency to the dependent it releases, labelled with the condition (and the startTimeout ECS reads from
 * the dependency). Edges ECS adds itself (FireLens, links, volumesFrom, awsvpc: ECS-SEMANTICS §1.5) are dashed
 * and name their cause; essential containers have a heavy border; the agent's internal containers are dashed
 * boxes. Arrows go from left to right in start order.
 */
public final class PlanGraph {
    public enum Format { DOT, MERMAID }

    private PlanGraph() {
    }

    public static String render(Plan plan, Format format) {
        return format == Format.DOT ? dot(plan) : mermaid(plan);
    }

    private static String dot(Plan plan) {
        DependencyGraph graph = plan.graph();
        StringBuilder out = new StringBuilder();
        out.append("// ").append(legend(plan)).append('\n');
        out.append("digraph ").append(quoted(plan.family() + ":" + plan.revision())).append(" {\n");
        out.append("  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n");
        for (Node node : graph.nodes()) {
            // DOT's \n breaks a label's lines: each line is quoted on its own, then joined.
            out.append("  ").append(quoted(node.name())).append(" [label=\"")
                    .append(String.join("\\n", nodeLines(node).stream().map(PlanGraph::escaped).toList())).append('"');
            if (node.isInternal()) {
                out.append(", style=dashed");
            } else if (node.isEssential()) {
                out.append(", penwidth=2.5");
            }
            out.append("];\n");
        }
        for (Edge edge : edges(graph)) {
            out.append("  ").append(quoted(edge.dependency())).append(" -> ").append(quoted(edge.dependent()))
                    .append(" [label=").append(quoted(edgeLabel(plan, edge)));
            if (edge.cause().isImplicit()) {
                out.append(", style=dashed");
            }
            out.append("];\n");
        }
        return out.append("}\n").toString();
    }

    private static String mermaid(Plan plan) {
        DependencyGraph graph = plan.graph();
        // Mermaid ids cannot hold every character a container name can: n0, n1, … with the names as labels.
        Map<String, String> ids = new HashMap<>();
        StringBuilder out = new StringBuilder();
        out.append("%% ").append(legend(plan)).append('\n');
        out.append("flowchart LR\n");
        List<Node> nodes = graph.nodes();
        StringBuilder essential = new StringBuilder();
        StringBuilder internal = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            String id = "n" + i;
            ids.put(node.name(), id);
            out.append("  ").append(id).append("[\"").append(String.join("<br/>", nodeLines(node)).replace("\"", "#quot;"))
                    .append("\"]\n");
            StringBuilder group = node.isInternal() ? internal : node.isEssential() ? essential : null;
            if (group != null) {
                group.append(group.isEmpty() ? "" : ",").append(id);
            }
        }
        for (Edge edge : edges(graph)) {
            out.append("  ").append(ids.get(edge.dependency())).append(edge.cause().isImplicit() ? " -.->" : " -->")
                    .append("|\"").append(edgeLabel(plan, edge).replace("\"", "#quot;")).append("\"| ")
                    .append(ids.get(edge.dependent())).append('\n');
        }
        out.append("  classDef essential stroke-width:3px\n  classDef internal stroke-dasharray:4 3\n");
        if (!essential.isEmpty()) {
            out.append("  class ").append(essential).append(" essential\n");
        }
        if (!internal.isEmpty()) {
            out.append("  class ").append(internal).append(" internal\n");
        }
        return out.toString();
    }

    private static String legend(Plan plan) {
        return plan.family() + ":" + plan.revision() + " (networkMode " + plan.networkMode().ecsName() + "): an arrow goes from a "
                + "dependency to the container it releases, with the condition; dashed arrows are added by ECS (their cause in "
                + "brackets); heavy borders are essential containers; dashed boxes are the agent's internal containers";
    }

    /** In start order, so that the drawing reads left to right the way the task starts. */
    private static List<Edge> edges(DependencyGraph graph) {
        return graph.inDependencyOrder().stream().flatMap(List::stream)
                .flatMap(node -> graph.dependenciesOf(node.name()).stream()).toList();
    }

    private static List<String> nodeLines(Node node) {
        if (node.isInternal()) {
            return List.of(node.name(), "internal");
        }
        List<String> lines = new java.util.ArrayList<>(List.of(node.name()));
        lines.add(node.isEssential() ? "essential" : "essential: false");
        if (node.container().isFirelensRouter()) {
            lines.add("FireLens router");
        }
        return lines;
    }

    private static String edgeLabel(Plan plan, Edge edge) {
        StringBuilder label = new StringBuilder(edge.gate().name());
        if (edge.cause().isImplicit()) {
            label.append(" (").append(edge.cause().label()).append(')');
        }
        return label.append(PlanText.startTimeoutNote(plan.graph(), edge)).toString();
    }

    private static String quoted(String text) {
        return '"' + escaped(text) + '"';
    }

    private static String escaped(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
