package dev.ecslocal.simulator.parse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns Jackson's parser messages into short sentences: what was found, and what was expected. */
final class JsonSyntax {
    private static final Pattern UNEXPECTED_CHARACTER =
            Pattern.compile("Unexpected character \\('(.+?)' \\(code \\d+\\)\\):?\\s*(.*)", Pattern.DOTALL);
    private static final Pattern UNRECOGNIZED_TOKEN =
            Pattern.compile("Unrecognized token '(.*?)': (.*)", Pattern.DOTALL);

    private JsonSyntax() {
    }

    private static final Pattern FLOAT_AS_INT = Pattern.compile("Cannot coerce Floating-point value \\(([^)]*)\\).*", Pattern.DOTALL);
    private static final Pattern WRONG_TYPE = Pattern.compile(
            "Cannot deserialize value of type `([^`]+)` from (\\w+)(?: value)?(?: \\(token `[^`]*`\\))?(?: \"([^\"]*)\")?.*", Pattern.DOTALL);
    private static final Pattern NESTING = Pattern.compile("Document nesting depth \\((\\d+)\\) exceeds the maximum allowed \\((\\d+).*",
            Pattern.DOTALL);

    /** What a Java type is in JSON's words. */
    private static String jsonWord(String javaType) {
        String type = javaType.replaceAll("<.*", "");
        return switch (type) {
            case "int", "long", "java.lang.Integer", "java.lang.Long", "short", "java.lang.Short" -> "a whole number";
            case "double", "float", "java.lang.Double", "java.lang.Float", "java.math.BigDecimal" -> "a number";
            case "boolean", "java.lang.Boolean" -> "true or false";
            case "java.lang.String" -> "a string";
            default -> type.startsWith("java.util.List") || type.startsWith("java.util.Set") || type.endsWith("[]") ? "an array"
                    : type.startsWith("java.util.Map") ? "an object" : "an object of its own shape";
        };
    }

    private static String jsonThing(String jackson) {
        return switch (jackson) {
            case "String" -> "a string";
            case "Array" -> "an array";
            case "Object" -> "an object";
            case "Boolean" -> "true or false";
            case "Floating" -> "a number with a fraction";
            default -> jackson.startsWith("Integer") ? "a whole number" : "a value of another kind";
        };
    }

    static String explain(String message) {
        if (message == null) {
            return "unreadable input";
        }
        String firstLine = message.lines().findFirst().orElse(message).strip();
        if (firstLine.contains("ALLOW_COMMENTS") || firstLine.contains("maybe a (non-standard) comment")) {
            return "JSON has no comments: remove the // … or /* … */ here";
        }
        Matcher fraction = FLOAT_AS_INT.matcher(firstLine);
        if (fraction.matches()) {
            return "a number with a fraction (" + fraction.group(1) + ") where ECS wants a whole number";
        }
        Matcher nesting = NESTING.matcher(firstLine);
        if (nesting.matches()) {
            return "nested deeper than " + nesting.group(2) + " levels";
        }
        Matcher wrong = WRONG_TYPE.matcher(firstLine);
        if (wrong.matches()) {
            return jsonThing(wrong.group(2)) + (wrong.group(3) == null ? "" : " (\"" + wrong.group(3) + "\")") + " where ECS wants "
                    + jsonWord(wrong.group(1));
        }
        Matcher unexpected = UNEXPECTED_CHARACTER.matcher(firstLine);
        if (unexpected.matches()) {
            String rest = unexpected.group(2).replace("was expecting", "expected");
            return "unexpected character '" + unexpected.group(1) + "'" + (rest.isEmpty() ? "" : ": " + rest);
        }
        Matcher token = UNRECOGNIZED_TOKEN.matcher(firstLine);
        if (token.matches()) {
            return "unexpected word '" + token.group(1) + "': " + token.group(2).replace("was expecting", "expected");
        }
        // Whatever else Jackson says, without the Java: its type names in backquotes become JSON's words.
        return Pattern.compile("`([a-zA-Z_$][\\w$.]*(?:<[^`]*>)?)`").matcher(firstLine.replace("Unexpected end-of-input",
                        "the file ends too early").replace("was expecting", "expected"))
                .replaceAll(match -> Matcher.quoteReplacement(jsonWord(match.group(1))));
    }
}
