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

    private static final Pattern EMPTY_STRING = Pattern.compile(
            "Cannot coerce empty String \\(\"\"\\) to (element of )?`([^`]+)`.*", Pattern.DOTALL);
    /** Jackson's list of what may start a value, which names JSON's literals in Java's quotes. */
    private static final Pattern VALUE_LIST = Pattern.compile(
            "(a valid value )?\\(JSON String, Number, Array, Object or token 'null', 'true' or 'false'\\)");
    private static final Pattern OUT_OF_RANGE = Pattern.compile(
            "Numeric value \\(([^)]*)\\) out of range of (int|long) \\((-?\\d+) - (\\d+)\\).*", Pattern.DOTALL);
    private static final Pattern UNCLOSED = Pattern.compile(
            "Unexpected end-of-input: (?:was )?expect(?:ed|ing) close marker for (Array|Object) \\(start marker at .*?line: (\\d+), "
                    + "column: (\\d+)\\]\\).*", Pattern.DOTALL);
    private static final Pattern MISMATCHED_CLOSE = Pattern.compile(
            "Unexpected close marker '(.)': expected '(.)' \\(for (Array|Object) starting at .*?line: (\\d+), column: (\\d+)\\]\\).*",
            Pattern.DOTALL);
    private static final Pattern NOTHING_TO_CLOSE = Pattern.compile("Unexpected close marker '(.)': no open (Array|Object) to close.*",
            Pattern.DOTALL);
    private static final Pattern CONTROL_CHARACTER = Pattern.compile(
            "Illegal (unquoted )?character \\(\\(CTRL-CHAR, code (\\d+)\\)\\).*", Pattern.DOTALL);
    private static final String A_VALUE = "a value (a string, a number, an array, an object, true, false or null)";

    /** What a Java type is in JSON's words. */
    private static String jsonWord(String javaType) {
        String type = javaType.replaceAll("<.*", "");
        Class<?> model = modelClass(type);
        if (model != null && model.isEnum()) {
            return "one of " + String.join(", ", BindingProblems.enumNames(model));
        }
        if (model != null) {
            return "an object";
        }
        return switch (type) {
            case "int", "long", "java.lang.Integer", "java.lang.Long", "short", "java.lang.Short" -> "a whole number";
            case "double", "float", "java.lang.Double", "java.lang.Float", "java.math.BigDecimal" -> "a number";
            case "boolean", "java.lang.Boolean" -> "true or false";
            case "java.lang.String" -> "a string";
            default -> type.matches("java\\.util\\.\\w*(List|Set|Collection)") || type.endsWith("[]") ? "an array"
                    : type.matches("java\\.util\\.\\w*Map") ? "an object" : "an object of its own shape";
        };
    }

    /** One of the model's own types (a record or an enum), or null for a JDK type or one not found. */
    private static Class<?> modelClass(String type) {
        if (!type.startsWith("dev.ecslocal.")) {
            return null;
        }
        try {
            return Class.forName(type, false, JsonSyntax.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
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
            return fraction.group(1).contains("Infinity") ? "a number too large to read where ECS wants a whole number"
                    : "a number with a fraction (" + fraction.group(1) + ") where ECS wants a whole number";
        }
        Matcher range = OUT_OF_RANGE.matcher(firstLine);
        if (range.matches()) {
            return "the number " + range.group(1) + " is too large: ECS wants a whole number from " + range.group(3) + " to "
                    + range.group(4);
        }
        Matcher unclosed = UNCLOSED.matcher(firstLine);
        if (unclosed.matches()) {
            return "the file ends too early: the " + (unclosed.group(1).equals("Array") ? "array [" : "object {")
                    + " opened at line " + unclosed.group(2) + ", column " + unclosed.group(3) + " is never closed";
        }
        Matcher mismatched = MISMATCHED_CLOSE.matcher(firstLine);
        if (mismatched.matches()) {
            return "unexpected '" + mismatched.group(1) + "': the " + (mismatched.group(3).equals("Array") ? "array [" : "object {")
                    + " opened at line " + mismatched.group(4) + ", column " + mismatched.group(5) + " is still open (close it with '"
                    + mismatched.group(2) + "' first)";
        }
        Matcher nothing = NOTHING_TO_CLOSE.matcher(firstLine);
        if (nothing.matches()) {
            return "unexpected '" + nothing.group(1) + "': nothing is open here for it to close (one '" + nothing.group(1)
                    + "' too many, or its opening bracket is missing)";
        }
        if (firstLine.startsWith("Unexpected end-of-input")) {
            return "the file ends too early" + (firstLine.contains("Array") ? ", inside an array"
                    : firstLine.contains("Object") ? ", inside an object" : firstLine.contains("field name") ? ", in a field name"
                    : firstLine.contains("string value") ? ", inside a string: a closing quote is missing" : "");
        }
        Matcher control = CONTROL_CHARACTER.matcher(firstLine);
        if (control.matches()) {
            return "a control character (code " + control.group(2) + ") " + (control.group(1) != null
                    ? "inside a string: remove it, or write it escaped (\\u" + String.format("%04x", Integer.parseInt(control.group(2)))
                    + ")" : "where only spaces, tabs and line breaks may go: remove it");
        }
        if (firstLine.startsWith("Trailing token")) {
            return "more JSON after the end of the task definition: a file holds one JSON document";
        }
        Matcher nesting = NESTING.matcher(firstLine);
        if (nesting.matches()) {
            return "nested deeper than " + nesting.group(2) + " levels";
        }
        Matcher empty = EMPTY_STRING.matcher(firstLine);
        if (empty.matches()) {
            // "to element of `T`": Jackson tried the string as the one element of the array T.
            return "an empty string where ECS wants " + (empty.group(1) != null ? "an array" : jsonWord(empty.group(2)));
        }
        if (firstLine.startsWith("Unexpected character ('}'") && firstLine.contains("double-quote to start field name")) {
            return "a comma before '}': JSON allows no comma after the last field, remove it";
        }
        if (firstLine.startsWith("Unexpected character (']'") && VALUE_LIST.matcher(firstLine).find()) {
            return "unexpected ']': expected " + A_VALUE + " (JSON allows no comma after the last element: remove it)";
        }
        firstLine = VALUE_LIST.matcher(firstLine).replaceAll(Matcher.quoteReplacement(A_VALUE));
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
