package dev.ecslocal.simulator.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.problem.Location;
import dev.ecslocal.simulator.problem.Problem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a task definition the way people keep it, telling the shape from the content (ECS-SEMANTICS
 * §11): RegisterTaskDefinition JSON, describe-task-definition output (wrapped or not), or a Terraform
 * {@code container_definitions} array. Files that are something else (a template, YAML, CloudFormation,
 * broken JSON) are refused with one problem that says what the file is and what to do.
 */
public final class TaskDefinitionReader {

    /** Fields describe-task-definition adds that RegisterTaskDefinition does not take: accepted and ignored. */
    static final Set<String> DESCRIBE_READ_ONLY_FIELDS = Set.of("taskDefinitionArn", "revision", "status",
            "requiresAttributes", "compatibilities", "registeredAt", "registeredBy", "deregisteredAt");

    private static final String RENDER_HINT = "Render the template first (terraform console, envsubst, your CI's "
            + "templating), or run `aws ecs describe-task-definition --task-definition FAMILY` against the "
            + "registered definition and pass its output.";
    private static final String SHAPES = "ecs-local reads RegisterTaskDefinition JSON, describe-task-definition "
            + "output, or a Terraform container_definitions array.";
    private static final Pattern YAML_START = Pattern.compile(
            "\\A(---|%YAML|#|[A-Za-z_][A-Za-z0-9_ -]*:(\\s|$))");

