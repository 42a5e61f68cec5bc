package dev.ecslocal.simulator.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecslocal.simulator.Fixtures;
import dev.ecslocal.simulator.problem.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mutation suite over the team's own task definitions (samples/ and this module's test resources): every
 * field removed, every value turned into another JSON type, keys in another case, numbers out of range or
 * too large, the text cut short, commented, given a trailing comma, nested deep, or given bytes that are not
 * UTF-8. Whatever a user gets wrong, what ecs-local says must be in JSON's and ECS's words, never Java's or
 * Jackson's, and must say where: a problem with a line or a path, or no error at all.
 */
class NoJavaInMessagesTest {
    /** Words a user should never read: Java types, Jackson's features and its phrases, an unnamed container as null. */
    private static final Pattern JAVA = Pattern.compile("java\\.|javax\\.|com\\.fasterxml|(?i:jackson)|Exception|CoercionConfig"
            + "|StreamReadConstraints|Feature '|DeserializationFeature|Cannot coerce|Cannot deserialize|'null'|\"null\""
            + "|\\bnull\\b container|container null|Input length|MismatchedInput|\\bclass\\b"
            // Jackson's parser words, which a message about JSON should not need.
            + "|START_OBJECT|START_ARRAY|END_OBJECT|VALUE_|REDACTED|Source:|CTRL-CHAR|its own shape"
            + "|out of range of (int|long)|within/between|Trailing token|close marker|Unexpected end-of-input|\\bmarker\\b");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir
    Path dir;

    /** The user's mistake, and what ecs-local said of it. */
    private record Finding(String fixture, String mutation, String said) {
        @Override
        public String toString() {
            return fixture + " / " + mutation + ":\n      " + said;
        }
    }

    private static Map<String, String> fixtures() throws IOException {
        Map<String, String> fixtures = new LinkedHashMap<>();
        Path project = Fixtures.projectDir();
        try (Stream<Path> samples = Files.list(project.resolve("samples"))) {
            for (Path sample : samples.sorted().toList()) {
                Path file = sample.resolve("taskdef.json");
                if (Files.isRegularFile(file)) {
                    fixtures.put(project.relativize(file).toString(), Files.readString(file));
                }
            }
        }
        // The third shape: a Terraform container_definitions array (the reader binds it by another path).
        String nginx = fixtures.get("samples/nginx-proxy/taskdef.json");
        if (nginx != null) {
            fixtures.put("samples/nginx-proxy/taskdef.json as a Terraform array",
                    MAPPER.readTree(nginx).get("containerDefinitions").toPrettyString());
        }
        Path resources = project.resolve("simulator/src/test/resources");
        try (Stream<Path> files = Files.walk(resources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                fixtures.put(project.relativize(file).toString(), Files.readString(file));
            }
        }
        return fixtures;
    }

    @Test
    void the_fixtures_are_found_and_valid_as_they_are() throws IOException {
        Map<String, String> fixtures = fixtures();
        assertThat(fixtures.keySet()).as("samples and test resources").hasSizeGreaterThanOrEqualTo(8)
                .anyMatch(name -> name.startsWith("samples/")).anyMatch(name -> name.startsWith("simulator/"))
                .anyMatch(name -> name.endsWith("as a Terraform array"));
        fixtures.forEach((name, text) -> assertThat(Fixtures.check(text).errors()).as(name).isEmpty());
    }

    @Test
    void no_mutation_of_a_fixture_is_answered_in_Java_and_every_error_says_where() throws IOException {
        List<Finding> findings = java.util.Collections.synchronizedList(new ArrayList<>());
        int mutations = 0;
        for (Map.Entry<String, String> fixture : fixtures().entrySet()) {
            JsonNode original = MAPPER.readTree(fixture.getValue());
            Map<String, String> mutants = mutants(original, fixture.getValue());
            mutations += mutants.size();
            // Each check is independent of the others (the reader and the rules keep no state): use every core.
            mutants.entrySet().parallelStream().forEach(mutant -> {
                for (boolean fargate : new boolean[] {false, true}) {
                    TaskDefinitionCheck.Result result = Fixtures.check(mutant.getValue(), "taskdef.json", fargate);
                    judge(fixture.getKey(), mutant.getKey(), result, findings);
                }
            });
            for (Map.Entry<String, byte[]> mutant : byteMutants(fixture.getValue()).entrySet()) {
                mutations++;
                Path file = dir.resolve("mutant.json");
                Files.write(file, mutant.getValue());
                try {
                    judge(fixture.getKey(), mutant.getKey(),
                            new TaskDefinitionCheck().check(file, null, ValidationOptions.DEFAULT), findings);
                } catch (IOException e) {
                    // What the command line says of a file it cannot read: it must be in the user's words too.
                    if (JAVA.matcher(String.valueOf(e.getMessage())).find() || e.getMessage() == null) {
                        findings.add(new Finding(fixture.getKey(), mutant.getKey(), "cannot read: " + e.getMessage()));
                    }
                }
            }
        }
        assertThat(mutations).as("mutations tried").isGreaterThan(1500);
        assertThat(findings).as("messages in Java's words, or errors that say nowhere (%d of them)", findings.size())
                .isEmpty();
    }

