package dev.ecslocal.simulator.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecslocal.simulator.problem.Location;
import dev.ecslocal.simulator.problem.Problem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@code aws_ecs_task_definition} of {@code terraform show -json} output (state, or a saved plan's
 * {@code planned_values}) as the RegisterTaskDefinition request the AWS provider makes of it: snake_case attributes
 * in the API's names, nested blocks (lists of one) as objects, the provider's empty values ("", [], null) as absent,
 * and {@code container_definitions}, a JSON string, decoded (docs/ecs-semantics.md §11.3).
 */
final class TerraformShow {
    static final String TASK_DEFINITION_TYPE = "aws_ecs_task_definition";

    /** The provider's attributes that RegisterTaskDefinition does not take: its own bookkeeping. */
    private static final Set<String> PROVIDER_ONLY = Set.of("arn", "arn_without_revision", "id", "revision", "skip_destroy",
            "tags_all", "track_latest", "container_definitions");

    /** Where the provider's name is not the API's in camelCase. */
    private static final Map<String, String> RENAMED = Map.of(
            "volume", "volumes",
            "placement_constraints", "placementConstraints",
            "inference_accelerator", "inferenceAccelerators",
            "size_in_gib", "sizeInGiB",
            "configure_at_launch", "configuredAtLaunch",
            "host_path", "host");

    /** Blocks that stay lists in the API; every other block is a list of at most one, an object in the API. */
    private static final Set<String> LISTS = Set.of("volume", "placement_constraints", "inference_accelerator",
            "requires_compatibilities");

    /** Maps whose keys are the user's. */
    private static final Set<String> FREE_FORM = Set.of("driver_opts", "labels", "tags");

    private TerraformShow() {
    }

    static boolean isShowOutput(JsonNode root) {
        return root.isObject() && root.has("format_version")
                && (root.path("values").isObject() || root.path("planned_values").isObject());
    }

    static Conversion read(JsonNode root, SourceMap map, ReadOptions options, ObjectMapper mapper) {
        // A saved plan holds the values the apply would give; state holds the applied ones.
        String valuesKey = root.path("planned_values").isObject() ? "planned_values" : "values";
        Map<String, JsonNode> found = new LinkedHashMap<>();
        Map<String, String> paths = new HashMap<>();
        collect(root.path(valuesKey).path("root_module"), JsonPaths.child(valuesKey, "root_module"), found, paths);
        List<String> addresses = new ArrayList<>(found.keySet());
        if (addresses.isEmpty()) {
            return refused(Problem.error(valuesKey, null, "this terraform show output has no " + TASK_DEFINITION_TYPE + " resource",
                    "Run terraform show -json in the configuration that declares the task definition (after apply, or on a "
                            + "saved plan: terraform plan -out plan && terraform show -json plan)."), map, valuesKey);
        }
        String chosen = options.resource();
        if (chosen == null && addresses.size() > 1) {
            return refused(Problem.error(valuesKey, null, "this terraform show output has " + addresses.size()
                    + " task definitions: " + String.join(", ", addresses), "Choose one with --resource " + addresses.get(0) + "."),
                    map, valuesKey);
        }
        if (chosen != null && !found.containsKey(chosen)) {
            return refused(Problem.error(valuesKey, null, "--resource " + chosen + ": no task definition has that address "
                    + "(there are " + String.join(", ", addresses) + ")", "Pass one of those."), map, valuesKey);
        }
        String address = chosen != null ? chosen : addresses.get(0);
        String resourcePath = paths.get(address);
        JsonNode values = found.get(address).path("values");
        String valuesPath = JsonPaths.child(resourcePath, "values");
        if (!values.isObject()) {
            return refused(Problem.error(resourcePath, null, address + " has no \"values\" object: this is not what "
                    + "terraform show -json writes", "Pass the output of terraform show -json as Terraform wrote it."), map, resourcePath);
        }
        Map<String, String> convertedToOriginal = new HashMap<>();
        List<Problem> problems = new ArrayList<>();
        ObjectNode definition = (ObjectNode) convert(values, valuesPath, "", true, convertedToOriginal);

        String definitionsPath = JsonPaths.child(valuesPath, "container_definitions");
        JsonNode containers = values.path("container_definitions");
        if (!containers.isTextual()) {
            problems.add(Problem.error(definitionsPath, null, address + ": container_definitions is not known "
                    + (valuesKey.equals("planned_values") ? "until apply (it depends on values the plan does not have yet)" : "in this state"),
                    "Pass the output of terraform show -json after apply, or the container definitions array itself."));
        } else {
            try {
                JsonNode array = mapper.readTree(containers.textValue());
                definition.set("containerDefinitions", array);
                convertedToOriginal.put("containerDefinitions", definitionsPath);
            } catch (JsonProcessingException e) {
                problems.add(Problem.error(definitionsPath, null, address + ": container_definitions is not valid JSON: "
                        + JsonSyntax.explain(e.getOriginalMessage()), null));
            }
        }
        if (!definition.has("family")) {
            definition.put("family", address);
        }
        SourceMap converted = map.converted(convertedToOriginal);
        List<Problem> located = problems.stream().map(p -> p.at(map.locate(p.path()).orElse(new Location(1, 1)))).toList();
        return new Conversion(containers.isTextual() && located.isEmpty() ? definition : null, converted, located);
    }

