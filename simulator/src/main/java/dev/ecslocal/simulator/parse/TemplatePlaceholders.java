package dev.ecslocal.simulator.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecslocal.simulator.problem.Location;
import dev.ecslocal.simulator.problem.Problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Template placeholders: Terraform {@code templatefile} ({@code ${var}}, {@code %{ if }}), Go/mustache/Jinja
 * ({@code {{ }}}, {@code {% %}}), CloudFormation {@code Fn::Sub} ({@code ${Partition}}), the ECS agent's test harness
 * ({@code $$$NAME$$$}), CodePipeline's and CodeDeploy's {@code <IMAGE1_NAME>} (a whole value in upper snake case), and
 * shell/jq splices ({@code $VAR} as a bare JSON value).
 *
 * <p>Two cases. A splice outside any string makes the file invalid JSON: it must be rendered before ECS, or ecs-local,
 * can read it ({@link #firstInText}). A placeholder inside a string value leaves well-formed JSON that ECS registers as
 * written (except in an image, whose characters ECS restricts), and nothing a plan decides depends on such a string:
 * it is a warning, located and saying what `run` will need ({@link #warnings}). What `run` needs before it starts is
 * checked by the launch, with {@link #in}.
 */
public final class TemplatePlaceholders {

    /** A placeholder found in a file that is not JSON: its text and where it starts. */
    record Placeholder(String text, Location location) {
    }

    /*
     * Every pattern is linear in the text it scans: what is inside a placeholder stops at the next opening brace (so a
     * match tried at each of a million "{{" looks at the characters up to the next one only, not to the end of the line),
     * a placeholder is at most LONGEST characters, and a run of "$" is entered at its first "$" only, without
     * backtracking.
     */
    private static final String LONGEST = "200";
    private static final Pattern HARNESS = Pattern.compile("(?<!\\$)\\${3,}+[A-Za-z_][A-Za-z0-9_]{0," + LONGEST + "}+\\${3,}");
    private static final Pattern TERRAFORM_DIRECTIVE = Pattern.compile("%\\{[^{}%\\n]{0," + LONGEST + "}}");
    private static final Pattern JINJA_DIRECTIVE = Pattern.compile("\\{%[^{}\\n]{0," + LONGEST + "}}");
    private static final Pattern MUSTACHE = Pattern.compile("\\{\\{[^{}\\n]{0," + LONGEST + "}}}");
    /** A GitHub Actions expression, {@code ${{ github.sha }}}, left in a file a workflow should have rendered. */
    private static final Pattern ACTIONS_EXPRESSION = Pattern.compile("\\$\\{\\{[^{}\\n]{0," + LONGEST + "}}}");
    /** {@code ${x}} but not Terraform's escape {@code $${x}}, which renders to a literal {@code ${x}}. */
    private static final Pattern INTERPOLATION = Pattern.compile("(?<!\\$)\\$\\{[^{}\\n]{0," + LONGEST + "}}");
    private static final Pattern BARE_VARIABLE = Pattern.compile("\\$[A-Za-z_][A-Za-z0-9_]*");
    /**
     * CodePipeline's ECS (Blue/Green) action and CodeDeploy replace {@code <IMAGE1_NAME>} in taskdef.json with the
     * image they built. Only a whole value counts, in upper snake case: {@code "<b>"}, {@code "a <NAME> b"} or
     * {@code "<none>"} are ordinary strings.
     */
    private static final Pattern CODEDEPLOY = Pattern.compile("<[A-Z][A-Z0-9]{0," + LONGEST + "}+(?:_[A-Z0-9]{1," + LONGEST + "}+)*+>");

    /** Every kind of placeholder, in the order they are searched for in one piece of text. */
    private static final List<Kind> IN_TEXT = List.of(new Kind("$$$", HARNESS), new Kind("${{", ACTIONS_EXPRESSION),
            new Kind("%{", TERRAFORM_DIRECTIVE), new Kind("{%", JINJA_DIRECTIVE), new Kind("{{", MUSTACHE),
            new Kind("${", INTERPOLATION));

    /** A kind of placeholder, and what every one of them starts with: text without it is not searched (a fast scan). */
    private record Kind(String opener, Pattern pattern) {
        Matcher in(String text) {
            return text.contains(opener) ? pattern.matcher(text) : null;
        }
    }

    /**
     * Fields whose strings are run by a shell, where {@code ${HOME}} or {@code {{.Name}}} is ordinary
     * content, and log-router options, where Fluent Bit expands {@code ${VAR}} itself.
     */
    private static final Set<String> SHELL_OR_ROUTER_FIELDS =
            Set.of("command", "entryPoint", "options");

    private static final Pattern CONTAINER_FIELD = Pattern.compile("^containerDefinitions\\[\\d+]\\.(.+)$");
    private static final Pattern SECRET_VALUE_FROM =
            Pattern.compile("^(secrets|logConfiguration\\.secretOptions)\\[(\\d+)]\\.valueFrom$");
    private static final Pattern ENVIRONMENT_FILE = Pattern.compile("^environmentFiles\\[\\d+]\\.value$");
    private static final Pattern CONTAINER_INDEX = Pattern.compile("^containerDefinitions\\[(\\d+)]");
    private static final Pattern SECRET_INDEX =
            Pattern.compile("^containerDefinitions\\[(\\d+)]\\.(secrets|logConfiguration\\.secretOptions)\\[(\\d+)]");

    private TemplatePlaceholders() {
    }

    /**
     * The placeholders in one string value of a field ECS reads as written (not a command, an entry point or a log
     * option), in the order they appear; empty when there is none.
     */
    public static List<String> in(String value) {
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        List<int[]> spans = new ArrayList<>();
        if (CODEDEPLOY.matcher(value).matches()) {
            spans.add(new int[] {0, value.length()});
        }
        for (Kind kind : IN_TEXT) {
            Matcher matcher = kind.in(value);
            while (matcher != null && matcher.find()) {
                spans.add(new int[] {matcher.start(), matcher.end()});
            }
        }
        spans.sort(Comparator.comparingInt((int[] span) -> span[0]));
        // Overlapping matches are one placeholder: GitHub's ${{ x }} is both ${…} and {{ … }}.
        List<String> found = new ArrayList<>();
        int start = -1;
        int end = -1;
        for (int[] span : spans) {
            if (span[0] < end) {
                end = Math.max(end, span[1]);
                continue;
            }
            if (start >= 0) {
                found.add(value.substring(start, end));
            }
            start = span[0];
            end = span[1];
        }
        if (start >= 0) {
            found.add(value.substring(start, end));
        }
        return List.copyOf(found);
    }

    /**
     * A warning for each placeholder in the string values of a well-formed task definition, at its JSON path, naming
     * it and what `run` will need in its place. The fields where {@code ${..}} and {@code {{..}}} are ordinary
     * content (commands, log options) are skipped; {@code $$$NAME$$$} counts everywhere.
     *
     * @param definition the task definition, or a Terraform container_definitions array
     * @param path       the path of {@code definition}: "" for a task definition, "containerDefinitions" for an array
     */
    static List<Problem> warnings(JsonNode definition, String path) {
        List<Problem> warnings = new ArrayList<>();
        collect(definition, path, false, definition, warnings);
        return List.copyOf(warnings);
    }

    private static void collect(JsonNode node, String path, boolean shellOrRouter, JsonNode root, List<Problem> warnings) {
        if (node.isTextual()) {
            List<String> found = shellOrRouter ? harnessIn(node.textValue()) : in(node.textValue());
            for (String placeholder : found.stream().distinct().toList()) {
                warnings.add(warning(placeholder, node.textValue(), path, root));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), JsonPaths.element(path, i), shellOrRouter, root, warnings);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                boolean skip = shellOrRouter || SHELL_OR_ROUTER_FIELDS.contains(field.getKey());
                collect(field.getValue(), JsonPaths.child(path, field.getKey()), skip, root, warnings);
            }
        }
    }

    private static List<String> harnessIn(String value) {
        List<String> found = new ArrayList<>();
        Matcher matcher = HARNESS.matcher(value);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    /** What the placeholder is, and what `run` needs in its place: an image, a secret, a local file, or nothing. */
    private static Problem warning(String placeholder, String value, String path, JsonNode root) {
        String message = "template placeholder " + placeholder + ": validate and plan read the value as written";
        Matcher inContainer = CONTAINER_FIELD.matcher(path);
        if (inContainer.matches()) {
            String field = inContainer.group(1);
            String container = containerAt(root, path).orElse("NAME");
            if (field.equals("image")) {
                return Problem.warning(path, null, message, "ECS refuses an image with a placeholder (\"Container.image "
                        + "contains invalid characters\"): CodePipeline, CodeDeploy or your templating replaces it before "
                        + "registering. To run the task here, give the image: --image " + container + "=IMAGE (e.g. --image "
                        + container + "=" + container.toLowerCase(java.util.Locale.ROOT) + ":dev).");
            }
            Matcher secret = SECRET_VALUE_FROM.matcher(field);
            if (secret.matches()) {
                String name = secretName(root, path).map(n -> " or under its name \"" + n + "\"").orElse("");
                return Problem.warning(path, null, message, "To run the task here, the --secrets file must hold this "
                        + "secret under its valueFrom as written (\"" + value + "\")" + name + ".");
            }
            if (ENVIRONMENT_FILE.matcher(field).matches()) {
                return Problem.warning(path, null, message, "To run the task here, give a local copy of the object: "
                        + "--env-file-map '" + value + "=PATH'.");
            }
        }
        return Problem.warning(path, null, message, "ECS uses the string as written, and so does run: render the file "
                + "first where the real value matters.");
    }

    /** The name of the container a path is in, read from the document (the model is not built yet). */
    private static Optional<String> containerAt(JsonNode root, String path) {
        Matcher index = CONTAINER_INDEX.matcher(path);
        if (!index.find()) {
            return Optional.empty();
        }
        JsonNode containers = root.isArray() ? root : root.path("containerDefinitions");
        JsonNode name = containers.path(Integer.parseInt(index.group(1))).path("name");
        return name.isTextual() && !name.textValue().isEmpty() ? Optional.of(name.textValue()) : Optional.empty();
    }

    private static Optional<String> secretName(JsonNode root, String path) {
        Matcher where = SECRET_INDEX.matcher(path);
        if (!where.find()) {
            return Optional.empty();
        }
        JsonNode containers = root.isArray() ? root : root.path("containerDefinitions");
        JsonNode container = containers.path(Integer.parseInt(where.group(1)));
        JsonNode list = where.group(2).equals("secrets") ? container.path("secrets")
                : container.path("logConfiguration").path("secretOptions");
        JsonNode name = list.path(Integer.parseInt(where.group(3))).path("name");
        return name.isTextual() && !name.textValue().isEmpty() ? Optional.of(name.textValue()) : Optional.empty();
    }

    /**
     * The first placeholder in a file that is not valid JSON: anywhere in the text, including bare
     * {@code $VAR} tokens outside strings. The placeholder is very likely why the JSON is invalid.
     */
    static Optional<Placeholder> firstInText(String text) {
        Placeholder first = null;
        for (Kind kind : IN_TEXT) {
            Matcher matcher = kind.in(text);
            if (matcher != null && matcher.find() && (first == null || offsetOf(text, first.location()) > matcher.start())) {
                first = new Placeholder(matcher.group(), locationOf(text, matcher.start()));
            }
        }
        Optional<Placeholder> bare = firstBareVariable(text);
        if (bare.isPresent() && (first == null || offsetOf(text, first.location()) > offsetOf(text, bare.get().location()))) {
            first = bare.get();
        }
        return Optional.ofNullable(first);
    }

    /**
     * The placeholder that broke the parse: one on the line where the parser stopped. Empty when that line has none:
     * the file has another mistake, and "render it first" would hide it (most CloudFormation templates hold a
     * {@code ${AWS::Region}} somewhere, in a string where it belongs).
     */
    static Optional<Placeholder> onLine(String text, int line) {
        int start = 0;
        for (int current = 1; current < line; current++) {
            int newline = text.indexOf('\n', start);
            if (newline < 0) {
                return Optional.empty();
            }
            start = newline + 1;
        }
        int end = text.indexOf('\n', start);
        return firstInText(text.substring(start, end < 0 ? text.length() : end))
                .map(found -> new Placeholder(found.text(), new Location(line, found.location().column())));
    }

    /** A {@code $NAME} outside any string: never JSON, always a splice. */
    private static Optional<Placeholder> firstBareVariable(String text) {
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '$') {
                Matcher matcher = BARE_VARIABLE.matcher(text).region(i, text.length());
                if (matcher.lookingAt()) {
                    return Optional.of(new Placeholder(matcher.group(), locationOf(text, i)));
                }
            }
        }
        return Optional.empty();
    }

    static Location locationOf(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Location(line, offset - lineStart + 1);
    }

    private static int offsetOf(String text, Location location) {
        int line = 1;
        int i = 0;
        while (line < location.line() && i < text.length()) {
            if (text.charAt(i++) == '\n') {
                line++;
            }
        }
        return i + location.column() - 1;
    }
}
