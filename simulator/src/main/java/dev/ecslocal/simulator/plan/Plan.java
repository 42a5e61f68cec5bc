package dev.ecslocal.simulator.plan;

import dev.ecslocal.simulator.model.NetworkMode;
import dev.ecslocal.simulator.model.TaskDefinition;

import java.util.List;

/**
 * What ECS would do with a valid task definition, in order: the steps in which containers can start
 * (a container starts as soon as everything it waits for is satisfied, so a step is the earliest point,
 * not a barrier) and the steps in which they stop. Pure data; {@link PlanText} renders it.
 */
public record Plan(String family, int revision, NetworkMode networkMode, DependencyGraph graph,
                   List<List<Node>> startOrder, List<List<Node>> stopOrder) {

    public Plan {
        startOrder = startOrder.stream().map(List::copyOf).toList();
        stopOrder = stopOrder.stream().map(List::copyOf).toList();
    }

    /** Plans a task definition that validation has accepted (a cycle would leave containers out). */
    public static Plan of(TaskDefinition task, int revision) {
        DependencyGraph graph = DependencyGraph.of(task);
        return new Plan(task.family(), revision, task.effectiveNetworkMode(), graph,
                graph.inDependencyOrder(), graph.inReverseDependencyOrder());
    }

    public long containerCount() {
        return graph.nodes().stream().filter(n -> !n.isInternal()).count();
    }
}
