package dev.ecslocal.simulator.firelens;

import java.util.Map;

/**
 * {@link FirelensConfig.Sections} in Fluent Bit's classic syntax, laid out as the agent's template lays it out
 * (ECS-SEMANTICS §7.4): the file starts with an empty line, every section is preceded by one, options are
 * indented four spaces, and the grep filters keep the template's extra spaces ({@code Name   grep}).
 */
final class FluentBitSyntax {
    private FluentBitSyntax() {
    }

    static String render(FirelensConfig.Sections sections) {
        StringBuilder out = new StringBuilder();
        for (FirelensConfig.Input input : sections.inputs()) {
            out.append("\n[INPUT]\n    Name ").append(input.name()).append('\n');
            if (input.tag() != null) {
                out.append("    Tag ").append(input.tag()).append('\n');
            }
            options(out, input.options());
        }
        for (FirelensConfig.Grep grep : sections.includes()) {
            out.append("\n[FILTER]\n    Name   grep\n    Match ").append(grep.match()).append("\n    Regex  log ")
                    .append(grep.pattern()).append('\n');
        }
        for (FirelensConfig.Grep grep : sections.excludes()) {
            out.append("\n[FILTER]\n    Name   grep\n    Match ").append(grep.match()).append("\n    Exclude log ")
                    .append(grep.pattern()).append('\n');
        }
        if (!sections.records().isEmpty()) {
            out.append("\n[FILTER]\n    Name record_modifier\n    Match *\n");
            sections.records().forEach((key, value) -> out.append("    Record ").append(key).append(' ').append(value).append('\n'));
        }
        if (sections.include() != null) {
            out.append("\n@INCLUDE ").append(sections.include()).append('\n');
        }
        if (sections.healthCheckOutput()) {
            out.append("\n[OUTPUT]\n    Name null\n    Match ").append(FirelensConfig.HEALTH_CHECK_TAG).append('\n');
        }
        for (FirelensConfig.Output output : sections.outputs()) {
            out.append('\n');
            if (output.replaces() != null) {
                out.append(FirelensConfig.replacedComment(output)).append('\n');
            }
            out.append("[OUTPUT]\n    Name ").append(output.plugin()).append("\n    Match ").append(output.match()).append('\n');
            if (output.forwardTo() != null) {
                out.append("    Host ").append(output.forwardTo().host()).append("\n    Port ").append(output.forwardTo().port())
                        .append('\n');
            }
            options(out, output.options());
        }
        return out.toString();
    }

    private static void options(StringBuilder out, Map<String, String> options) {
        options.forEach((key, value) -> out.append("    ").append(key).append(' ').append(value).append('\n'));
    }
}
