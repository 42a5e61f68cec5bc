package dev.ecslocal.simulator.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecslocal.simulator.problem.Problem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An {@code AWS::ECS::TaskDefinition} of a CloudFormation template (what CDK synthesises and Copilot deploys) as the
 * RegisterTaskDefinition request CloudFormation makes of it (docs/ecs-semantics.md §11.4): its functions evaluated
 * ({@link CloudFormationFunctions}), its PascalCase property names turned into the API's, free-form maps (log options,
 * Docker labels, driver options) kept as written. Each converted path remembers the template path it came from, so
 * that every later problem points at the template's own line.
 */
final class CloudFormationTemplate {
    static final String TASK_DEFINITION_TYPE = "AWS::ECS::TaskDefinition";

    /** Pseudo parameters a user may set with --parameter. */
    private static final Set<String> SETTABLE_PSEUDO = Set.of("AWS::Region", "AWS::AccountId", "AWS::Partition",
            "AWS::StackName", "AWS::URLSuffix");

    /** Where CloudFormation's name is not the API's with its first letter lowered. */
    private static final Map<String, String> RENAMED = Map.of(
            "EFSVolumeConfiguration", "efsVolumeConfiguration",
            "FilesystemId", "fileSystemId",
            "IAM", "iam",
            "FSxWindowsFileServerVolumeConfiguration", "fsxWindowsFileServerVolumeConfiguration",
            "ProxyConfigurationProperties", "properties");

    /** Maps whose keys are the user's, not CloudFormation's: never renamed. */
    private static final Set<String> FREE_FORM = Set.of("Options", "DockerLabels", "DriverOpts", "Labels");

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final SourceMap templateMap;
    private final CloudFormationFunctions functions;
    private final Map<String, String> convertedToTemplate = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    /** Values with a dynamic reference ({{resolve:ssm:…}}), by converted path: CloudFormation resolves them at deploy. */
    private final Map<String, String> dynamicReferences = new LinkedHashMap<>();

    private CloudFormationTemplate(JsonNode template, SourceMap templateMap, ReadOptions options) {
        this.templateMap = templateMap;
        this.functions = new CloudFormationFunctions(template, options.parameters(), options.region(),
                (path, problem) -> problems.add(located(problem, path)));
    }

    static boolean isTemplate(JsonNode root) {
        return root.isObject() && (root.has("AWSTemplateFormatVersion") || root.path("Resources").isObject());
    }

    /** The Properties of an {@code AWS::ECS::TaskDefinition} on their own (PascalCase, as a template writes them). */
    static boolean isProperties(JsonNode root) {
        return root.isObject() && root.has("ContainerDefinitions");
    }

    static Conversion fromTemplate(JsonNode template, SourceMap templateMap, ReadOptions options) {
        CloudFormationTemplate reader = new CloudFormationTemplate(template, templateMap, options);
        List<String> taskDefinitions = new ArrayList<>();
        template.path("Resources").fields().forEachRemaining(resource -> {
            if (TASK_DEFINITION_TYPE.equals(resource.getValue().path("Type").asText())) {
                taskDefinitions.add(resource.getKey());
            }
        });
        String chosen = options.resource();
        if (taskDefinitions.isEmpty()) {
            return reader.refused(Problem.error("Resources", null, "this CloudFormation template has no " + TASK_DEFINITION_TYPE
                    + " resource", "Pass the template that declares the task definition (with nested stacks, the nested "
                    + "stack's template: CDK writes it as cdk.out/*.nested.template.json)."), "Resources");
        }
        if (chosen == null && taskDefinitions.size() > 1) {
            return reader.refused(Problem.error("Resources", null, "this template declares " + taskDefinitions.size()
                    + " task definitions: " + String.join(", ", taskDefinitions),
                    "Choose one with --resource " + taskDefinitions.get(0) + "."), "Resources");
        }
        if (chosen != null && !taskDefinitions.contains(chosen)) {
            return reader.refused(Problem.error("Resources", null, "--resource " + chosen + ": the template has no task "
                    + "definition of that logical id (it has " + String.join(", ", taskDefinitions) + ")",
                    "Pass one of those."), "Resources");
        }
        String logicalId = chosen != null ? chosen : taskDefinitions.get(0);
        String resourcePath = JsonPaths.child("Resources", logicalId);
        if (!reader.parametersKnown(template, options)) {
            return Conversion.refused(reader.problems);
        }
        JsonNode resource = template.path("Resources").path(logicalId);
        if (resource.path("Condition").isTextual()
                && !reader.functions.condition(resource.get("Condition").textValue(), JsonPaths.child(resourcePath, "Condition"))) {
            reader.problems.add(reader.located(Problem.warning("", null, "CloudFormation would not create " + logicalId
                    + " with these parameters: its condition " + resource.get("Condition").textValue() + " is false",
                    "ecs-local runs it anyway; pass --parameter values that make the condition true to match the stack."),
                    JsonPaths.child(resourcePath, "Condition")));
        }
        return reader.convert(resource.path("Properties"), JsonPaths.child(resourcePath, "Properties"), logicalId);
    }

