package dev.ecslocal.simulator.plan;

import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.ContainerDefinition.ContainerDependency;
import dev.ecslocal.simulator.model.ContainerDefinition.VolumeFrom;
import dev.ecslocal.simulator.model.NetworkMode;
import dev.ecslocal.simulator.model.PidMode;
import dev.ecslocal.simulator.model.IpcMode;
import dev.ecslocal.simulator.model.TaskDefinition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The task's containers and every ordering edge between them: those in {@code dependsOn} and those the
 * ECS agent adds (ECS-SEMANTICS §1.5: links START, volumesFrom CREATE, FireLens START, the awsvpc netns
 * holder, the task namespace holder). One graph serves validation (cycles) and planning (start and stop
 * order: one walk, used in both directions, as compose does).
 *
 * <p>Built from any task definition, valid or not: edges to containers that do not exist are left out
 * (validation reports them), and the first container of a duplicated name wins. Iteration follows
 * definition order, never hash order, so plans are deterministic.
 */
public final class DependencyGraph {
    /** The agent's own name for the awsvpc pause container (§5.5). */
    public static final String NETWORK_PAUSE = "~internal~ecs~pause";
    /** The agent's own name for the pidMode/ipcMode task namespace container (§1.5). */
    public static final String NAMESPACE_PAUSE = "~internal~ecs~pause~namespace";

    private final Map<String, Node> nodes;
    private final List<Edge> edges;

    private DependencyGraph(Map<String, Node> nodes, List<Edge> edges) {
        this.nodes = Collections.unmodifiableMap(nodes);
        this.edges = List.copyOf(edges);
    }

    public static DependencyGraph of(TaskDefinition task) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        boolean awsvpc = task.effectiveNetworkMode() == NetworkMode.AWSVPC;
        boolean sharedNamespaces = task.pidMode() == PidMode.TASK || task.ipcMode() == IpcMode.TASK;
        if (awsvpc) {
            nodes.put(NETWORK_PAUSE, new Node(NETWORK_PAUSE, Node.Kind.NETWORK_PAUSE, null));
        }
        if (sharedNamespaces) {
            nodes.put(NAMESPACE_PAUSE, new Node(NAMESPACE_PAUSE, Node.Kind.NAMESPACE_PAUSE, null));
        }
        for (ContainerDefinition container : task.containerDefinitions()) {
            if (container.name() != null && !container.name().isEmpty()) {
                nodes.putIfAbsent(container.name(), new Node(container.name(), Node.Kind.CONTAINER, container));
            }
        }

