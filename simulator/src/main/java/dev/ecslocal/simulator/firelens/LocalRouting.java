package dev.ecslocal.simulator.firelens;

import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.Secret;
import dev.ecslocal.simulator.model.TaskDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the generated router configuration does to a record, done in process by ecs-local's stand-in for the
 * router (ECS-SEMANTICS §7.4). Each container that logs with awsfirelens has a route whose pattern is the
 * configuration's {@code Match <container>-firelens*}: a record goes through every route whose pattern its tag
 * matches, as Fluent Bit routes it ({@link TagPattern}), so a program that sends to FLUENT_HOST with the tag
 * {@code app-firelens-custom} is routed as the driver's {@code app-firelens-<task id>} is. The grep filters of
 * every matching route are applied to {@code log} (include-pattern and exclude-pattern, a match anywhere in the
 * value); the ECS metadata is added as the record_modifier filter adds it; and the output named in the
 * container's options (or by its secret log option, once the run has resolved it) is where the record would have
 * gone. Nothing is sent anywhere: the caller shows the routed records.
 */
public final class LocalRouting {
    /** A record after the filters: the container that wrote it, the output ECS's router would send it to. */
    public record Routed(String container, String output, Map<String, Object> record) {
    }

    /**
     * @param output         the plugin the options name; null when a secret names it, or none does
     * @param outputVariable the router's variable that holds the secret naming the plugin ({@code Name_1}); null
     *                       when the options name it, or none does
     */
    private record Route(String container, TagPattern match, String output, String outputVariable, Pattern include,
                         Pattern exclude) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final Map<String, String> metadata;
    /** The router's environment once the run has resolved the secret log options; empty until then. */
    private volatile Supplier<Map<String, String>> routerEnvironment = Map::of;

    private LocalRouting(Map<String, String> metadata) {
        this.metadata = metadata;
    }

    /**
     * The routing of a task that has a FireLens router.
     *
     * @throws IllegalArgumentException naming the container and the pattern when a pattern is not a regular
     *                                  expression (the real router would refuse to start)
     */
    public static LocalRouting of(TaskDefinition task, int revision, String cluster, String taskArn) {
        ContainerDefinition router = task.firelensRouter()
                .orElseThrow(() -> new IllegalArgumentException("the task has no FireLens router"));
        FirelensConfig.Type type = FirelensConfig.Type.of(router.firelensConfiguration().type());
        String outputKey = type.outputKey();
        LocalRouting routing = new LocalRouting(FirelensConfig.metadata(task, revision, cluster, taskArn, router));
        List<String> problems = new ArrayList<>();
        List<ContainerDefinition> containers = task.containerDefinitions();
        for (int index = 0; index < containers.size(); index++) {
            ContainerDefinition container = containers.get(index);
            if (!container.usesAwsFirelens() || container == router) {
                continue;
            }
            Map<String, String> options = container.logConfiguration().options();
            // The agent merges secretOptions over the options: a secret named Name (or @type) names the plugin.
            String outputVariable = null;
            for (Secret secret : container.logConfiguration().secretOptions()) {
                if (secret.name().equals(outputKey)) {
                    outputVariable = FirelensConfig.secretVariable(secret, index);
                }
            }
            routing.routes.add(new Route(container.name(), TagPattern.of(FirelensConfig.match(container.name(), type)),
                    outputVariable == null ? options.get(outputKey) : null, outputVariable,
                    pattern(container, FirelensConfig.INCLUDE_PATTERN, problems),
                    pattern(container, FirelensConfig.EXCLUDE_PATTERN, problems)));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return routing;
    }

    /**
     * Where the outputs that a secret log option names are read once the run has resolved the secrets: the router's
     * environment, as the real router reads {@code ${Name_1}} from it.
     */
    public void outputsNamedBy(Supplier<Map<String, String>> routerEnvironment) {
        this.routerEnvironment = java.util.Objects.requireNonNull(routerEnvironment, "routerEnvironment");
    }

    private static Pattern pattern(ContainerDefinition container, String option, List<String> problems) {
        String regex = container.logConfiguration().options().get(option);
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            problems.add("containerDefinitions \"" + container.name() + "\" › logConfiguration.options." + option + " \""
                    + regex + "\" is not a regular expression (" + e.getDescription() + " near index " + e.getIndex()
                    + "); the log router would refuse its configuration");
            return null;
        }
    }

    /** The name of the task's container whose route the tag matches first; null when it matches none. */
    public String containerOf(String tag) {
        for (Route route : routes) {
            if (route.match().matches(tag)) {
                return route.container();
            }
        }
        return null;
    }

    /**
     * The record as the router would pass it on, once for each output whose pattern its tag matches; empty when a
     * grep filter of a matching route drops it. A record whose tag matches no route (another tag a program chose)
     * is passed on once as it came, labelled with its tag, without output.
     */
    public List<Routed> route(ForwardRecord record) {
        List<Route> matching = matching(record.tag());
        Map<String, Object> fields = new LinkedHashMap<>(record.record());
        String log = String.valueOf(fields.getOrDefault("log", ""));
        for (Route route : matching) {
            if (route.include() != null && !route.include().matcher(log).find()) {
                return List.of();
            }
            if (route.exclude() != null && route.exclude().matcher(log).find()) {
                return List.of();
            }
        }
        fields.putAll(metadata);
        if (matching.isEmpty()) {
            return List.of(routed(record.tag(), null, fields));
        }
        List<Routed> routed = new ArrayList<>();
        for (Route route : matching) {
            String output = output(route);
            if (output != null) {
                routed.add(routed(route.container(), output, fields));
            }
        }
        // Matched, and no output of its own (a container with no options): shown once, under the first container.
        return routed.isEmpty() ? List.of(routed(matching.get(0).container(), null, fields)) : List.copyOf(routed);
    }

    /**
     * A record a real router has already filtered and tagged, forwarded by the local output that stands in for
     * the container's own (see {@link FirelensConfig#local}): only named, since the router's configuration,
     * custom files included, did the rest.
     */
    public Routed forwarded(ForwardRecord record) {
        List<Route> matching = matching(record.tag());
        return matching.isEmpty() ? routed(record.tag(), null, record.record())
                : routed(matching.get(0).container(), output(matching.get(0)), record.record());
    }

    private List<Route> matching(String tag) {
        return routes.stream().filter(route -> route.match().matches(tag)).toList();
    }

    private String output(Route route) {
        return route.outputVariable() == null ? route.output() : routerEnvironment.get().get(route.outputVariable());
    }

    private static Routed routed(String container, String output, Map<String, Object> fields) {
        // Docker writes the fields in Go's random map order: sorted, the same record always reads the same.
        return new Routed(container, output, new java.util.TreeMap<>(fields));
    }
}
