package dev.ecslocal.simulator.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecslocal.simulator.problem.Location;
import dev.ecslocal.simulator.problem.Problem;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A YAML document read into the same tree a JSON one gives, with its lines: a task definition kept as YAML (the AWS
 * CLI's {@code --cli-input-yaml}) or a CloudFormation template. CloudFormation's short forms are YAML tags
 * ({@code !Ref X}, {@code !GetAtt A.B}, {@code !Sub '…'}): each becomes the long form CloudFormation defines for it
 * ({@code {"Ref": "X"}}, {@code {"Fn::GetAtt": ["A", "B"]}}), which is why the reader needs a YAML library that keeps
 * tags (SnakeYAML Engine) rather than one that maps YAML to objects.
 */
final class YamlDocument {

    /** CloudFormation's functions that have a short form; any other {@code !Tag} is not CloudFormation's. */
    private static final Set<String> SHORT_FORMS = Set.of("Ref", "Condition", "Base64", "Cidr", "FindInMap", "GetAtt",
            "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or",
            "Length", "ToJsonString", "ForEach");
    private static final int MAX_DEPTH = 1000;
    /**
     * Values a document may expand to. Aliases copy what they name, so a kilobyte of anchors can stand for billions of
     * values (the "billion laughs"); a real template is a few thousand, and CloudFormation's largest (1 MB of text)
     * well under this.
     */
    static final int MAX_VALUES = 250_000;

    /** What reading gave: the tree and where each of its paths starts, or the one problem that stopped it. */
    record Read(JsonNode root, SourceMap sourceMap, List<Problem> problems) {
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Map<String, Location> locations = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Map<Node, Boolean> onPath = new IdentityHashMap<>();
    private int values;
    private boolean overBudget;
    private boolean tooDeep;

    private YamlDocument() {
    }

    static Read read(String text) {
        // The value budget below bounds what aliases expand to, so the count of aliases itself need not be small.
        // The scanner's buffer holds the whole text: with its default 1 KiB, each refill copies what is still unread, so a
        // long token (megabytes of one scalar) cost time in the square of its length.
        LoadSettings settings = LoadSettings.builder().setSchema(new CoreSchema()).setUseMarks(true)
                .setCodePointLimit(Integer.MAX_VALUE).setMaxAliasesForCollections(10_000)
                .setBufferSize(Math.max(1024, text.length() + 1)).build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(text);
        } catch (StackOverflowError e) {
            // The YAML scanner recurses on nesting before our own depth check can see it.
            return new Read(null, SourceMap.empty(), List.of(Problem.error("", null, "nested too deeply to read (more than "
                    + MAX_DEPTH + " levels)", null).at(new Location(1, 1))));
        } catch (MarkedYamlEngineException e) {
            Location at = e.getProblemMark().or(e::getContextMark).map(YamlDocument::location).orElse(new Location(1, 1));
            String what = e.getProblem() == null ? "it cannot be read" : e.getProblem();
            return new Read(null, SourceMap.empty(), List.of(Problem.error("", null, "not valid YAML: " + what, null).at(at)));
        } catch (YamlEngineException e) {
            String what = firstLine(e.getMessage());
            return new Read(null, SourceMap.empty(), List.of(Problem.error("", null, "not valid YAML: " + what,
                    what.contains("single document") ? "Keep one YAML document in the file." : null).at(new Location(1, 1))));
        }
        if (root.isEmpty()) {
            return new Read(null, SourceMap.empty(), List.of(Problem.error("", null, "the file is empty", null).at(new Location(1, 1))));
        }
        YamlDocument document = new YamlDocument();
        JsonNode tree = document.convert(root.get(), "", 0);
        return new Read(tree, SourceMap.of(document.locations), document.problems);
    }

    private JsonNode convert(Node node, String path, int depth) {
        if (overBudget) {
            return nodes.nullNode();
        }
        if (++values > MAX_VALUES) {
            overBudget = true;
            problems.add(problem(node, "", "the document expands to more than " + MAX_VALUES + " values (its aliases "
                    + "copy what they name)", "Write the values out, or use fewer aliases of aliases."));
            return nodes.nullNode();
        }
        if (depth > MAX_DEPTH) {
            if (!tooDeep) {
                tooDeep = true;
                problems.add(problem(node, "", "nested deeper than " + MAX_DEPTH + " levels", null));
            }
            return nodes.nullNode();
        }
        if (onPath.put(node, Boolean.TRUE) != null) {
            problems.add(problem(node, path, "this alias refers to a node that contains it: YAML like this has no JSON form",
                    "Write the value out instead of the alias."));
            return nodes.nullNode();
        }
        try {
            String tag = node.getTag().getValue();
            if (tag.startsWith("!") && !tag.startsWith("!!")) {
                return shortForm(node, tag.substring(1), path, depth);
            }
            return plain(node, path, depth);
        } finally {
            onPath.remove(node);
        }
    }

    private JsonNode plain(Node node, String path, int depth) {
        if (node instanceof MappingNode mapping) {
            ObjectNode object = nodes.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    problems.add(problem(tuple.getKeyNode(), path, "a key that is not text: JSON keys are strings", null));
                    continue;
                }
                String name = key.getValue();
                String childPath = JsonPaths.child(path, name);
                if (object.has(name)) {
                    problems.add(problem(key, childPath, "\"" + name + "\" appears twice in the same mapping",
                            "Keep one of them: which one counts differs from tool to tool."));
                    continue;
                }
                locations.putIfAbsent(childPath, location(key));
                object.set(name, convert(tuple.getValueNode(), childPath, depth + 1));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = nodes.arrayNode();
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                String childPath = JsonPaths.element(path, i);
                locations.putIfAbsent(childPath, location(items.get(i)));
                array.add(convert(items.get(i), childPath, depth + 1));
            }
            return array;
        }
        return scalar((ScalarNode) node);
    }

    /** A CloudFormation short form, as its long form: {@code !Ref X} is {@code {"Ref": "X"}}, {@code !Sub s} is {@code {"Fn::Sub": s}}. */
    private JsonNode shortForm(Node node, String function, String path, int depth) {
        if (!SHORT_FORMS.contains(function)) {
            problems.add(problem(node, path, "!" + function + " is not one of CloudFormation's functions",
                    "CloudFormation's short forms are !" + String.join(", !", SHORT_FORMS.stream().sorted().toList()) + "."));
            return nodes.nullNode();
        }
        String name = function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
        String childPath = JsonPaths.child(path, name);
        locations.putIfAbsent(childPath, location(node));
        JsonNode argument;
        if (node instanceof ScalarNode scalar) {
            argument = nodes.textNode(scalar.getValue());
            if (function.equals("GetAtt")) {
                ArrayNode pair = nodes.arrayNode();
                CloudFormationFunctions.resourceAndAttribute(scalar.getValue()).forEach(pair::add);
                argument = pair;
            }
        } else {
            argument = plain(node, childPath, depth);
        }
        ObjectNode call = nodes.objectNode();
        call.set(name, argument);
        return call;
    }

    private JsonNode scalar(ScalarNode scalar) {
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return nodes.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            return nodes.booleanNode(value.equalsIgnoreCase("true"));
        }
        if (Tag.INT.equals(tag)) {
            try {
                return nodes.numberNode(integer(value));
            } catch (NumberFormatException e) {
                return nodes.textNode(value);
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return nodes.numberNode(new BigDecimal(value));
            } catch (NumberFormatException e) {
                return nodes.textNode(value); // .inf and .nan have no JSON form: kept as the text written
            }
        }
        return nodes.textNode(value);
    }

    private static BigInteger integer(String value) {
        String digits = value.startsWith("+") ? value.substring(1) : value;
        if (digits.startsWith("0x")) {
            return new BigInteger(digits.substring(2), 16);
        }
        if (digits.startsWith("0o")) {
            return new BigInteger(digits.substring(2), 8);
        }
        return new BigInteger(digits);
    }

    private Problem problem(Node node, String path, String message, String hint) {
        return Problem.error(path, null, message, hint).at(location(node));
    }

    private static Location location(Node node) {
        return node.getStartMark().map(YamlDocument::location).orElse(null);
    }

    private static Location location(Mark mark) {
        return new Location(mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "it cannot be read";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
