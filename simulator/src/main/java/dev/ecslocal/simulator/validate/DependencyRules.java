package dev.ecslocal.simulator.validate;

import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.ContainerDefinition.ContainerDependency;
import dev.ecslocal.simulator.model.DependencyCondition;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.plan.DependencyGraph;
import dev.ecslocal.simulator.plan.Edge;

import java.util.List;
import java.util.Optional;

/**
 * dependsOn, checked as ECS checks it: at registration (names, conditions, SUCCESS/COMPLETE on an
 * essential container) and at admission, where the agent refuses a task whose graph cannot resolve
 * (cycles, HEALTHY on a container with no healthCheck: ECS-SEMANTICS §1.2).
 */
final class DependencyRules implements Rule {

    @Override
    public void check(TaskDefinition task, Findings findings) {
        List<String> names = Findings.containerNames(task);
        Findings.eachContainer(task, findings, (in, container) -> {
            for (int i = 0; i < container.dependsOn().size(); i++) {
                checkDependency(task, in, container, container.dependsOn().get(i), "dependsOn[" + i + "]", names);
            }
            checkStartTimeout(task, in, container);
        });
        DependencyGraph.of(task).findCycle().ifPresent(cycle -> findings.error("containerDefinitions",
                "dependsOn forms a cycle: " + describe(cycle),
                "ECS refuses such a task (\"Task dependencies cannot be resolved\"). Remove one of these dependencies."));
    }

    private static void checkDependency(TaskDefinition task, Findings.InContainer in, ContainerDefinition container,
                                        ContainerDependency dependency, String path, List<String> names) {
        String target = dependency.containerName();
        if (dependency.condition() == null) {
            in.error(path + ".condition", "condition is required", "One of START, COMPLETE, SUCCESS, HEALTHY.");
        }
        if (target == null || target.isEmpty()) {
            in.error(path + ".containerName", "containerName is required", Findings.defined("containers", names));
            return;
        }
        if (target.equals(container.name())) {
            in.error(path + ".containerName", "container \"" + target + "\" depends on itself", "Remove this dependency.");
            return;
        }
        Optional<ContainerDefinition> found = task.container(target);
        if (found.isEmpty()) {
            in.error(path + ".containerName", Findings.unknownName("container", target, names),
                    Findings.defined("containers", names));
            return;
        }
        DependencyCondition condition = dependency.condition();
        if ((condition == DependencyCondition.SUCCESS || condition == DependencyCondition.COMPLETE)
                && found.get().isEssential()) {
            // ECS's own words.
            in.error(path + ".condition", "A dependency container with SUCCESS or COMPLETE condition cannot be an "
                            + "essential container",
                    "\"" + target + "\" is essential (the default): its exit would stop the task. "
                            + "Set \"essential\": false on \"" + target + "\".");
        }
        if (condition == DependencyCondition.HEALTHY && found.get().healthCheck() == null) {
            in.error(path + ".condition", "condition HEALTHY needs a healthCheck on \"" + target + "\", which has none",
                    "ECS refuses such a task (\"Task dependencies cannot be resolved\"). Add a healthCheck to \""
                            + target + "\", or wait for START instead.");
        }
    }

    /**
     * startTimeout is read from the dependency, for dependents waiting on COMPLETE, SUCCESS or HEALTHY
     * (§1.4): on any other container it does nothing, which surprises people.
     */
    private static void checkStartTimeout(TaskDefinition task, Findings.InContainer in, ContainerDefinition container) {
        if (container.startTimeout() == null || container.startTimeout() <= 0 || container.name() == null) {
            return;
        }
        boolean governsSomething = task.containerDefinitions().stream()
                .flatMap(c -> c.dependsOn().stream())
                .anyMatch(d -> container.name().equals(d.containerName()) && d.condition() != null
                        && d.condition() != DependencyCondition.START);
        if (!governsSomething) {
            in.warning("startTimeout", "startTimeout has no effect here: ECS applies it to the containers that depend "
                            + "on \"" + container.name() + "\" with COMPLETE, SUCCESS or HEALTHY, and there are none",
                    "Put startTimeout on the container being waited for, not on the one that waits.");
        }
    }

    /** {@code app -> envoy -> app}, naming the cause of every edge ECS added by itself. */
    static String describe(List<Edge> cycle) {
        StringBuilder text = new StringBuilder(cycle.get(0).dependent());
        for (Edge edge : cycle) {
            text.append(" -> ").append(edge.dependency());
            if (edge.cause().isImplicit()) {
                text.append(" (").append(edge.cause().label()).append(')');
            }
        }
        return text.toString();
    }
}
