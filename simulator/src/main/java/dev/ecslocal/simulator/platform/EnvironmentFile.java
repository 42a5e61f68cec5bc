package dev.ecslocal.simulator.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code environmentFiles} file, read with ECS's literal rules (ECS-SEMANTICS §9.2): one {@code NAME=value} per
 * line, split at the first {@code =}; a line is a comment only when {@code #} is its very first character; nothing is
 * trimmed (but a CRLF line end is a line end), no quotes are removed, nothing is expanded; a line without {@code =} or with an empty name is skipped;
 * within a file the last line of a name wins.
 */
public final class EnvironmentFile {
    private EnvironmentFile() {
    }

    public static Map<String, String> parse(String content) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String raw : content.split("\n", -1)) {
            // The agent reads lines with Go's line scanner, which drops one \r before the \n: CRLF files read the same.
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            variables.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return variables;
    }

    /** Several files in the task definition's order: a name takes its value from the first file that has it. */
    public static Map<String, String> merge(List<Map<String, String>> files) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (Map<String, String> file : files) {
            file.forEach(merged::putIfAbsent);
        }
        return merged;
    }
}