    /** Every task definition in a module and its children, by address. */
    private static void collect(JsonNode module, String path, Map<String, JsonNode> found, Map<String, String> paths) {
        JsonNode resources = module.path("resources");
        for (int i = 0; resources.isArray() && i < resources.size(); i++) {
            JsonNode resource = resources.get(i);
            if (TASK_DEFINITION_TYPE.equals(resource.path("type").asText()) && "managed".equals(resource.path("mode").asText("managed"))) {
                String address = resource.path("address").asText(TASK_DEFINITION_TYPE + "." + resource.path("name").asText());
                found.put(address, resource);
                paths.put(address, JsonPaths.element(JsonPaths.child(path, "resources"), i));
            }
        }
        JsonNode children = module.path("child_modules");
        for (int i = 0; children.isArray() && i < children.size(); i++) {
            collect(children.get(i), JsonPaths.element(JsonPaths.child(path, "child_modules"), i), found, paths);
        }
    }

    private static JsonNode convert(JsonNode node, String original, String path, boolean attributes, Map<String, String> paths) {
        paths.putIfAbsent(path, original);
        if (!node.isObject()) {
            return node;
        }
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (!attributes || isEmpty(value) || PROVIDER_ONLY.contains(name)) {
                if (!attributes) {
                    object.set(name, value); // a free-form map: its keys are the user's
                }
                continue;
            }
            String apiName = RENAMED.getOrDefault(name, camel(name));
            String childOriginal = JsonPaths.child(original, name);
            String childPath = JsonPaths.child(path, apiName);
            if (name.equals("host_path")) {
                ObjectNode host = JsonNodeFactory.instance.objectNode();
                host.set("sourcePath", value);
                paths.putIfAbsent(childPath, childOriginal);
                object.set(apiName, host);
            } else if (FREE_FORM.contains(name)) {
                object.set(apiName, convert(value, childOriginal, childPath, false, paths));
            } else if (name.equals("proxy_configuration") && value.isArray() && value.size() == 1 && value.get(0).isObject()) {
                object.set(apiName, proxy(value.get(0), JsonPaths.element(childOriginal, 0), childPath, paths));
            } else if (value.isArray() && !LISTS.contains(name) && value.size() == 1 && value.get(0).isObject()) {
                object.set(apiName, convert(value.get(0), JsonPaths.element(childOriginal, 0), childPath, true, paths));
            } else if (value.isArray()) {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                for (int i = 0; i < value.size(); i++) {
                    array.add(convert(value.get(i), JsonPaths.element(childOriginal, i), JsonPaths.element(childPath, i), true, paths));
                }
                object.set(apiName, array);
            } else {
                object.set(apiName, convert(value, childOriginal, childPath, true, paths));
            }
        }
        // The provider registers tags_all (the resource's tags merged with the provider's default_tags), when it has it.
        JsonNode tagMap = node.path("tags_all").isObject() && !node.get("tags_all").isEmpty() ? node.get("tags_all") : node.path("tags");
        if (attributes && tagMap.isObject() && !tagMap.isEmpty()) {
            ArrayNode tags = JsonNodeFactory.instance.arrayNode();
            tagMap.fields().forEachRemaining(tag -> tags.addObject().put("key", tag.getKey()).set("value", tag.getValue()));
            object.set("tags", tags);
        }
        return object;
    }

    /** {@code properties} is a map in the provider and a list of name/value pairs in the API. */
    private static JsonNode proxy(JsonNode block, String original, String path, Map<String, String> paths) {
        ObjectNode proxy = (ObjectNode) convert(block, original, path, true, paths);
        JsonNode properties = block.path("properties");
        if (properties.isObject()) {
            ArrayNode pairs = JsonNodeFactory.instance.arrayNode();
            properties.fields().forEachRemaining(p -> pairs.addObject().put("name", p.getKey()).set("value", p.getValue()));
            proxy.set("properties", pairs);
        }
        return proxy;
    }

    /** The provider writes "" for an unset string, [] for an absent block, and null for unknown or unset values. */
    private static boolean isEmpty(JsonNode value) {
        return value.isNull() || value.isTextual() && value.textValue().isEmpty() || value.isArray() && value.isEmpty()
                || value.isObject() && value.isEmpty();
    }

    static String camel(String snake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static Conversion refused(Problem problem, SourceMap map, String path) {
        return Conversion.refused(List.of(problem.at(map.locate(path).orElse(new Location(1, 1)))));
    }
}
