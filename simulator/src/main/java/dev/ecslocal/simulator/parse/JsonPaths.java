package dev.ecslocal.simulator.parse;

import com.fasterxml.jackson.core.JsonStreamContext;

/**
 * Our JSON paths, as users read them: {@code containerDefinitions[1].dependsOn[0].containerName}.
 * Keys that are not plain identifiers (Docker labels, log options) are quoted: {@code dockerLabels["com.example"]}.
 */
public final class JsonPaths {
    private JsonPaths() {
    }

    public static String of(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        append(path, context);
        return path.toString();
    }

    private static void append(StringBuilder path, JsonStreamContext context) {
        if (context == null || context.inRoot()) {
            return;
        }
        append(path, context.getParent());
        if (context.inArray()) {
            path.append('[').append(Math.max(0, context.getCurrentIndex())).append(']');
        } else if (context.inObject() && context.getCurrentName() != null) {
            appendKey(path, context.getCurrentName());
        }
    }

    public static String child(String parent, String key) {
        StringBuilder path = new StringBuilder(parent);
        appendKey(path, key);
        return path.toString();
    }

    public static String element(String parent, int index) {
        return parent + "[" + index + "]";
    }

    private static void appendKey(StringBuilder path, String key) {
        if (key.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
            if (path.length() > 0) {
                path.append('.');
            }
            path.append(key);
        } else {
            path.append("[\"").append(key.replace("\"", "\\\"")).append("\"]");
        }
    }
}
