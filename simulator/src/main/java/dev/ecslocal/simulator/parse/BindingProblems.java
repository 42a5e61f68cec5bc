package dev.ecslocal.simulator.parse;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.problem.Problem;
import dev.ecslocal.simulator.problem.Suggestions;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Lets Jackson bind a whole document while collecting, instead of throwing, every field of the wrong
 * type and every field it does not know: a user fixes all of them in one pass. A field with a wrong value
 * is left absent in the model; unknown fields are warnings, because ECS adds fields every year and a
 * file written for a newer ECS must still run.
 */
final class BindingProblems extends DeserializationProblemHandler {
    private static final Set<String> TASK_LEVEL_FIELDS = componentNames(TaskDefinition.class);
    private static final Set<String> CONTAINER_LEVEL_FIELDS = componentNames(ContainerDefinition.class);

    private final String pathPrefix;
    /** How a field's name is written in the user's file: as the API's, or CloudFormation's PascalCase. */
    private final UnaryOperator<String> written;
    /** What a CloudFormation template does with a name it does not know: refuse it (no "newer field" to allow for). */
    private final boolean cloudFormation;
    private final List<Problem> problems = new ArrayList<>();

    /** @param pathPrefix what to put before paths relative to the bound node, to make them task-definition paths */
    BindingProblems(String pathPrefix) {
        this(pathPrefix, UnaryOperator.identity(), false);
    }

    private BindingProblems(String pathPrefix, UnaryOperator<String> written, boolean cloudFormation) {
        this.pathPrefix = pathPrefix;
        this.written = written;
        this.cloudFormation = cloudFormation;
    }

    /** For a request converted from a CloudFormation template: names said as the template writes them. */
    static BindingProblems forCloudFormation() {
        return new BindingProblems("", CloudFormationTemplate::templateName, true);
    }

    List<Problem> problems() {
        return List.copyOf(problems);
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                         Object beanOrClass, String propertyName) throws IOException {
        String path = unknownPropertyPath(ctxt.getParser(), propertyName);
        Class<?> owner = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
        Collection<String> knownHere = deserializer.getKnownPropertyNames().stream().map(String::valueOf).toList();
        String cased = knownHere.stream().filter(name -> name.equalsIgnoreCase(propertyName)).findFirst().orElse(null);
        String hint;
        // ECS's API (the AWS CLI, the SDKs) refuses parameters it does not know: a known name in the wrong case, or at
        // the wrong level, is not "a field newer than ecs-local", and dropping it would change the task.
        String name = written.apply(propertyName);
        String refuser = cloudFormation ? "CloudFormation" : "ECS";
        if (cased != null) {
            problems.add(Problem.error(path, null, "\"" + name + "\" is not a field: field names are case-sensitive, "
                    + "and " + refuser + " refuses it", "Write it as \"" + written.apply(cased) + "\"."));
            p.skipChildren();
            return true;
        } else if (owner == ContainerDefinition.class && TASK_LEVEL_FIELDS.contains(propertyName)) {
            problems.add(Problem.error(path, null, "\"" + name + "\" is a task-level field, not a container's: " + refuser
                    + " refuses it here", "Move it to the task definition."));
            p.skipChildren();
            return true;
        } else if (owner == TaskDefinition.class && CONTAINER_LEVEL_FIELDS.contains(propertyName)) {
            problems.add(Problem.error(path, null, "\"" + name + "\" is a container-level field, not the task's: " + refuser
                    + " refuses it here", "Move it into the container definitions that need it."));
            p.skipChildren();
            return true;
        } else if (cloudFormation) {
            // CloudFormation refuses a property it does not know ("Encountered unsupported property"): no newer field here.
            problems.add(Problem.error(path, null, "\"" + name + "\" is not a property CloudFormation knows here, and it refuses "
                    + "the template (\"Encountered unsupported property " + name + "\")", Suggestions.closest(propertyName, knownHere)
                    .map(s -> "Did you mean \"" + written.apply(s) + "\"?")
                    .orElse("Remove it, or check its spelling against the AWS::ECS::TaskDefinition reference.")));
            p.skipChildren();
            return true;
        } else {
            Collection<String> known = deserializer.getKnownPropertyNames().stream().map(String::valueOf).toList();
            hint = Suggestions.closest(propertyName, known)
                    .map(s -> "Did you mean \"" + s + "\"? ")
                    .orElse("")
                    + "ecs-local ignores it (it may be a field newer than this version of ecs-local).";
        }
        problems.add(Problem.warning(path, null, "unknown field \"" + propertyName + "\"", hint));
        p.skipChildren();
        return true;
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                                        String failureMsg) throws IOException {
        String found = describeFound(p, t);
        problems.add(Problem.error(pathOf(p), null,
                "expected " + describeExpected(targetType.getRawClass(), targetType) + ", found " + found, null));
        p.skipChildren();
        return null;
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value, String failureMsg) {
        String path = pathOf(ctxt.getParser());
        if (targetType.isEnum()) {
            List<String> accepted = enumNames(targetType);
            String cased = accepted.stream().filter(name -> name.equalsIgnoreCase(value)).findFirst().orElse(null);
            // The API takes an enum's values in their exact case, as validate's own enum rules say.
            String hint = cased != null ? "Write \"" + cased + "\": ECS's values are case-sensitive."
                    : Suggestions.closest(value, accepted).map(s -> "Did you mean \"" + s + "\"?").orElse(null);
            problems.add(Problem.error(path, null,
                    "\"" + value + "\" is not a valid value: expected one of " + String.join(", ", accepted), hint));
        } else {
            problems.add(Problem.error(path, null,
                    "expected " + describeExpected(targetType, null) + ", found \"" + value + "\"", null));
        }
        return null;
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value, String failureMsg) {
        problems.add(Problem.error(pathOf(ctxt.getParser()), null,
                "expected " + describeExpected(targetType, null) + ", found " + value, null));
        return null;
    }

