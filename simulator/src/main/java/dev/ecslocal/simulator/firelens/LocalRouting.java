package dev.ecslocal.simulator.firelens;

import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.TaskDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the generated router configuration does to a record, done in process by ecs-local's stand-in for the
 * router (ECS-SEMANTICS §7.4): the record's tag ({@code <container>-firelens-<task id>}) names its container;
 * that container's include-pattern and exclude-pattern are matched against {@code log}, as Fluent Bit's grep
 * filter does (a match anywhere in the value); the ECS metadata is added as the record_modifier filter adds it;
 * and the output named in the container's options is where the record would have gone. Nothing is sent
 * anywhere: the caller shows the routed record.
 */
public final class LocalRouting {
    /** A record after the filters: the container that wrote it, the output ECS's router would send it to. */
    public record Routed(String container, String output, Map<String, Object> record) {
    }

    private record Route(String container, String output, Pattern include, Pattern exclude) {
    }

    private final Map<String, Route> byTag = new LinkedHashMap<>();
    private final Map<String, String> metadata;

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
        String outputKey = FirelensConfig.Type.of(router.firelensConfiguration().type()).outputKey();
        LocalRouting routing = new LocalRouting(FirelensConfig.metadata(task, revision, cluster, taskArn, router));
        String taskId = taskArn.substring(taskArn.lastIndexOf('/') + 1);
        List<String> problems = new ArrayList<>();
        for (ContainerDefinition container : task.containerDefinitions()) {
            if (!container.usesAwsFirelens() || container == router) {
                continue;
            }
            Map<String, String> options = container.logConfiguration().options();
            String output = options.get(outputKey);
            routing.byTag.put(FirelensConfig.tag(container.name(), taskId), new Route(container.name(), output,
                    pattern(container, FirelensConfig.INCLUDE_PATTERN, problems),
                    pattern(container, FirelensConfig.EXCLUDE_PATTERN, problems)));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return routing;
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

    /**
     * The record as the router would pass it on, or empty when a grep filter drops it. A record whose tag names
     * no container of the task (another sender on the port) is passed on as it came, without output.
     */
    public Optional<Routed> route(ForwardRecord record) {
        Route route = byTag.get(record.tag());
        Map<String, Object> fields = new LinkedHashMap<>(record.record());
        if (route != null) {
            String log = String.valueOf(fields.getOrDefault("log", ""));
            if (route.include() != null && !route.include().matcher(log).find()) {
                return Optional.empty();
            }
            if (route.exclude() != null && route.exclude().matcher(log).find()) {
                return Optional.empty();
            }
        }
        fields.putAll(metadata);
        return Optional.of(routed(record.tag(), route, fields));
    }

    /**
     * A record a real router has already filtered and tagged, forwarded by the local output that stands in for
     * the container's own (see {@link FirelensConfig#local}): only named, since the router's configuration,
     * custom files included, did the rest.
     */
    public Routed forwarded(ForwardRecord record) {
        return routed(record.tag(), byTag.get(record.tag()), record.record());
    }

    private static Routed routed(String tag, Route route, Map<String, Object> fields) {
        // Docker writes the fields in Go's random map order: sorted, the same record always reads the same.
        return new Routed(route == null ? tag : route.container(), route == null ? null : route.output(),
                new java.util.TreeMap<>(fields));
    }
}
