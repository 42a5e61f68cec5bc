package dev.ecslocal.simulator.platform;

import dev.ecslocal.simulator.model.KeyValuePair;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's environment as the agent builds it (ECS-SEMANTICS §9.3), highest first: what the agent injects
 * (metadata and credentials URIs, FLUENT_HOST/PORT), then {@code secrets}, then {@code environment}, then the
 * {@code environmentFiles} (they only fill gaps), then the region (only when nothing sets AWS_REGION or
 * AWS_DEFAULT_REGION, the image's ENV included), then the image's ENV (Docker puts the container's over it).
 *
 * @param environment     what the container is created with, in the order the layers gave the names
 * @param unlessImageSets the region variables, to set only when the image's ENV sets neither (Docker knows the
 *                        image's ENV; the spec cannot)
 */
public record ContainerEnvironment(Map<String, String> environment, Map<String, String> unlessImageSets) {
    public static final List<String> REGION_VARIABLES = List.of("AWS_REGION", "AWS_DEFAULT_REGION");

    public ContainerEnvironment {
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        unlessImageSets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(unlessImageSets));
    }

    /**
     * @param injected      the agent's variables
     * @param secrets       the container's {@code secrets}, resolved
     * @param backend       what ECS's backend adds to the definition's environment (AWS_EXECUTION_ENV): the
     *                      definition's own entries win over it
     * @param environment   the definition's {@code environment}, in order (a repeated name: the last wins)
     * @param files         the {@code environmentFiles}, merged (first file wins)
     * @param region        the task's region; null: none to add
     */
    public static ContainerEnvironment of(Map<String, String> injected, Map<String, String> secrets, Map<String, String> backend,
                                          List<KeyValuePair> environment, Map<String, String> files, String region) {
        Map<String, String> merged = new LinkedHashMap<>(files);
        merged.putAll(backend);
        for (KeyValuePair pair : environment) {
            if (pair.name() != null) {
                merged.put(pair.name(), pair.value() == null ? "" : pair.value());
            }
        }
        merged.putAll(secrets);
        merged.putAll(injected);
        Map<String, String> regional = new LinkedHashMap<>();
        if (region != null && REGION_VARIABLES.stream().noneMatch(merged::containsKey)) {
            REGION_VARIABLES.forEach(name -> regional.put(name, region));
        }
        return new ContainerEnvironment(merged, regional);
    }

    /** {@code NAME=value}, as Docker takes an environment. */
    public List<String> entries() {
        return environment.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue()).toList();
    }
}