    /**
     * The other formats (samples/formats: CloudFormation in YAML and JSON, terraform show, YAML, an array with its task
     * level): mutated as text, since YAML has no tree to mutate before it is read. Each line removed, each line indented
     * one more and one less, each CloudFormation tag and function name misspelt, the text cut short.
     */
    @Test
    void no_mutation_of_a_file_in_another_format_is_answered_in_Java_and_every_error_says_where() throws IOException {
        List<Finding> findings = java.util.Collections.synchronizedList(new ArrayList<>());
        int mutations = 0;
        try (Stream<Path> files = Files.list(Fixtures.projectDir().resolve("samples/formats"))) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".params.json")) {
                    continue;
                }
                dev.ecslocal.simulator.parse.ReadOptions options = dev.ecslocal.simulator.parse.OtherFormatsTest.optionsFor(name);
                String text = Files.readString(file);
                Map<String, String> mutants = textMutants(text);
                mutations += mutants.size();
                mutants.entrySet().parallelStream().forEach(mutant -> judge("samples/formats/" + name, mutant.getKey(),
                        new TaskDefinitionCheck().check(mutant.getValue(), Path.of(name), options, ValidationOptions.DEFAULT),
                        findings));
            }
        }
        assertThat(mutations).as("mutations tried").isGreaterThan(500);
        assertThat(findings).as("messages in Java's words, or errors that say nowhere (%d of them)", findings.size())
                .isEmpty();
    }

    private static Map<String, String> textMutants(String text) {
        Map<String, String> mutants = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            List<String> without = new ArrayList<>(List.of(lines));
            without.remove(i);
            mutants.put("line " + (i + 1) + " removed", String.join("\n", without));
            String[] deeper = lines.clone();
            deeper[i] = " " + lines[i];
            mutants.put("line " + (i + 1) + " indented", String.join("\n", deeper));
            if (lines[i].startsWith(" ")) {
                String[] shallower = lines.clone();
                shallower[i] = lines[i].substring(1);
                mutants.put("line " + (i + 1) + " dedented", String.join("\n", shallower));
            }
        }
        java.util.regex.Matcher function = Pattern.compile("!(Ref|Sub|GetAtt|If|Join|FindInMap|Equals|Not|ImportValue)\\b|"
                + "\"(Ref|Fn::\\w+)\"").matcher(text);
        while (function.find()) {
            mutants.put(function.group() + " at " + function.start() + " misspelt",
                    text.substring(0, function.end() - 1) + "x" + text.substring(function.end() - 1));
        }
        for (int percent = 5; percent < 100; percent += 5) {
            mutants.put("cut at " + percent + "%", text.substring(0, text.length() * percent / 100));
        }
        return mutants;
    }

    private static void judge(String fixture, String mutation, TaskDefinitionCheck.Result result, List<Finding> findings) {
        for (Problem problem : result.problems()) {
            String said = problem.message() + (problem.hint() == null ? "" : " | " + problem.hint());
            if (JAVA.matcher(said).find()) {
                findings.add(new Finding(fixture, mutation, problem.path() + ": " + said));
            }
        }
        List<Problem> errors = result.errors();
        if (!errors.isEmpty() && errors.stream().noneMatch(p -> p.location() != null || !p.path().isEmpty())) {
            findings.add(new Finding(fixture, mutation, "no error says where: " + errors));
        }
        if (result.taskDefinition() == null && errors.isEmpty()) {
            findings.add(new Finding(fixture, mutation, "refused without an error: " + result.problems()));
        }
    }

    // ---- the mutations ------------------------------------------------------------------------------

    /** Every mutation of the tree at every place in it, then the mutations of the text; named for the report. */
    private static Map<String, String> mutants(JsonNode original, String text) {
        Map<String, String> mutants = new LinkedHashMap<>();
        // One place of each kind: the fields of containerDefinitions/1 are those of containerDefinitions/0 (and the
        // rules and the reader see them the same way), but a field only the second container has is still mutated.
        java.util.Set<String> kinds = new java.util.HashSet<>();
        for (String pointer : pointers(original, "")) {
            if (!kinds.add(pointer.replaceAll("/\\d+", "/*"))) {
                continue;
            }
            JsonNode value = original.at(pointer);
            for (Map.Entry<String, Function<JsonNode, JsonNode>> change : valueChanges(value).entrySet()) {
                JsonNode copy = original.deepCopy();
                if (replace(copy, pointer, change.getValue().apply(value))) {
                    mutants.put(pointer + " " + change.getKey(), copy.toString());
                }
            }
            JsonNode removed = original.deepCopy();
            if (remove(removed, pointer)) {
                mutants.put(pointer + " removed", removed.toString());
            }
            JsonNode recased = original.deepCopy();
            if (renameKey(recased, pointer, key -> key.toUpperCase(Locale.ROOT))) {
                mutants.put(pointer + " key in upper case", recased.toString());
            }
            JsonNode capitalised = original.deepCopy();
            if (renameKey(capitalised, pointer, key -> Character.toUpperCase(key.charAt(0)) + key.substring(1))) {
                mutants.put(pointer + " key capitalised", capitalised.toString());
            }
        }
        for (int percent = 5; percent < 100; percent += 5) {
            mutants.put("cut at " + percent + "%", text.substring(0, text.length() * percent / 100));
        }
        int brace = text.indexOf('{');
        mutants.put("a // comment", text.substring(0, brace + 1) + "\n  // the task\n" + text.substring(brace + 1));
        mutants.put("a /* comment */", text.substring(0, brace + 1) + " /* the task */ " + text.substring(brace + 1));
        mutants.put("a # comment", text.substring(0, brace + 1) + "\n  # the task\n" + text.substring(brace + 1));
        int last = text.lastIndexOf('}');
        int lastBracket = text.lastIndexOf(']');
        mutants.put("a trailing comma in an object", text.substring(0, last).stripTrailing() + ",\n" + text.substring(last));
        if (lastBracket > 0) {
            mutants.put("a trailing comma in an array", text.substring(0, lastBracket).stripTrailing() + ",\n"
                    + text.substring(lastBracket));
        }
        mutants.put("single quotes", text.replace('"', '\''));
        mutants.put("two documents", text + text);
        mutants.put("an unquoted key", text.replaceFirst("\"(\\w+)\":", "$1:"));
        mutants.put("nested 2000 deep", "[".repeat(2000) + text + "]".repeat(2000));
        for (String pointer : pointers(original, "")) {
            if (original.at(pointer).isContainerNode()) {
                // Jackson cannot write a tree that deep: nest it in the text.
                JsonNode copy = original.deepCopy();
                if (replace(copy, pointer, NODES.textNode("__DEEP__"))) {
                    mutants.put(pointer + " nested 1200 deep", copy.toString().replace("\"__DEEP__\"",
                            "[".repeat(1200) + original.at(pointer) + "]".repeat(1200)));
                }
                break;
            }
        }
        mutants.put("an empty document", "");
        mutants.put("null", "null");
        mutants.put("a number", "42");
        mutants.put("a string", "\"taskdef\"");
        mutants.put("an empty array", "[]");
        mutants.put("an empty object", "{}");
        return mutants;
    }

    private static Map<String, Function<JsonNode, JsonNode>> valueChanges(JsonNode value) {
        Map<String, Function<JsonNode, JsonNode>> changes = new LinkedHashMap<>();
        changes.put("null", v -> NODES.nullNode());
        changes.put("true", v -> NODES.booleanNode(true));
        changes.put("a fraction", v -> NODES.numberNode(new BigDecimal("1.5")));
        changes.put("negative", v -> NODES.numberNode(-1));
        changes.put("out of range", v -> NODES.numberNode(70000));
        changes.put("a huge number", v -> NODES.numberNode(new BigInteger("123456789012345678901234567890")));
        changes.put("a huge fraction", v -> NODES.numberNode(new BigDecimal("1e400")));
        changes.put("an empty string", v -> NODES.textNode(""));
        if (value.isTextual()) {
            changes.put("a number for a string", v -> NODES.numberNode(7));
            changes.put("a string too long", v -> NODES.textNode("x".repeat(300)));
            changes.put("a string in upper case", v -> NODES.textNode(v.asText().toUpperCase(Locale.ROOT)));
        } else {
            changes.put("a string", v -> NODES.textNode("seven"));
        }
        if (value.isNumber()) {
            changes.put("a string for a number", v -> NODES.textNode(v.asText()));
        }
        if (value.isObject()) {
            changes.put("an array for an object", v -> NODES.arrayNode().add(v.deepCopy()));
        } else {
            changes.put("an object", v -> NODES.objectNode().set("value", v.deepCopy()));
        }
        if (value.isArray()) {
            changes.put("an object for an array", v -> v.isEmpty() ? NODES.objectNode() : v.get(0).deepCopy());
            changes.put("an empty array", v -> NODES.arrayNode());
        } else {
            changes.put("an array", v -> NODES.arrayNode().add(v.deepCopy()));
        }
        return changes;
    }

    private static Map<String, byte[]> byteMutants(String text) {
        Map<String, byte[]> mutants = new LinkedHashMap<>();
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int quote = text.indexOf("\":") + 4;
        mutants.put("Latin-1 bytes in a string", splice(utf8, quote, new byte[] {(byte) 0xE9, 'x'}));
        mutants.put("a broken UTF-8 sequence", splice(utf8, quote, new byte[] {(byte) 0xC3, (byte) 0x28}));
        mutants.put("a lone continuation byte", splice(utf8, quote, new byte[] {(byte) 0x80}));
        mutants.put("UTF-16 without a mark", text.getBytes(StandardCharsets.UTF_16LE));
        mutants.put("UTF-16 with a mark", text.getBytes(StandardCharsets.UTF_16));
        mutants.put("a NUL byte", splice(utf8, quote, new byte[] {0}));
        mutants.put("Windows-1252 quotes", splice(utf8, quote, new byte[] {(byte) 0x93, 'x', (byte) 0x94}));
        return mutants;
    }

    private static byte[] splice(byte[] bytes, int at, byte[] inserted) {
        byte[] out = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(bytes, at, out, at + inserted.length, bytes.length - at);
        return out;
    }

    // ---- JSON pointers over a tree ------------------------------------------------------------------

    private static List<String> pointers(JsonNode node, String at) {
        List<String> pointers = new ArrayList<>();
        if (!at.isEmpty()) {
            pointers.add(at);
        }
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                pointers.addAll(pointers(node.get(name), at + "/" + name.replace("~", "~0").replace("/", "~1")));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                pointers.addAll(pointers(node.get(i), at + "/" + i));
            }
        }
        return pointers;
    }

    private static String parentOf(String pointer) {
        return pointer.substring(0, pointer.lastIndexOf('/'));
    }

    private static String lastOf(String pointer) {
        return pointer.substring(pointer.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
    }

    private static boolean replace(JsonNode root, String pointer, JsonNode value) {
        JsonNode parent = root.at(parentOf(pointer));
        if (parent instanceof ObjectNode object) {
            object.set(lastOf(pointer), value);
            return true;
        }
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(lastOf(pointer)), value);
            return true;
        }
        return false;
    }

    private static boolean remove(JsonNode root, String pointer) {
        JsonNode parent = root.at(parentOf(pointer));
        if (parent instanceof ObjectNode object) {
            object.remove(lastOf(pointer));
            return true;
        }
        if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(lastOf(pointer)));
            return true;
        }
        return false;
    }

    /** The key at {@code pointer} renamed, keeping its place among its siblings. */
    private static boolean renameKey(JsonNode root, String pointer, Function<String, String> rename) {
        JsonNode parent = root.at(parentOf(pointer));
        if (!(parent instanceof ObjectNode object)) {
            return false;
        }
        String key = lastOf(pointer);
        String renamed = rename.apply(key);
        if (renamed.equals(key)) {
            return false;
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> fields.put(field.getKey().equals(key) ? renamed : field.getKey(),
                field.getValue()));
        object.removeAll();
        fields.forEach(object::set);
        return true;
    }
}
