package dev.ecslocal.simulator.validate;

import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.ContainerDefinition.ContainerDependency;
import dev.ecslocal.simulator.model.DependencyCondition;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.plan.Cause;
import dev.ecslocal.simulator.plan.DependencyGraph;
import dev.ecslocal.simulator.plan.Edge;

import java.util.ArrayList;
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
        DependencyGraph.of(task).findCycle().ifPresent(cycle -> reportCycle(task, cycle, findings));
    }

    /**
     * A cycle is reported where the user can break it: at the dependsOn entry that closes it (the last one
     * the walk took), or, for a cycle of links and volumesFrom alone, at the entry that closes it there. The
     * cycle is told from that entry's dependency round to it, so that its last arrow is the entry itself.
     */
    private static void reportCycle(TaskDefinition task, List<Edge> cycle, Findings findings) {
        int closing = cycle.size() - 1;
        for (int i = cycle.size() - 1; i >= 0; i--) {
            if (cycle.get(i).cause() == Cause.DEPENDS_ON) {
                closing = i;
                break;
            }
        }
        List<Edge> told = new ArrayList<>(cycle.subList(closing + 1, cycle.size()));
        told.addAll(cycle.subList(0, closing + 1));
        Edge edge = cycle.get(closing);
        String path = entryPath(task, edge).orElse("containerDefinitions");
        findings.error(path, "dependsOn forms a cycle: " + describe(told),
                "ECS refuses such a task (\"Task dependencies cannot be resolved\"). Remove one of these dependencies"
                        + (path.equals("containerDefinitions") ? "." : ", such as this one (\"" + edge.dependent()
                        + "\" waits for \"" + edge.dependency() + "\")."));
    }

    /** {@code containerDefinitions[i].dependsOn[j]} (or {@code links[j]}, {@code volumesFrom[j]}) that made the edge. */
    private static Optional<String> entryPath(TaskDefinition task, Edge edge) {
        List<ContainerDefinition> containers = task.containerDefinitions();
        for (int i = 0; i < containers.size(); i++) {
            ContainerDefinition container = containers.get(i);
            if (!edge.dependent().equals(container.name())) {
                continue;
            }
            String base = "containerDefinitions[" + i + "].";
            List<String> targets = switch (edge.cause()) {
                // An entry without a condition made no edge.
                case DEPENDS_ON -> container.dependsOn().stream()
                        .map(d -> d.condition() == null ? null : d.containerName()).toList();
                case LINKS -> container.links().stream().map(DependencyGraph::linkTarget).toList();
                case VOLUMES_FROM -> container.volumesFrom().stream()
                        .map(ContainerDefinition.VolumeFrom::sourceContainer).toList();
                default -> List.of();
            };
            String field = switch (edge.cause()) {
                case LINKS -> "links";
                case VOLUMES_FROM -> "volumesFrom";
                default -> "dependsOn";
            };
            int j = targets.indexOf(edge.dependency());
            return j < 0 ? Optional.empty() : Optional.of(base + field + "[" + j + "]");
        }
        return Optional.empty();
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
