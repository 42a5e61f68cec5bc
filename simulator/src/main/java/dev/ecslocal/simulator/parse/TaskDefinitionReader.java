package dev.ecslocal.simulator.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * Reads a task definition the way people keep it, telling the shape from the content (docs/ecs-semantics.md §11):
 * RegisterTaskDefinition JSON or YAML, describe-task-definition output (wrapped or not), a Terraform
 * {@code container_definitions} array or {@code terraform show -json} output, a CloudFormation template (CDK's and
 * Copilot's included) or its bare Properties. Files that are something else (an unrendered template, a Compose file,
 * a Copilot manifest, broken JSON or YAML) are refused with one problem that says what the file is and what to do.
 */
public final class TaskDefinitionReader {

    /** Fields describe-task-definition adds that RegisterTaskDefinition does not take: accepted and ignored. */
    static final Set<String> DESCRIBE_READ_ONLY_FIELDS = Set.of("taskDefinitionArn", "revision", "status",
            "requiresAttributes", "compatibilities", "registeredAt", "registeredBy", "deregisteredAt");

    private static final String RENDER_HINT = "Render the template first (terraform console, envsubst, your CI's "
            + "templating), or run `aws ecs describe-task-definition --task-definition FAMILY` against the "
            + "registered definition and pass its output.";
    private static final String SHAPES = "ecs-local reads RegisterTaskDefinition JSON or YAML, describe-task-definition "
            + "output, CloudFormation templates (CDK's and Copilot's too), terraform show -json output, or a Terraform "
            + "container_definitions array.";
    /** Copilot manifests' {@code type}s: a manifest is rendered by Copilot, not read by ECS. */
    private static final Set<String> COPILOT_TYPES = Set.of("Load Balanced Web Service", "Backend Service",
            "Worker Service", "Request-Driven Web Service", "Static Site", "Scheduled Job");

