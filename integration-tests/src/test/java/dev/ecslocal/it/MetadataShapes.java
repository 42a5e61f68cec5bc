package dev.ecslocal.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The team's shapes of the task metadata endpoint v4 ({@code metadata/v4-shapes.json}, whose "about" gives the grammar),
 * and the check of an answer against one: every problem at once, each with its JSON path.
 */
final class MetadataShapes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode shapes;
    private final JsonNode runs;

    private MetadataShapes(JsonNode root) {
        this.shapes = root.path("shapes");
        this.runs = root.path("runs");
    }

    static MetadataShapes load() throws IOException {
        try (InputStream in = MetadataShapes.class.getResourceAsStream("/metadata/v4-shapes.json")) {
            return new MetadataShapes(JSON.readTree(in));
        }
    }

    /** What a run's route should look like: {@code runs.<run>.<route>} ("container", "task", "stats", "taskStats"). */
    JsonNode route(String run, String route) {
        JsonNode type = runs.path(run).path(route);
        if (type.isMissingNode()) {
            throw new IllegalArgumentException("no shape for " + run + " " + route);
        }
        return type;
    }

    JsonNode run(String run) {
        return runs.path(run);
    }

    /** The problems of {@code actual} against {@code type}; none when it has the shape. */
    List<String> check(JsonNode actual, JsonNode type, String path) {
        List<String> problems = new ArrayList<>();
        check(actual, type, path, problems);
        return problems;
    }

    private void check(JsonNode actual, JsonNode type, String path, List<String> problems) {
        if (type.isTextual()) {
            String word = type.asText();
            if (word.startsWith("#")) {
                check(actual, shape(word), path, problems);
            } else if (word.endsWith("[]")) {
                if (!actual.isArray() || actual.isEmpty()) {
                    problems.add(path + ": expected a non-empty array, found " + actual);
                    return;
                }
                for (int i = 0; i < actual.size(); i++) {
                    check(actual.get(i), JSON.getNodeFactory().textNode(word.substring(0, word.length() - 2)), path + "[" + i + "]", problems);
                }
            } else if (!is(actual, word)) {
                problems.add(path + ": expected " + word + ", found " + actual);
            }
            return;
        }
        checkObject(actual, type, path, problems);
    }

    private void checkObject(JsonNode actual, JsonNode type, String path, List<String> problems) {
        if (type.has("each")) {
            if (!actual.isArray() || actual.isEmpty()) {
                problems.add(path + ": expected a non-empty array, found " + actual);
                return;
            }
            JsonNode each = type.get("each");
            for (int i = 0; i < actual.size(); i++) {
                JsonNode element = actual.get(i);
                JsonNode elementType = each;
                if (each.has("byField")) {
                    String value = element.path(each.get("byField").asText()).asText();
                    elementType = each.path("cases").path(value);
                    if (elementType.isMissingNode()) {
                        problems.add(path + "[" + i + "]: " + each.get("byField").asText() + " " + value + " is not one of "
                                + each.path("cases").properties().stream().map(Map.Entry::getKey).toList());
                        continue;
                    }
                }
                check(element, elementType, path + "[" + i + "]", problems);
            }
            return;
        }
        if (!actual.isObject()) {
            problems.add(path + ": expected an object, found " + actual);
            return;
        }
        List<JsonNode> layers = new ArrayList<>();
        for (JsonNode layer = type; layer != null; layer = layer.has("extends") ? shape(layer.get("extends").asText()) : null) {
            layers.add(layer);
        }
        List<String> known = new ArrayList<>();
        for (JsonNode layer : layers) {
            // The most specific layer (first) wins: a field it requires is not also held absent by what it extends.
            for (Map.Entry<String, JsonNode> field : layer.path("required").properties()) {
                if (known.contains(field.getKey())) {
                    continue;
                }
                known.add(field.getKey());
                if (!actual.has(field.getKey())) {
                    problems.add(path + "." + field.getKey() + ": missing");
                } else {
                    check(actual.get(field.getKey()), field.getValue(), path + "." + field.getKey(), problems);
                }
            }
            for (Map.Entry<String, JsonNode> field : layer.path("optional").properties()) {
                if (known.contains(field.getKey())) {
                    continue;
                }
                known.add(field.getKey());
                if (actual.has(field.getKey())) {
                    check(actual.get(field.getKey()), field.getValue(), path + "." + field.getKey(), problems);
                }
            }
            for (JsonNode absent : layer.path("absent")) {
                if (!known.contains(absent.asText()) && actual.has(absent.asText())) {
                    problems.add(path + "." + absent.asText() + ": must be absent, found " + actual.get(absent.asText()));
                }
            }
            for (JsonNode absent : layer.path("absent")) {
                if (!known.contains(absent.asText())) {
                    known.add(absent.asText());
                }
            }
        }
        for (JsonNode key : type.path("keys")) {
            if (!actual.has(key.asText())) {
                problems.add(path + "." + key.asText() + ": missing");
            }
        }
        String forbidden = type.path("noKeyStartsWith").asText(null);
        for (Iterator<String> names = actual.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (forbidden != null && name.startsWith(forbidden)) {
                problems.add(path + "." + name + ": no key may start with " + forbidden);
            }
            if (type.has("values")) {
                check(actual.get(name), type.get("values"), path + "." + name, problems);
            } else if (type.path("closed").asBoolean() && !known.contains(name)) {
                problems.add(path + "." + name + ": not in the shape (found " + actual.get(name) + ")");
            }
        }
    }

    private JsonNode shape(String reference) {
        JsonNode shape = shapes.path(reference.substring(1));
        if (shape.isMissingNode()) {
            throw new IllegalArgumentException("no shape " + reference);
        }
        return shape;
    }

    private static boolean is(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "arn" -> value.isTextual() && value.asText().startsWith("arn:");
            case "timestamp" -> value.isTextual() && value.asText().endsWith("Z") && parses(value.asText());
            default -> throw new IllegalArgumentException("no type " + type);
        };
    }

    private static boolean parses(String time) {
        try {
            Instant.parse(time);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
