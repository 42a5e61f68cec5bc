package dev.ecslocal.simulator.plan;

import java.util.List;

/** The machine form of a {@link Plan} (for {@code --output json}): plain values, stable field names. */
public final class PlanJson {
    private PlanJson() {
    }

    public record View(String family, int revision, String networkMode, List<ContainerView> containers,
                       List<List<String>> startOrder, List<List<String>> stopOrder) {
    }

    public record ContainerView(String name, boolean internal, boolean essential, int startStep, int stopStep,
                                Integer stopTimeoutSeconds, List<WaitView> waitsFor) {
    }

    public record WaitView(String container, String condition, String cause, boolean implicit) {
    }

    public static View of(Plan plan) {
        List<ContainerView> containers = plan.graph().nodes().stream().map(node -> new ContainerView(
                node.name(), node.isInternal(), node.isEssential(),
                stepOf(plan.startOrder(), node), stepOf(plan.stopOrder(), node),
                node.isInternal() ? null : node.container().effectiveStopTimeoutSeconds(),
                plan.graph().dependenciesOf(node.name()).stream()
                        .map(e -> new WaitView(e.dependency(), e.gate().name(), e.cause().label(), e.cause().isImplicit()))
                        .toList()))
                .toList();
        return new View(plan.family(), plan.revision(), plan.networkMode().ecsName(), containers,
                names(plan.startOrder()), names(plan.stopOrder()));
    }

    private static int stepOf(List<List<Node>> steps, Node node) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).contains(node)) {
                return i + 1;
            }
        }
        return 0;
    }

    private static List<List<String>> names(List<List<Node>> steps) {
        return steps.stream().map(step -> step.stream().map(Node::name).toList()).toList();
    }
}