    /**
     * One mapper for the process: Jackson builds a deserializer for each of the model's ~40 records the
     * first time it meets it, and caches it in the mapper. That first time costs ~250 ms of a cold start,
     * which is why {@link dev.ecslocal.simulator.validate.TaskDefinitionCheck#prepare()} exists.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private final ObjectMapper mapper = MAPPER;

    public ReadResult read(Path file, ReadOptions options) throws IOException {
        return read(text(Files.readAllBytes(file)), file, options);
    }

    /**
     * A file's text: UTF-8 (with or without its byte-order mark), or UTF-16 with one (what Windows PowerShell's
     * {@code >} writes).
     *
     * @throws IOException in words a user can act on, when the bytes are neither
     */
    public static String text(byte[] bytes) throws IOException {
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

    /**
     * Reads JSON, or YAML when the text is not JSON and reads as YAML (a file named .yaml or .yml, or one that does not
     * start as JSON does).
     */
    public ReadResult read(String text, Path file, ReadOptions given) {
        ReadOptions options = given == null ? ReadOptions.DEFAULT : given;
        String json = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (json.isBlank()) {
            return refused(Problem.error("", null, "the file is empty", SHAPES));
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            if (looksLikeYaml(json)) {
                return readYaml(json, file, options);
            }
            return refused(notJson(json, e));
        }
        SourceMap sourceMap;
        try {
            sourceMap = SourceMap.of(mapper.getFactory(), json);
        } catch (IOException e) {
            sourceMap = SourceMap.empty();
        }
        return recognise(root, false, file, options, sourceMap);
    }

    /**
     * The answer of ecs:DescribeTaskDefinition for a definition registered in the user's account, as the API gives it:
     * {@code {"taskDefinition": {…}, "tags": […]}}. There is no file: its problems are located by JSON path alone.
     */
    public ReadResult readRegistered(String response) {
        JsonNode root;
        try {
            root = mapper.readTree(response);
        } catch (JsonProcessingException e) {
            return new ReadResult(null, null, List.of(Problem.error("", null, "the answer of ecs:DescribeTaskDefinition is not "
                    + "JSON: " + JsonSyntax.explain(e.getOriginalMessage()), null)));
        }
        if (root == null || !root.path("taskDefinition").isObject()) {
            return new ReadResult(null, null, List.of(Problem.error("", null, "the answer of ecs:DescribeTaskDefinition holds "
                    + "no taskDefinition", null)));
        }
        return readDocument(root, Shape.REGISTERED, null, ReadOptions.DEFAULT, SourceMap.empty(), List.of());
    }

    private ReadResult readYaml(String text, Path file, ReadOptions options) {
        YamlDocument.Read yaml = YamlDocument.read(text);
        String name = file == null || file.getFileName() == null ? "" : file.getFileName().toString();
        if (yaml.root() == null && (name.endsWith(".jsonnet") || name.endsWith(".libsonnet") || text.contains("std.extVar("))) {
            return refused(Problem.error("", null, "this is Jsonnet, a template of JSON: render it first",
                    "jsonnet " + (name.isEmpty() ? "FILE" : name) + " > taskdef.json (with ecspresso: ecspresso render "
                            + "taskdef > taskdef.json), then pass taskdef.json."));
        }
        if (yaml.root() == null) {
            Location at = yaml.problems().isEmpty() ? null : yaml.problems().get(0).location();
            Optional<TemplatePlaceholders.Placeholder> placeholder = at == null ? Optional.empty()
                    : TemplatePlaceholders.onLine(text, at.line());
            if (placeholder.isPresent()) {
                return refused(templateProblem(placeholder.get().text(), "").at(placeholder.get().location()));
            }
            return new ReadResult(null, null, yaml.problems());
        }
        if (yaml.problems().stream().anyMatch(Problem::isError)) {
            return new ReadResult(null, null, yaml.problems());
        }
        return recognise(yaml.root(), true, file, options, yaml.sourceMap());
    }

    /**
     * Tells what the document is. Other tools' formats (CloudFormation, terraform show) are converted to the request
     * ECS would get from them, with a source map that still points into the file; then the task definition is bound.
     */
    private ReadResult recognise(JsonNode root, boolean yaml, Path file, ReadOptions options, SourceMap sourceMap) {
        List<Problem> notes = new ArrayList<>();
        if (root.isTextual()) {
            Optional<JsonNode> decoded = decodedString(root.textValue());
            if (decoded.isEmpty() && yaml && root.textValue().contains("aws_ecs_task_definition")) {
                return refused(Problem.error("", null, "this is Terraform configuration (HCL), not a task definition",
                        "Pass what Terraform makes of it: terraform show -json (after apply, or on a saved plan: terraform "
                                + "plan -out plan && terraform show -json plan > plan.json), or the container_definitions array."));
            }
            if (decoded.isEmpty()) {
                return refused(Problem.error("", null, yaml ? "this text is neither JSON nor YAML that holds a task definition"
                        : "the file holds a single JSON value, not a task definition", SHAPES));
            }
            root = decoded.get();
            sourceMap = SourceMap.empty();
            notes.add(Problem.warning("", null, "the file holds a task definition inside a JSON string (as `terraform output "
                    + "-json` writes one): ecs-local decoded it", "To write the array itself: terraform output -raw NAME, "
                    + "or jq -r . on this file.").at(new Location(1, 1)));
        }
        Optional<Problem> otherTool = otherToolsFile(root);
        if (otherTool.isPresent()) {
            return refused(otherTool.get());
        }
        if ((options.resource() != null) && !CloudFormationTemplate.isTemplate(root) && !TerraformShow.isShowOutput(root)) {
            return refused(Problem.error("", null, "--resource " + options.resource() + " chooses a resource of a "
                    + "CloudFormation template or of terraform show output, and this file is neither", "Drop --resource."));
        }
        if (!options.parameters().isEmpty() && !CloudFormationTemplate.isTemplate(root) && !CloudFormationTemplate.isProperties(root)) {
            return refused(Problem.error("", null, "--parameter gives a CloudFormation template's parameters, and this file "
                    + "is not a template", "Drop --parameter."));
        }
        if (options.setsTaskLevel() && !root.isArray()) {
            return refused(Problem.error("", null, "--network-mode, --cpu, --memory, --requires-compatibilities and --volume "
                    + "give a Terraform container_definitions array the task level its .tf sets; this file has its own",
                    "Drop those options, or change the file."));
        }
        Shape converter = CloudFormationTemplate.isTemplate(root) ? Shape.CLOUDFORMATION
                : TerraformShow.isShowOutput(root) ? Shape.TERRAFORM_SHOW
                : CloudFormationTemplate.isProperties(root) ? Shape.CLOUDFORMATION_PROPERTIES : null;
        if (converter != null) {
            Conversion converted = switch (converter) {
                case CLOUDFORMATION -> CloudFormationTemplate.fromTemplate(root, sourceMap, options);
                case TERRAFORM_SHOW -> TerraformShow.read(root, sourceMap, options, mapper);
                default -> CloudFormationTemplate.fromProperties(root, sourceMap, options);
            };
            notes.addAll(converted.problems());
            if (converted.definition() == null || notes.stream().anyMatch(Problem::isError)) {
                return new ReadResult(null, null, notes);
            }
            return readDocument(converted.definition(), converter, file, options, converted.sourceMap(), notes);
        }
        return readDocument(root, yaml ? Shape.REGISTER_YAML : null, file, options, sourceMap, notes);
    }

    /** A JSON string that holds a task definition or an array of containers; empty for any other string. */
    private Optional<JsonNode> decodedString(String text) {
        String trimmed = text.strip();
        if (!(trimmed.startsWith("[") || trimmed.startsWith("{"))) {
            return Optional.empty();
        }
        try {
            JsonNode decoded = mapper.readTree(trimmed);
            return decoded.isContainerNode() ? Optional.of(decoded) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Files of tools that are not task definitions, with the one command that turns each into one. */
    private static Optional<Problem> otherToolsFile(JsonNode root) {
        if (!root.isObject()) {
            return Optional.empty();
        }
        String type = root.path("type").asText("");
        if (COPILOT_TYPES.contains(type) && root.has("name")) {
            String name = root.path("name").asText("NAME");
            String kind = type.equals("Scheduled Job") ? "job" : "svc";
            return Optional.of(Problem.error("", null, "this is an AWS Copilot manifest (" + type + "), not a task definition",
                    "Render it to the CloudFormation template Copilot deploys, then pass that: copilot " + kind + " package --name "
                            + name + " --env ENV --output-dir ./copilot-out, then ecs-local run ./copilot-out/" + name
                            + "-ENV.stack.yml --parameter ... (its parameter values are in ./copilot-out/" + name
                            + "-ENV.params.json)."));
        }
        if (root.path("services").isObject() && !root.has("containerDefinitions")) {
            return Optional.of(Problem.error("", null, "this is a Compose file, not a task definition", SHAPES
                    + " To run a Compose file, use docker compose up."));
        }
        if (root.path("task_definition").isObject() || root.path("run_params").isObject()) {
            return Optional.of(Problem.error("", null, "this is an ecs-cli ecs-params file, not a task definition",
                    "Export the registered definition with `aws ecs describe-task-definition --task-definition FAMILY > "
                            + "taskdef.json`. " + SHAPES));
        }
        return Optional.empty();
    }

    /**
     * Text that is not JSON is read as YAML unless it starts as JSON does: then the JSON error is the one to say (a
     * trailing comma in a .template file is a JSON mistake, whatever the name).
     */
    private static boolean looksLikeYaml(String text) {
        String start = text.stripLeading();
        return !(start.startsWith("{") || start.startsWith("[") || start.startsWith("\""));
    }

    /**
     * @param known the shape when the reader converted the document (CloudFormation, terraform show) or read YAML;
     *              null: tell it from the content
     * @param notes what was said on the way (conversions, stand-ins), kept ahead of the binding's problems
     */
    private ReadResult readDocument(JsonNode root, Shape known, Path file, ReadOptions options, SourceMap sourceMap,
                                    List<Problem> notes) {
        Shape shape;
        JsonNode definition;
        String familyOverride = options.family();
        List<Problem> problems = new ArrayList<>(notes);
        if (known != null && known != Shape.REGISTER_YAML && known != Shape.REGISTERED) {
            shape = known;
            definition = root;
        } else if (root.isArray()) {
            shape = Shape.TERRAFORM;
            definition = root;
        } else if (!root.isObject()) {
            return refused(Problem.error("", null, "the file holds a single JSON value, not a task definition", SHAPES));
        } else if (root.path("taskDefinition").isObject()) {
            shape = known == Shape.REGISTERED ? Shape.REGISTERED : Shape.DESCRIBE_WRAPPED;
            definition = withTags(root);
            root.fieldNames().forEachRemaining(name -> {
                if (!name.equals("taskDefinition") && !name.equals("tags")) {
                    problems.add(Problem.warning(name, null, "unknown field \"" + name + "\" beside taskDefinition",
                            "ecs-local ignores it."));
                }
            });
        } else if (root.has("containerDefinitions") || root.has("family")) {
            definition = root;
            shape = known == Shape.REGISTER_YAML ? Shape.REGISTER_YAML
                    : DESCRIBE_READ_ONLY_FIELDS.stream().anyMatch(root::has) ? Shape.DESCRIBE : Shape.REGISTER;
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
        String registeredArn = definition.path("taskDefinitionArn").isTextual()
                && definition.path("taskDefinitionArn").asText().startsWith("arn:") ? definition.path("taskDefinitionArn").asText() : null;
        TaskDefinitionSource source = new TaskDefinitionSource(file, shape, revision, sourceMap, registeredArn);

        // A placeholder in a string value is registered as written: a warning that says what run will need. Not in what
        // CloudFormation made: it is rendered (a ${…} outside Fn::Sub is literal there), and its dynamic references are
        // said by the converter.
        boolean cloudFormation = shape == Shape.CLOUDFORMATION || shape == Shape.CLOUDFORMATION_PROPERTIES;
        if (!cloudFormation) {
            problems.addAll(TemplatePlaceholders.warnings(definition, shape == Shape.TERRAFORM ? "containerDefinitions" : ""));
        }

        TaskDefinition taskDefinition;
        BindingProblems binding = cloudFormation ? BindingProblems.forCloudFormation() : new BindingProblems("");
        try {
            if (shape == Shape.TERRAFORM) {
                ObjectNode task = TerraformArray.taskLevel((com.fasterxml.jackson.databind.node.ArrayNode) definition, options, problems);
                taskDefinition = mapper.readerFor(TaskDefinition.class).withHandler(binding).readValue(task);
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
        } else if (shape == Shape.TERRAFORM || shape == Shape.CLOUDFORMATION_PROPERTIES && taskDefinition.family() == null) {
            // Neither an array nor bare Properties need carry the family: the file's name stands in for it.
            taskDefinition = taskDefinition.withFamily(familyFromFileName(file));
        }
        return new ReadResult(source, taskDefinition, locate(problems, source));
    }

    /**
     * describe-task-definition gives the task definition's tags beside it ({@code --include TAGS}), not in it, while
     * RegisterTaskDefinition takes them in it: they are the same tags, and the model keeps them (the metadata endpoint's
     * TaskTags). Where the definition has its own, those are kept.
     */
    private static JsonNode withTags(JsonNode root) {
        JsonNode definition = root.get("taskDefinition");
        JsonNode tags = root.path("tags");
        if (!tags.isArray() || tags.isEmpty() || definition.has("tags")) {
            return definition;
        }
        ObjectNode tagged = ((ObjectNode) definition).deepCopy();
        tagged.set("tags", tags);
        return tagged;
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

    private static Problem notJson(String json, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        Location location = at == null ? null : new Location(at.getLineNr(), at.getColumnNr());
        Optional<TemplatePlaceholders.Placeholder> placeholder = location == null ? TemplatePlaceholders.firstInText(json)
                : TemplatePlaceholders.onLine(json, location.line());
        if (placeholder.isPresent()) {
            return templateProblem(placeholder.get().text(), "").at(placeholder.get().location());
        }
        return Problem.error("", null, "not valid JSON: " + JsonSyntax.explain(e.getOriginalMessage()), null)
                .at(location);
    }

    private static Problem bindingFailure(IOException e, Shape shape) {
        String path = "";
        if (e instanceof JsonMappingException mapping) {
            StringBuilder built = new StringBuilder();
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