    /**
     * Bare Properties have no template around them: the values given with --parameter are the parameters their
     * {@code Ref}s and {@code ${Name}}s may name (pseudo parameters as in a template).
     */
    static Conversion fromProperties(JsonNode properties, SourceMap map, ReadOptions options) {
        ObjectNode template = JsonNodeFactory.instance.objectNode();
        ObjectNode declared = template.putObject("Parameters");
        options.parameters().keySet().stream().filter(name -> !name.startsWith("AWS::"))
                .forEach(name -> declared.putObject(name).put("Type", "String"));
        CloudFormationTemplate reader = new CloudFormationTemplate(template, map, options);
        if (!reader.parametersKnown(template, options)) {
            return Conversion.refused(reader.problems);
        }
        return reader.convert(properties, "", null);
    }

    private Conversion convert(JsonNode properties, String propertiesPath, String logicalId) {
        if (properties.isMissingNode() || properties.isNull()) {
            return refused(Problem.error("", null, logicalId + " has no Properties", "Give the task definition its Properties."),
                    propertiesPath);
        }
        if (!properties.isObject()) {
            return refused(Problem.error("", null, logicalId + "'s Properties is not an object of properties",
                    "Write Properties as a mapping: Family, ContainerDefinitions, …"), propertiesPath);
        }
        JsonNode converted = convert(properties, propertiesPath, "", false);
        ObjectNode definition = converted instanceof ObjectNode object ? object : nodes.objectNode();
        if (!definition.has("family") && logicalId != null) {
            // CloudFormation names an unnamed family after the stack and the logical id; the logical id is the part to read.
            definition.put("family", logicalId);
        }
        saySubstitutions(propertiesPath);
        return new Conversion(definition, templateMap.converted(convertedToTemplate), problems);
    }