    /**
     * One mapper for the process: Jackson builds a deserializer for each of the model's ~40 records the
     * first time it meets it, and caches it in the mapper. That first time costs ~250 ms of a cold start,
     * which is why {@link dev.ecslocal.simulator.validate.TaskDefinitionCheck#prepare()} exists.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();
    private static final TypeReference<List<ContainerDefinition>> CONTAINER_LIST = new TypeReference<>() { };

    private final ObjectMapper mapper = MAPPER;

    public ReadResult read(Path file, String familyOverride) throws IOException {
        return read(text(Files.readAllBytes(file)), file, familyOverride);
    }

    /**
     * A file's text: UTF-8 (with or without its byte-order mark), or UTF-16 with one (what Windows PowerShell's
     * {@code >} writes).
     *
     * @throws IOException in words a user can act on, when the bytes are neither
     */
    static String text(byte[] bytes) throws IOException {
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException("it is not UTF-8 text (nor UTF-16 with a byte-order mark): save it as UTF-8");
        }
    }

    public ReadResult read(String text, Path file, String familyOverride) {
        String json = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (json.isBlank()) {
            return refused(Problem.error("", null, "the file is empty", SHAPES));
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return refused(notJson(json, file, e));
        }
        SourceMap sourceMap;
        try {
            sourceMap = SourceMap.of(mapper.getFactory(), json);
        } catch (IOException e) {
            sourceMap = SourceMap.empty();
        }
        return readDocument(root, file, familyOverride, sourceMap);
    }

    private ReadResult readDocument(JsonNode root, Path file, String familyOverride, SourceMap sourceMap) {
        Shape shape;
        JsonNode definition;
        List<Problem> problems = new ArrayList<>();
        if (root.isArray()) {
            shape = Shape.TERRAFORM;
            definition = root;
        } else if (!root.isObject()) {
            return refused(Problem.error("", null, "the file holds a single JSON value, not a task definition", SHAPES));
        } else if (root.has("AWSTemplateFormatVersion") || root.has("Resources") || root.has("ContainerDefinitions")) {
            return refused(Problem.error("", null, "this is a CloudFormation template, not a task definition",
                    "Deploy it and pass the output of `aws ecs describe-task-definition --task-definition FAMILY`, "
                            + "or write the Properties of the AWS::ECS::TaskDefinition as RegisterTaskDefinition JSON "
                            + "(camelCase keys). " + SHAPES));
        } else if (root.path("taskDefinition").isObject()) {
            shape = Shape.DESCRIBE_WRAPPED;
            definition = root.get("taskDefinition");
            root.fieldNames().forEachRemaining(name -> {
                if (!name.equals("taskDefinition") && !name.equals("tags")) {
                    problems.add(Problem.warning(name, null, "unknown field \"" + name + "\" beside taskDefinition",
                            "ecs-local ignores it."));
                }
            });
        } else if (root.has("containerDefinitions") || root.has("family")) {
            definition = root;
            shape = DESCRIBE_READ_ONLY_FIELDS.stream().anyMatch(root::has) ? Shape.DESCRIBE : Shape.REGISTER;
        } else if (root.has("name") && root.has("image")) {
            return refused(Problem.error("", null, "this is a single container definition, not a task definition",
                    "Put it in a task definition's containerDefinitions, or inside [ ] to read it as a Terraform "
                            + "container_definitions array."));
        } else {
            return refused(Problem.error("", null,
                    "this JSON is not a task definition: it has no \"containerDefinitions\"", SHAPES));
        }

        int revision = definition.path("revision").canConvertToInt()
                ? definition.path("revision").asInt() : TaskDefinitionSource.FIRST_REVISION;
        TaskDefinitionSource source = new TaskDefinitionSource(file, shape, revision, sourceMap);

        Optional<TemplatePlaceholders.Placeholder> placeholder = TemplatePlaceholders.firstInValues(definition, "", false);
        if (placeholder.isPresent()) {
            String path = shape == Shape.TERRAFORM ? "containerDefinitions" + placeholder.get().path() : placeholder.get().path();
            return new ReadResult(source, null, List.of(templateProblem(placeholder.get().text(), path)
                    .at(source.locate(path).orElse(null))));
        }

        TaskDefinition taskDefinition;
        BindingProblems binding = new BindingProblems(shape == Shape.TERRAFORM ? "containerDefinitions" : "");
        try {
            if (shape == Shape.TERRAFORM) {
                List<ContainerDefinition> containers = mapper.readerFor(CONTAINER_LIST)
                        .withHandler(binding).readValue(definition);
                taskDefinition = TaskDefinition.ofContainers(null, containers);
            } else {
                ObjectNode writable = ((ObjectNode) definition).deepCopy();
                writable.remove(DESCRIBE_READ_ONLY_FIELDS);
                taskDefinition = mapper.readerFor(TaskDefinition.class).withHandler(binding).readValue(writable);
            }
        } catch (IOException e) {
            problems.addAll(binding.problems());
            problems.add(bindingFailure(e, shape));
            return new ReadResult(source, null, locate(problems, source));
        }
        problems.addAll(binding.problems());

        if (familyOverride != null) {
            taskDefinition = taskDefinition.withFamily(familyOverride);
        } else if (shape == Shape.TERRAFORM) {
            taskDefinition = taskDefinition.withFamily(familyFromFileName(file));
        }
        return new ReadResult(source, taskDefinition, locate(problems, source));
    }

    /**
     * Terraform keeps the family in HCL, not in the array: take it from the file name, without any
     * extension ({@code api.json.tpl} gives {@code api}). {@code --family} overrides it.
     */
    static String familyFromFileName(Path file) {
        if (file == null || file.getFileName() == null) {
            return null;
        }
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static List<Problem> locate(List<Problem> problems, TaskDefinitionSource source) {
        return problems.stream()
                .map(p -> p.location() != null ? p : p.at(source.locate(p.path()).orElse(null)))
                .toList();
    }

    private static Problem templateProblem(String placeholder, String path) {
        return Problem.error(path, null, "this file is a template: render it first (found the placeholder "
                + placeholder + ")", RENDER_HINT);
    }

    private static Problem notJson(String json, Path file, JsonProcessingException e) {
        String name = file == null || file.getFileName() == null ? "" : file.getFileName().toString();
        if (name.endsWith(".yml") || name.endsWith(".yaml") || YAML_START.matcher(json.stripLeading()).lookingAt()) {
            String what = json.contains("AWS::ECS::TaskDefinition") ? "a CloudFormation template in YAML"
                    : "YAML (an ecs-cli or compose file?)";
            return Problem.error("", null, "this file is " + what + ", not a task definition in JSON",
                    SHAPES + " Export the registered definition with "
                    + "`aws ecs describe-task-definition --task-definition FAMILY > taskdef.json`.");
        }
        Optional<TemplatePlaceholders.Placeholder> placeholder = TemplatePlaceholders.firstInText(json);
        if (placeholder.isPresent()) {
            return templateProblem(placeholder.get().text(), "").at(placeholder.get().location());
        }
        JsonLocation at = e.getLocation();
        Location location = at == null ? null : new Location(at.getLineNr(), at.getColumnNr());
        return Problem.error("", null, "not valid JSON: " + JsonSyntax.explain(e.getOriginalMessage()), null)
                .at(location);
    }

    private static Problem bindingFailure(IOException e, Shape shape) {
        String path = "";
        if (e instanceof JsonMappingException mapping) {
            StringBuilder built = new StringBuilder(shape == Shape.TERRAFORM ? "containerDefinitions" : "");
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                String next = reference.getFieldName() != null
                        ? JsonPaths.child(built.toString(), reference.getFieldName())
                        : JsonPaths.element(built.toString(), reference.getIndex());
                built.setLength(0);
                built.append(next);
            }
            path = built.toString();
        }
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return Problem.error(path, null, "cannot read this value: " + JsonSyntax.explain(message), null);
    }

    /** A file refused as a whole: located at its start unless the problem knows better, so that every problem has a line. */
    private static ReadResult refused(Problem problem) {
        return new ReadResult(null, null, List.of(problem.location() != null ? problem : problem.at(new Location(1, 1))));
    }
}
