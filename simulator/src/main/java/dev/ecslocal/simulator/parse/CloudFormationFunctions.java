package dev.ecslocal.simulator.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ecslocal.simulator.problem.Problem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * CloudFormation's intrinsic functions, evaluated as CloudFormation would at stack creation, with local values where
 * the value would come from AWS: parameters take their {@code Default} or the user's {@code --parameter}; pseudo
 * parameters ({@code AWS::Region}, {@code AWS::AccountId}, …) local values; {@code Ref}/{@code Fn::GetAtt} to another
 * resource and {@code Fn::ImportValue} a readable stand-in ({@code arn:aws:iam::000000000000:role/ExecutionRole}).
 * What was stood in for is kept, so that the reader says it once. Pure: no AWS call, no file.
 */
final class CloudFormationFunctions {
    static final String ACCOUNT_ID = "000000000000";
    static final String STACK_NAME = "ecs-local";
    private static final String DEFAULT_REGION = "us-east-1";

    /** {@code AWS::NoValue}: the property it stands in is removed, as CloudFormation removes it. */
    static final JsonNode NO_VALUE = new TextNode("\u0000AWS::NoValue");

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final JsonNode template;
    private final Map<String, String> given;
    private final String region;
    private final BiConsumer<String, Problem> problems;
    /** What was stood in for, in the order met: {@code ExecutionRole.Arn} to its stand-in. */
    private final Map<String, String> standIns = new LinkedHashMap<>();
    private final Map<String, String> pseudoUsed = new LinkedHashMap<>();
    private final Map<String, Boolean> conditions = new HashMap<>();
    /** Parameters already reported as having no value: said once, however often they are used. */
    private final Set<String> missing = new HashSet<>();

    /**
     * @param template the whole template (Parameters, Mappings, Conditions, Resources); an empty object for bare Properties
     * @param given    the user's parameter values, pseudo parameters included
     * @param problems where a problem goes: the template path it is at, and the problem
     */
    CloudFormationFunctions(JsonNode template, Map<String, String> given, String region, BiConsumer<String, Problem> problems) {
        this.template = template;
        this.given = given;
        this.region = given.getOrDefault("AWS::Region", region != null ? region : environmentRegion());
        this.problems = problems;
    }

    /** The region the AWS CLI and SDKs take from the environment (as a run's AWS_REGION does), else us-east-1. */
    private static String environmentRegion() {
        for (String variable : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return DEFAULT_REGION;
    }

    Map<String, String> standIns() {
        return standIns;
    }

    Map<String, String> pseudoParametersUsed() {
        return pseudoUsed;
    }

    /** An object that is a function call: one key, {@code Ref} or {@code Fn::…}. */
    static boolean isCall(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            return false;
        }
        String name = node.fieldNames().next();
        return name.equals("Ref") || name.startsWith("Fn::");
    }

    static String function(JsonNode call) {
        return call.fieldNames().next();
    }