    @Override
    public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                                            com.fasterxml.jackson.databind.deser.ValueInstantiator valueInsts,
                                            JsonParser p, String msg) throws IOException {
        // Jackson's way of saying "a scalar where a list or an object belongs".
        problems.add(Problem.error(pathOf(p), null, "expected " + describeExpected(instClass, null)
                + ", found " + describeFound(p, p.currentToken()), null));
        p.skipChildren();
        return null;
    }

    /**
     * Records are built through their constructor, so Jackson buffers the properties it does not know and
     * replays them from that buffer once the record exists: the parser it then passes has the buffer's
     * context, not the document's. The document's own parser is by then on the record's closing brace,
     * and its context is the record's place in the document.
     */
    private String unknownPropertyPath(JsonParser main, String propertyName) {
        if (main.currentToken() == JsonToken.END_OBJECT) {
            return prefixed(JsonPaths.child(JsonPaths.of(main.getParsingContext()), propertyName));
        }
        return pathOf(main);
    }

    private String pathOf(JsonParser p) {
        JsonStreamContext context = p.getParsingContext();
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            context = context.getParent();
        }
        return prefixed(JsonPaths.of(context));
    }

    private String prefixed(String relative) {
        if (pathPrefix.isEmpty() || relative.isEmpty()) {
            return pathPrefix + relative;
        }
        return relative.startsWith("[") ? pathPrefix + relative : pathPrefix + "." + relative;
    }

    private static String describeFound(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "\"" + p.getText() + "\"";
            case VALUE_NULL -> "null";
            default -> p.getText();
        };
    }

    static String describeExpected(Class<?> raw, JavaType type) {
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            return "a whole number";
        }
        if (raw == String.class) {
            return "a string";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return "true or false";
        }
        if (raw.isEnum()) {
            return "one of " + String.join(", ", enumNames(raw));
        }
        if (Collection.class.isAssignableFrom(raw)) {
            JavaType element = type == null ? null : type.getContentType();
            return element == null ? "an array" : "an array of " + plural(element.getRawClass());
        }
        if (Map.class.isAssignableFrom(raw)) {
            return "an object of string values";
        }
        return "an object";
    }

    private static String plural(Class<?> element) {
        if (element == String.class) {
            return "strings";
        }
        if (element == Integer.class) {
            return "whole numbers";
        }
        return element.isEnum() ? "values (" + String.join(", ", enumNames(element)) + ")" : "objects";
    }

    /** The JSON spellings of an enum's constants ({@code @JsonProperty} where the model gives one). */
    static List<String> enumNames(Class<?> enumType) {
        return Arrays.stream(enumType.getFields())
                .filter(java.lang.reflect.Field::isEnumConstant)
                .map(f -> {
                    JsonProperty property = f.getAnnotation(JsonProperty.class);
                    return property != null ? property.value() : f.getName();
                })
                .toList();
    }

    private static Set<String> componentNames(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toSet());
    }
}