    /**
     * One node, its calls evaluated and its names made the API's. {@code Fn::If} is taken before evaluation: its chosen
     * branch is often a whole object of properties, whose names need converting like any other.
     */
    private JsonNode convert(JsonNode node, String templatePath, String path, boolean freeForm) {
        if (CloudFormationFunctions.isCall(node)) {
            String function = CloudFormationFunctions.function(node);
            String callPath = JsonPaths.child(templatePath, function);
            if (function.equals("Fn::If")) {
                return functions.chosenBranch(node.get(function), callPath)
                        .map(branch -> convert(branch.getKey(), branch.getValue(), path, freeForm))
                        .orElse(nodes.nullNode());
            }
            JsonNode value = functions.value(node, templatePath);
            return value == CloudFormationFunctions.NO_VALUE ? value : convert(value, templatePath, path, freeForm);
        }
        convertedToTemplate.putIfAbsent(path, templatePath);
        if (node.isTextual() && node.textValue().contains("{{resolve:")) {
            dynamicReferences.putIfAbsent(path, node.textValue());
        }
        if (node.isObject()) {
            ObjectNode object = nodes.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String name = field.getKey();
                String childTemplatePath = JsonPaths.child(templatePath, name);
                String apiName = freeForm ? name : apiName(name, childTemplatePath);
                JsonNode value = convert(field.getValue(), childTemplatePath, JsonPaths.child(path, apiName),
                        !freeForm && FREE_FORM.contains(name));
                if (value != CloudFormationFunctions.NO_VALUE) {
                    object.set(apiName, value);
                }
            }
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = nodes.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                JsonNode value = convert(node.get(i), JsonPaths.element(templatePath, i), JsonPaths.element(path, array.size()), freeForm);
                if (value != CloudFormationFunctions.NO_VALUE) {
                    array.add(value);
                }
            }
            return array;
        }
        return node;
    }

    private String apiName(String name, String templatePath) {
        String renamed = RENAMED.get(name);
        if (renamed != null) {
            return renamed;
        }
        if (name.isEmpty() || !Character.isUpperCase(name.charAt(0))) {
            String pascal = name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
            problems.add(located(Problem.error("", null, "\"" + name + "\" is not a CloudFormation property: "
                    + "CloudFormation's names are PascalCase, and it refuses this one", "Write it as \"" + pascal + "\"."),
                    templatePath));
        }
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /** --parameter names the template's parameters (or a pseudo parameter), with a value the template allows. */
    private boolean parametersKnown(JsonNode template, ReadOptions options) {
        JsonNode declared = template.path("Parameters");
        boolean known = true;
        for (Map.Entry<String, String> given : options.parameters().entrySet()) {
            String name = given.getKey();
            if (name.startsWith("AWS::")) {
                if (!SETTABLE_PSEUDO.contains(name)) {
                    known = false;
                    problems.add(Problem.error("Parameters", null, "--parameter " + name + ": not a pseudo parameter ecs-local "
                            + "lets you set", "Set one of " + String.join(", ", SETTABLE_PSEUDO.stream().sorted().toList()) + ".")
                            .at(templateMap.locate("Parameters").orElse(null)));
                }
                continue;
            }
            JsonNode parameter = declared.path(name);
            if (!parameter.isObject()) {
                known = false;
                List<String> names = new ArrayList<>();
                declared.fieldNames().forEachRemaining(names::add);
                problems.add(Problem.error("Parameters", null, "--parameter " + name + ": the template has no parameter "
                        + "of that name", names.isEmpty() ? "The template declares no Parameters."
                        : "Its parameters: " + String.join(", ", names) + ".").at(templateMap.locate("Parameters").orElse(null)));
                continue;
            }
            JsonNode allowed = parameter.path("AllowedValues");
            if (allowed.isArray() && !allowed.isEmpty()) {
                List<String> values = new ArrayList<>();
                allowed.forEach(v -> values.add(v.asText()));
                if (!values.contains(given.getValue())) {
                    known = false;
                    problems.add(located(Problem.error("", null, "--parameter " + name + "=" + given.getValue()
                            + ": the template allows only " + String.join(", ", values), "Pass one of those."),
                            JsonPaths.child(JsonPaths.child("Parameters", name), "AllowedValues")));
                }
            }
        }
        return known;
    }

    /** Said once, at the resource: the local values that stand in for AWS's. */
    private void saySubstitutions(String propertiesPath) {
        Map<String, String> pseudo = functions.pseudoParametersUsed();
        if (!pseudo.isEmpty()) {
            problems.add(located(Problem.warning("", null, "pseudo parameters take local values: " + pseudo.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")),
                    "Pass --parameter AWS::Region=REGION (or another of them) for other values."), propertiesPath));
        }
        if (!dynamicReferences.isEmpty()) {
            String first = dynamicReferences.keySet().iterator().next();
            problems.add(located(Problem.warning(first, null, "CloudFormation resolves dynamic references when it deploys, "
                    + "and ecs-local reads nothing from AWS: " + dynamicReferences.entrySet().stream()
                    .map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining("; ")) + " stay as written",
                    "Where one matters to the run: an image, give it with --image NAME=IMAGE; a value, with --parameter "
                            + "where the template takes one."), convertedToTemplate.getOrDefault(first, propertiesPath)));
        }
        Map<String, String> standIns = functions.standIns();
        if (!standIns.isEmpty()) {
            problems.add(located(Problem.warning("", null, "values CloudFormation would take from AWS stand in locally: "
                    + standIns.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining("; ")),
                    "ecs-local reads nothing from AWS; where such a value matters to the run (an image, a secret), "
                            + "pass --parameter or --image, or map the secret with --secrets."), propertiesPath));
        }
    }

    /** The template's name for an API name: the reverse of the conversion. */
    static String templateName(String apiName) {
        for (Map.Entry<String, String> renamed : RENAMED.entrySet()) {
            if (renamed.getValue().equals(apiName)) {
                return renamed.getKey();
            }
        }
        return apiName.isEmpty() ? apiName : Character.toUpperCase(apiName.charAt(0)) + apiName.substring(1);
    }

    private Conversion refused(Problem problem, String templatePath) {
        problems.add(located(problem, templatePath));
        return Conversion.refused(problems);
    }

    private Problem located(Problem problem, String templatePath) {
        Problem withPath = new Problem(problem.severity(), problem.path().isEmpty() ? templatePath : problem.path(),
                problem.container(), problem.message(), problem.hint(), problem.location());
        return withPath.location() != null ? withPath : withPath.at(templateMap.locate(templatePath)
                .orElse(new dev.ecslocal.simulator.problem.Location(1, 1)));
    }
}
