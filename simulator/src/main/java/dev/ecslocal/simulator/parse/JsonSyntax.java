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

    static String explain(String message) {
        if (message == null) {
            return "unreadable input";
        }
        String firstLine = message.lines().findFirst().orElse(message).strip();
        Matcher unexpected = UNEXPECTED_CHARACTER.matcher(firstLine);
        if (unexpected.matches()) {
            String rest = unexpected.group(2).replace("was expecting", "expected");
            return "unexpected character '" + unexpected.group(1) + "'" + (rest.isEmpty() ? "" : ": " + rest);
        }
        Matcher token = UNRECOGNIZED_TOKEN.matcher(firstLine);
        if (token.matches()) {
            return "unexpected word '" + token.group(1) + "': " + token.group(2).replace("was expecting", "expected");
        }
        return firstLine.replace("Unexpected end-of-input", "the file ends too early")
                .replace("was expecting", "expected");
    }
}
