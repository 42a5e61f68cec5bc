package dev.ecslocal.simulator.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecslocal.simulator.problem.Location;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises files that are templates rather than task definitions: Terraform {@code templatefile}
 * ({@code ${var}}, {@code %{ if }}), Go/mustache ({@code {{ }}}), shell/jq splices ({@code $VAR} as a bare
 * JSON value), and the ECS agent's test harness ({@code $$$NAME$$$}). Such a file must be rendered before
 * ECS, or ecs-local, can read it.
 */
final class TemplatePlaceholders {

    /** A placeholder found in a file: its text and where it starts. */
    record Placeholder(String text, Location location, String path) {
    }

    private static final Pattern HARNESS = Pattern.compile("\\${3,}[A-Za-z_][A-Za-z0-9_]*\\${3,}");
    private static final Pattern TERRAFORM_DIRECTIVE = Pattern.compile("%\\{[^}\\n]*}");
    private static final Pattern JINJA_DIRECTIVE = Pattern.compile("\\{%[^\\n]*?%?}");
    private static final Pattern MUSTACHE = Pattern.compile("\\{\\{[^\\n]*?}}");
    /** {@code ${x}} but not Terraform's escape {@code $${x}}, which renders to a literal {@code ${x}}. */
    private static final Pattern INTERPOLATION = Pattern.compile("(?<!\\$)\\$\\{[^}\\n]*}");
    private static final Pattern BARE_VARIABLE = Pattern.compile("\\$[A-Za-z_][A-Za-z0-9_]*");

    /** Every kind of placeholder, in the order they are searched for in one piece of text. */
    private static final Pattern[] IN_TEXT = {HARNESS, TERRAFORM_DIRECTIVE, JINJA_DIRECTIVE, MUSTACHE, INTERPOLATION};

    /**
     * Fields whose strings are run by a shell, where {@code ${HOME}} or {@code {{.Name}}} is ordinary
     * content, and log-router options, where Fluent Bit expands {@code ${VAR}} itself.
     */
    private static final Set<String> SHELL_OR_ROUTER_FIELDS =
            Set.of("command", "entryPoint", "options");

    private TemplatePlaceholders() {
    }

    /**
     * The first placeholder in a file that is not valid JSON: anywhere in the text, including bare
     * {@code $VAR} tokens outside strings. The placeholder is very likely why the JSON is invalid.
     */
    static Optional<Placeholder> firstInText(String text) {
        Placeholder first = null;
        for (Pattern pattern : IN_TEXT) {
            Matcher matcher = pattern.matcher(text);
            if (matcher.find() && (first == null || offsetOf(text, first.location()) > matcher.start())) {
                first = new Placeholder(matcher.group(), locationOf(text, matcher.start()), "");
            }
        }
        Optional<Placeholder> bare = firstBareVariable(text);
        if (bare.isPresent() && (first == null || offsetOf(text, first.location()) > offsetOf(text, bare.get().location()))) {
            first = bare.get();
        }
        return Optional.ofNullable(first);
    }

    /**
     * The first placeholder inside the string values of a well-formed document, skipping the fields
     * where {@code ${..}} and {@code {{..}}} are ordinary content. {@code $$$NAME$$$} counts everywhere.
     */
    static Optional<Placeholder> firstInValues(JsonNode node, String path, boolean shellOrRouter) {
        if (node.isTextual()) {
            for (Pattern pattern : shellOrRouter ? new Pattern[] {HARNESS} : IN_TEXT) {
                Matcher matcher = pattern.matcher(node.textValue());
                if (matcher.find()) {
                    return Optional.of(new Placeholder(matcher.group(), null, path));
                }
            }
            return Optional.empty();
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<Placeholder> found = firstInValues(node.get(i), JsonPaths.element(path, i), shellOrRouter);
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                boolean skip = shellOrRouter || SHELL_OR_ROUTER_FIELDS.contains(field.getKey());
                Optional<Placeholder> found = firstInValues(field.getValue(), JsonPaths.child(path, field.getKey()), skip);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
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
                    return Optional.of(new Placeholder(matcher.group(), locationOf(text, i), ""));
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