    /** The value of a node, every call in it evaluated; {@link #NO_VALUE} where it is {@code AWS::NoValue}. */
    JsonNode value(JsonNode node, String path) {
        if (isCall(node)) {
            String name = function(node);
            return call(name, node.get(name), JsonPaths.child(path, name));
        }
        if (node.isObject()) {
            ObjectNode object = nodes.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = value(field.getValue(), JsonPaths.child(path, field.getKey()));
                if (value != NO_VALUE) {
                    object.set(field.getKey(), value);
                }
            }
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = nodes.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                JsonNode value = value(node.get(i), JsonPaths.element(path, i));
                if (value != NO_VALUE) {
                    array.add(value);
                }
            }
            return array;
        }
        return node;
    }

    /**
     * {@code Fn::If}'s chosen branch, not yet evaluated, with its path: the caller converts what it holds (a whole
     * object of properties, often) as if it were written there.
     */
    Optional<Map.Entry<JsonNode, String>> chosenBranch(JsonNode arguments, String path) {
        if (!arguments.isArray() || arguments.size() != 3 || !arguments.get(0).isTextual()) {
            fail(path, "Fn::If takes [condition name, value if true, value if false]");
            return Optional.empty();
        }
        int branch = condition(arguments.get(0).textValue(), JsonPaths.element(path, 0)) ? 1 : 2;
        return Optional.of(Map.entry(arguments.get(branch), JsonPaths.element(path, branch)));
    }

    private JsonNode call(String name, JsonNode arguments, String path) {
        return switch (name) {
            case "Ref" -> arguments.isTextual() ? ref(arguments.textValue(), path)
                    : fail(path, "Ref takes the name of a parameter or a resource");
            case "Fn::Sub" -> sub(arguments, path);
            case "Fn::Join" -> join(arguments, path);
            case "Fn::Select" -> select(arguments, path);
            case "Fn::Split" -> split(arguments, path);
            case "Fn::If" -> chosenBranch(arguments, path)
                    .map(branch -> value(branch.getKey(), branch.getValue())).orElse(nodes.nullNode());
            case "Fn::FindInMap" -> findInMap(arguments, path);
            case "Fn::GetAZs" -> availabilityZones(arguments, path);
            case "Fn::GetAtt" -> getAtt(arguments, path);
            case "Fn::ImportValue" -> importValue(arguments, path);
            case "Fn::Base64" -> text(arguments, path, "Fn::Base64")
                    .<JsonNode>map(s -> nodes.textNode(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8))))
                    .orElse(nodes.nullNode());
            case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not" -> fail(path, name + " belongs in the template's Conditions "
                    + "(or in Fn::If's condition), not in a property's value");
            default -> fail(path, name + " is not a function ecs-local can evaluate locally (it evaluates Ref, Fn::Sub, "
                    + "Fn::Join, Fn::Select, Fn::Split, Fn::If, Fn::FindInMap, Fn::GetAZs, Fn::GetAtt, Fn::ImportValue, "
                    + "Fn::Base64)");
        };
    }

    private JsonNode ref(String name, String path) {
        if (name.equals("AWS::NoValue")) {
            return NO_VALUE;
        }
        if (name.startsWith("AWS::")) {
            return pseudo(name, path);
        }
        JsonNode parameter = template.path("Parameters").path(name);
        if (parameter.isObject()) {
            return parameter(name, parameter, path);
        }
        JsonNode resource = template.path("Resources").path(name);
        if (resource.isObject()) {
            String standIn = ResourceStandIns.ref(resource.path("Type").asText(""), name, region(), partition());
            standIns.put("Ref " + name, standIn);
            return nodes.textNode(standIn);
        }
        return fail(path, "Ref " + name + ": the template has no parameter or resource of that name");
    }

    private JsonNode parameter(String name, JsonNode declaration, String path) {
        String type = declaration.path("Type").asText("String");
        String value = given.get(name);
        if (value == null && type.startsWith("AWS::SSM::Parameter::Value")) {
            // CloudFormation reads the SSM parameter named by the Default at deploy time; ecs-local reads no AWS.
            String ssmName = declaration.path("Default").asText(name);
            standIns.put("parameter " + name + " (from SSM " + ssmName + ")", "ssm:" + ssmName);
            return nodes.textNode("ssm:" + ssmName);
        }
        if (value == null) {
            JsonNode fallback = declaration.get("Default");
            if (fallback == null || fallback.isNull()) {
                if (!missing.add(name)) {
                    return nodes.nullNode();
                }
                return fail(path, "parameter " + name + " has no Default, and no value was given",
                        "Pass --parameter " + name + "=VALUE.");
            }
            value = fallback.isArray() ? joined(fallback) : fallback.asText();
        }
        if (type.equals("CommaDelimitedList") || type.startsWith("List<")) {
            ArrayNode list = nodes.arrayNode();
            for (String item : value.split(",", -1)) {
                list.add(item.trim());
            }
            return list;
        }
        return nodes.textNode(value);
    }

    private static String joined(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(item.asText()));
        return String.join(",", items);
    }

    private JsonNode pseudo(String name, String path) {
        String value = given.get(name);
        if (value == null) {
            value = switch (name) {
                case "AWS::Region" -> region();
                case "AWS::AccountId" -> ACCOUNT_ID;
                case "AWS::Partition" -> partition();
                case "AWS::URLSuffix" -> urlSuffix(region());
                case "AWS::StackName" -> STACK_NAME;
                case "AWS::StackId" -> "arn:" + partition() + ":cloudformation:" + region() + ":" + ACCOUNT_ID + ":stack/"
                        + given.getOrDefault("AWS::StackName", STACK_NAME) + "/00000000-0000-0000-0000-000000000000";
                case "AWS::NotificationARNs" -> "";
                default -> null;
            };
            if (value == null) {
                return fail(path, "Ref " + name + ": not one of CloudFormation's pseudo parameters");
            }
            pseudoUsed.put(name, value);
        }
        return name.equals("AWS::NotificationARNs") && value.isEmpty() ? nodes.arrayNode() : nodes.textNode(value);
    }

    String region() {
        return region;
    }

    /** The domain of AWS's endpoints in a region: China's regions have their own. */
    static String urlSuffix(String region) {
        return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    }

    String partition() {
        if (given.containsKey("AWS::Partition")) {
            return given.get("AWS::Partition");
        }
        return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    /** {@code Fn::Sub "text"} or {@code Fn::Sub ["text", {"Name": value}]}. */
    private JsonNode sub(JsonNode arguments, String path) {
        String text;
        Map<String, JsonNode> variables = new HashMap<>();
        if (arguments.isTextual()) {
            text = arguments.textValue();
        } else if (arguments.isArray() && arguments.size() == 2 && arguments.get(0).isTextual() && arguments.get(1).isObject()) {
            text = arguments.get(0).textValue();
            for (Iterator<Map.Entry<String, JsonNode>> it = arguments.get(1).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> variable = it.next();
                variables.put(variable.getKey(), value(variable.getValue(), JsonPaths.child(JsonPaths.element(path, 1), variable.getKey())));
            }
        } else {
            return fail(path, "Fn::Sub takes a string, or [string, {name: value, ...}]");
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, start);
            int end = text.indexOf('}', start);
            if (end < 0) {
                out.append(text, start, text.length());
                break;
            }
            String name = text.substring(start + 2, end).trim();
            if (name.startsWith("!")) {
                out.append("${").append(name.substring(1)).append('}'); // ${!Literal} is written as ${Literal}
            } else {
                JsonNode value = variables.containsKey(name) ? variables.get(name)
                        : name.contains(".") && !name.startsWith("AWS::") ? getAtt(name.substring(0, name.indexOf('.')),
                        name.substring(name.indexOf('.') + 1), path)
                        : ref(name, path);
                if (!value.isValueNode() || value == NO_VALUE) {
                    return fail(path, "Fn::Sub: ${" + name + "} is not a single value (a list, or AWS::NoValue)",
                            "Use Fn::Join to put a list into text.");
                }
                out.append(value.asText());
            }
            i = end + 1;
        }
        return nodes.textNode(out.toString());
    }

    private JsonNode join(JsonNode arguments, String path) {
        if (!arguments.isArray() || arguments.size() != 2 || !arguments.get(0).isTextual()) {
            return fail(path, "Fn::Join takes [delimiter, [values]]");
        }
        JsonNode values = value(arguments.get(1), JsonPaths.element(path, 1));
        if (!values.isArray()) {
            return fail(path, "Fn::Join takes [delimiter, [values]]: its second item is not a list");
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode value : values) {
            if (!value.isValueNode()) {
                return fail(path, "Fn::Join: every value joined must be a string");
            }
            parts.add(value.asText());
        }
        return nodes.textNode(String.join(arguments.get(0).textValue(), parts));
    }

    private JsonNode select(JsonNode arguments, String path) {
        if (!arguments.isArray() || arguments.size() != 2) {
            return fail(path, "Fn::Select takes [index, [values]]");
        }
        JsonNode index = value(arguments.get(0), JsonPaths.element(path, 0));
        JsonNode values = value(arguments.get(1), JsonPaths.element(path, 1));
        if (!values.isArray()) {
            return fail(path, "Fn::Select takes [index, [values]]: its second item is not a list");
        }
        if (index == NO_VALUE || !index.isValueNode()) {
            return fail(path, "Fn::Select: the index must be a whole number");
        }
        int at;
        try {
            at = Integer.parseInt(index.asText());
        } catch (NumberFormatException e) {
            return fail(path, "Fn::Select: the index \"" + index.asText() + "\" is not a whole number");
        }
        if (at < 0 || at >= values.size()) {
            return fail(path, "Fn::Select: index " + at + " is outside the list (" + values.size() + " values)");
        }
        return values.get(at);
    }

    private JsonNode split(JsonNode arguments, String path) {
        if (!arguments.isArray() || arguments.size() != 2 || !arguments.get(0).isTextual()) {
            return fail(path, "Fn::Split takes [delimiter, string]");
        }
        Optional<String> text = text(arguments.get(1), JsonPaths.element(path, 1), "Fn::Split");
        ArrayNode list = nodes.arrayNode();
        text.ifPresent(s -> {
            String delimiter = arguments.get(0).textValue();
            int from = 0;
            for (int at = s.indexOf(delimiter); at >= 0 && !delimiter.isEmpty(); at = s.indexOf(delimiter, from)) {
                list.add(s.substring(from, at));
                from = at + delimiter.length();
            }
            list.add(s.substring(from));
        });
        return list;
    }

    private JsonNode findInMap(JsonNode arguments, String path) {
        if (!arguments.isArray() || arguments.size() < 3 || arguments.size() > 4) {
            return fail(path, "Fn::FindInMap takes [map name, top-level key, second-level key]");
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Optional<String> key = text(arguments.get(i), JsonPaths.element(path, i), "Fn::FindInMap");
            if (key.isEmpty()) {
                return nodes.nullNode();
            }
            keys.add(key.get());
        }
        JsonNode found = template.path("Mappings").path(keys.get(0)).path(keys.get(1)).path(keys.get(2));
        if (!found.isMissingNode()) {
            return value(found, path);
        }
        if (arguments.size() == 4 && arguments.get(3).has("DefaultValue")) {
            return value(arguments.get(3).get("DefaultValue"), JsonPaths.element(path, 3));
        }
        return fail(path, "Fn::FindInMap: Mappings has no " + String.join(" > ", keys));
    }

    private JsonNode availabilityZones(JsonNode arguments, String path) {
        Optional<String> asked = text(arguments, path, "Fn::GetAZs");
        String zonesOf = asked.filter(s -> !s.isEmpty()).orElse(region());
        standIns.put("Fn::GetAZs", zonesOf + "a, " + zonesOf + "b, " + zonesOf + "c");
        ArrayNode zones = nodes.arrayNode();
        for (String letter : new String[] {"a", "b", "c"}) {
            zones.add(zonesOf + letter);
        }
        return zones;
    }

    /**
     * {@code Resource.Attribute} split at its first dot: the attribute may hold dots itself ({@code Endpoint.Address}).
     * Both {@code !GetAtt A.B} and the long form with a string ({@code "Fn::GetAtt": "A.B"}) are written so.
     */
    static List<String> resourceAndAttribute(String dotted) {
        int dot = dotted.indexOf('.');
        return dot < 0 ? List.of(dotted) : List.of(dotted.substring(0, dot), dotted.substring(dot + 1));
    }

    private JsonNode getAtt(JsonNode arguments, String path) {
        if (arguments.isTextual() && resourceAndAttribute(arguments.textValue()).size() == 2) {
            List<String> pair = resourceAndAttribute(arguments.textValue());
            return getAtt(pair.get(0), pair.get(1), path);
        }
        if (arguments.isArray() && arguments.size() == 2 && arguments.get(0).isTextual()) {
            Optional<String> attribute = text(arguments.get(1), JsonPaths.element(path, 1), "Fn::GetAtt");
            return attribute.map(a -> getAtt(arguments.get(0).textValue(), a, path)).orElse(nodes.nullNode());
        }
        return fail(path, "Fn::GetAtt takes [resource, attribute] (or, in YAML, !GetAtt Resource.Attribute)");
    }

    private JsonNode getAtt(String resource, String attribute, String path) {
        JsonNode declared = template.path("Resources").path(resource);
        if (!declared.isObject()) {
            return fail(path, "Fn::GetAtt " + resource + "." + attribute + ": the template has no resource " + resource);
        }
        String standIn = ResourceStandIns.attribute(declared.path("Type").asText(""), resource, attribute, region(), partition());
        standIns.put(resource + "." + attribute, standIn);
        return nodes.textNode(standIn);
    }

    private JsonNode importValue(JsonNode arguments, String path) {
        Optional<String> name = text(arguments, path, "Fn::ImportValue");
        name.ifPresent(n -> standIns.put("Fn::ImportValue " + n, n));
        return name.<JsonNode>map(nodes::textNode).orElse(nodes.nullNode());
    }

    /** A named condition of the template's {@code Conditions}, evaluated once. */
    boolean condition(String name, String path) {
        Boolean known = conditions.get(name);
        if (known != null) {
            return known;
        }
        JsonNode declared = template.path("Conditions").path(name);
        if (declared.isMissingNode()) {
            fail(path, "the template has no condition " + name);
            return false;
        }
        conditions.put(name, false); // a condition that refers to itself is false, not a loop
        boolean value = evaluate(declared, JsonPaths.child("Conditions", name));
        conditions.put(name, value);
        return value;
    }

    private boolean evaluate(JsonNode node, String path) {
        if (node.isObject() && node.size() == 1 && node.has("Condition") && node.get("Condition").isTextual()) {
            return condition(node.get("Condition").textValue(), path);
        }
        if (!isCall(node)) {
            if (node.isBoolean() || node.isTextual() && (node.textValue().equals("true") || node.textValue().equals("false"))) {
                return node.asBoolean();
            }
            fail(path, "a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or {Condition: name}");
            return false;
        }
        String name = function(node);
        JsonNode arguments = node.get(name);
        String at = JsonPaths.child(path, name);
        switch (name) {
            case "Fn::Equals" -> {
                if (!arguments.isArray() || arguments.size() != 2) {
                    fail(at, "Fn::Equals takes [value, value]");
                    return false;
                }
                return value(arguments.get(0), JsonPaths.element(at, 0)).asText()
                        .equals(value(arguments.get(1), JsonPaths.element(at, 1)).asText());
            }
            case "Fn::Not" -> {
                if (!arguments.isArray() || arguments.size() != 1) {
                    fail(at, "Fn::Not takes [condition]");
                    return false;
                }
                return !evaluate(arguments.get(0), JsonPaths.element(at, 0));
            }
            case "Fn::And", "Fn::Or" -> {
                if (!arguments.isArray() || arguments.isEmpty()) {
                    fail(at, name + " takes a list of conditions");
                    return false;
                }
                boolean and = name.equals("Fn::And");
                boolean result = and;
                for (int i = 0; i < arguments.size(); i++) {
                    boolean each = evaluate(arguments.get(i), JsonPaths.element(at, i));
                    result = and ? result && each : result || each;
                }
                return result;
            }
            default -> {
                JsonNode value = value(node, path);
                return value.asText().equals("true");
            }
        }
    }

    private Optional<String> text(JsonNode node, String path, String function) {
        JsonNode value = value(node, path);
        if (value.isValueNode() && !value.isNull() && value != NO_VALUE) {
            return Optional.of(value.asText());
        }
        fail(path, function + " wants a string here");
        return Optional.empty();
    }

    private JsonNode fail(String path, String message) {
        return fail(path, message, null);
    }

    private JsonNode fail(String path, String message, String hint) {
        problems.accept(path, Problem.error("", null, message, hint));
        return nodes.nullNode();
    }

    /** Readable local values for what another resource of the template would give (its name, its ARN). */
    static final class ResourceStandIns {
        private ResourceStandIns() {
        }

        static String ref(String type, String logicalId, String region, String partition) {
            String lower = logicalId.toLowerCase(Locale.ROOT);
            return switch (type) {
                case "AWS::SecretsManager::Secret" -> arn(partition, "secretsmanager", region, "secret:" + logicalId);
                case "AWS::ECR::Repository", "AWS::S3::Bucket" -> lower;
                case "AWS::EFS::FileSystem" -> "fs-" + hex(logicalId);
                case "AWS::EFS::AccessPoint" -> "fsap-" + hex(logicalId);
                case "AWS::ECS::TaskDefinition" -> arn(partition, "ecs", region, "task-definition/" + logicalId + ":1");
                case "AWS::ECS::Cluster" -> logicalId;
                default -> logicalId; // a role's, a log group's, a parameter's name: what Ref gives for them
            };
        }

        static String attribute(String type, String logicalId, String attribute, String region, String partition) {
            String lower = logicalId.toLowerCase(Locale.ROOT);
            if (attribute.equals("Arn")) {
                return switch (type) {
                    case "AWS::IAM::Role" -> "arn:" + partition + ":iam::" + ACCOUNT_ID + ":role/" + logicalId;
                    case "AWS::Logs::LogGroup" -> arn(partition, "logs", region, "log-group:" + logicalId + ":*");
                    case "AWS::ECR::Repository" -> arn(partition, "ecr", region, "repository/" + lower);
                    case "AWS::S3::Bucket" -> "arn:" + partition + ":s3:::" + lower;
                    case "AWS::SecretsManager::Secret" -> arn(partition, "secretsmanager", region, "secret:" + logicalId);
                    case "AWS::SSM::Parameter" -> arn(partition, "ssm", region, "parameter/" + logicalId);
                    case "AWS::KMS::Key" -> arn(partition, "kms", region, "key/" + logicalId);
                    case "AWS::EFS::FileSystem" -> arn(partition, "elasticfilesystem", region, "file-system/fs-" + hex(logicalId));
                    case "AWS::EFS::AccessPoint" -> arn(partition, "elasticfilesystem", region, "access-point/fsap-" + hex(logicalId));
                    default -> arn(partition, service(type), region, lower);
                };
            }
            if (type.equals("AWS::ECR::Repository") && attribute.equals("RepositoryUri")) {
                return ACCOUNT_ID + ".dkr.ecr." + region + "." + urlSuffix(region) + "/" + lower;
            }
            if (type.equals("AWS::EFS::FileSystem") && attribute.equals("FileSystemId")) {
                return "fs-" + hex(logicalId);
            }
            if (type.equals("AWS::EFS::AccessPoint") && attribute.equals("AccessPointId")) {
                return "fsap-" + hex(logicalId);
            }
            return logicalId + "." + attribute;
        }

        private static String arn(String partition, String service, String region, String resource) {
            return "arn:" + partition + ":" + service + ":" + region + ":" + ACCOUNT_ID + ":" + resource;
        }

        private static String service(String type) {
            String[] parts = type.split("::");
            return parts.length >= 2 ? parts[1].toLowerCase(Locale.ROOT) : "resource";
        }

        /** Stable, so that two reads of one template give one id. */
        private static String hex(String logicalId) {
            return String.format("%08x", logicalId.hashCode());
        }
    }
}