        List<Edge> edges = new ArrayList<>();
        Optional<ContainerDefinition> router = task.firelensRouter();
        for (Node node : nodes.values()) {
            ContainerDefinition container = node.container();
            if (container == null || nodes.get(container.name()).container() != container) {
                continue;
            }
            String name = container.name();
            for (ContainerDependency dependency : container.dependsOn()) {
                if (dependency.condition() != null && isOtherContainer(nodes, name, dependency.containerName())) {
                    edges.add(new Edge(name, dependency.containerName(), Gate.of(dependency.condition()), Cause.DEPENDS_ON));
                }
            }
            for (String link : container.links()) {
                String target = linkTarget(link);
                if (isOtherContainer(nodes, name, target)) {
                    edges.add(new Edge(name, target, Gate.START, Cause.LINKS));
                }
            }
            for (VolumeFrom source : container.volumesFrom()) {
                if (isOtherContainer(nodes, name, source.sourceContainer())) {
                    edges.add(new Edge(name, source.sourceContainer(), Gate.CREATE, Cause.VOLUMES_FROM));
                }
            }
            // The agent skips the FireLens edges entirely when the router has a dependsOn of its own,
            // so as not to make a cycle, and adds none to a container that already depends on the router.
            if (router.isPresent() && router.get().dependsOn().isEmpty() && container.usesAwsFirelens()
                    && container != router.get() && router.get().name() != null
                    && container.dependsOn().stream().noneMatch(d -> router.get().name().equals(d.containerName()))) {
                edges.add(new Edge(name, router.get().name(), Gate.START, Cause.FIRELENS));
            }
            if (sharedNamespaces) {
                edges.add(new Edge(name, NAMESPACE_PAUSE, Gate.START, Cause.TASK_NAMESPACE));
            }
            if (awsvpc) {
                edges.add(new Edge(name, NETWORK_PAUSE, Gate.RESOURCES_PROVISIONED, Cause.AWSVPC));
            }
        }
        if (awsvpc && sharedNamespaces) {
            edges.add(new Edge(NAMESPACE_PAUSE, NETWORK_PAUSE, Gate.RESOURCES_PROVISIONED, Cause.AWSVPC));
        }
        return new DependencyGraph(nodes, edges);
    }

    /** {@code links} entries are {@code name} or {@code name:alias}. */
    public static String linkTarget(String link) {
        int colon = link.indexOf(':');
        return colon < 0 ? link : link.substring(0, colon);
    }

    private static boolean isOtherContainer(Map<String, Node> nodes, String self, String other) {
        return other != null && !other.equals(self) && nodes.containsKey(other) && !nodes.get(other).isInternal();
    }

    public List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    public Optional<Node> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    public List<Edge> edges() {
        return edges;
    }

    /** What {@code name} waits for, in the order the edges were found. */
    public List<Edge> dependenciesOf(String name) {
        return edges.stream().filter(e -> e.dependent().equals(name)).toList();
    }

    /** Who waits for {@code name}. */
    public List<Edge> dependentsOf(String name) {
        return edges.stream().filter(e -> e.dependency().equals(name)).toList();
    }

    /**
     * The first cycle, as the list of edges that close it ({@code a -> b -> a}), found by a depth-first
     * walk in definition order. ECS refuses such a task (§1.2).
     */
    public Optional<List<Edge>> findCycle() {
        Map<String, Integer> state = new HashMap<>(); // absent: unvisited, 1: on the walk, 2: done
        for (String start : nodes.keySet()) {
            List<Edge> walk = new ArrayList<>();
            Optional<List<Edge>> cycle = visit(start, state, walk);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    private Optional<List<Edge>> visit(String name, Map<String, Integer> state, List<Edge> walk) {
        Integer seen = state.get(name);
        if (seen != null && seen == 2) {
            return Optional.empty();
        }
        state.put(name, 1);
        for (Edge edge : dependenciesOf(name)) {
            Integer next = state.get(edge.dependency());
            walk.add(edge);
            if (next != null && next == 1) {
                int from = 0;
                while (!walk.get(from).dependent().equals(edge.dependency())) {
                    from++;
                }
                return Optional.of(List.copyOf(walk.subList(from, walk.size())));
            }
            Optional<List<Edge>> cycle = visit(edge.dependency(), state, walk);
            if (cycle.isPresent()) {
                return cycle;
            }
            walk.remove(walk.size() - 1);
        }
        state.put(name, 2);
        return Optional.empty();
    }

    /** Start steps: a node comes one step after the last of its dependencies. */
    public List<List<Node>> inDependencyOrder() {
        return layers(name -> dependenciesOf(name).stream().map(Edge::dependency).toList());
    }

    /** Stop steps: a node stops one step after the last of its dependents has stopped (§2). */
    public List<List<Node>> inReverseDependencyOrder() {
        return layers(name -> dependentsOf(name).stream().map(Edge::dependent).toList());
    }

    /**
     * Longest-path layering: step(n) = 1 + max(step(p)) over the predecessors p of n. Nodes on a cycle
     * get no step (a graph with a cycle is refused before it is planned).
     */
    private List<List<Node>> layers(Function<String, List<String>> predecessors) {
        Map<String, Integer> step = new HashMap<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String name : nodes.keySet()) {
                if (step.containsKey(name)) {
                    continue;
                }
                int latest = 0;
                boolean ready = true;
                for (String predecessor : predecessors.apply(name)) {
                    Integer at = step.get(predecessor);
                    if (at == null) {
                        ready = false;
                        break;
                    }
                    latest = Math.max(latest, at);
                }
                if (ready) {
                    step.put(name, latest + 1);
                    changed = true;
                }
            }
        }
        int last = step.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<List<Node>> layers = new ArrayList<>();
        for (int i = 1; i <= last; i++) {
            int current = i;
            layers.add(nodes.values().stream().filter(n -> Integer.valueOf(current).equals(step.get(n.name()))).toList());
        }
        return layers;
    }
}
