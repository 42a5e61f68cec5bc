package dev.ecslocal.simulator.firelens;

import java.util.Map;

/**
 * {@link FirelensConfig.Sections} in Fluentd's syntax, laid out as the agent's fluentd template lays it out
 * (ECS-SEMANTICS §7.4): sources, grep filters with {@code <regexp>}/{@code <exclude>}, a record_transformer for
 * the ECS metadata, {@code @include}, and {@code <match>} sections keyed by {@code @type}.
 */
final class FluentdSyntax {
    private FluentdSyntax() {
    }

    static String render(FirelensConfig.Sections sections) {
        StringBuilder out = new StringBuilder();
        for (FirelensConfig.Input input : sections.inputs()) {
            out.append("\n<source>\n    @type ").append(input.name()).append('\n');
            options(out, input.options());
            out.append("</source>\n");
        }
        for (FirelensConfig.Grep grep : sections.includes()) {
            grep(out, grep, "regexp");
        }
        for (FirelensConfig.Grep grep : sections.excludes()) {
            grep(out, grep, "exclude");
        }
        if (!sections.records().isEmpty()) {
            // "**", as the agent writes it for Fluentd (matchAnyWildcardFluentd): in Fluentd "*" matches one tag part only.
            out.append("\n<filter **>\n    @type record_transformer\n    <record>\n");
            sections.records().forEach((key, value) -> out.append("        ").append(key).append(' ').append(value).append('\n'));
            out.append("    </record>\n</filter>\n");
        }
        if (sections.include() != null) {
            out.append("\n@include ").append(sections.include()).append('\n');
        }
        for (FirelensConfig.Output output : sections.outputs()) {
            out.append('\n');
            if (output.replaces() != null) {
                out.append(FirelensConfig.replacedComment(output)).append('\n');
            }
            out.append("<match ").append(output.match()).append(">\n    @type ").append(output.plugin()).append('\n');
            if (output.forwardTo() != null) {
                out.append("    <server>\n        host ").append(output.forwardTo().host()).append("\n        port ")
                        .append(output.forwardTo().port()).append("\n    </server>\n");
            }
            options(out, output.options());
            out.append("</match>\n");
        }
        return out.toString();
    }

    private static void grep(StringBuilder out, FirelensConfig.Grep grep, String kind) {
        out.append("\n<filter ").append(grep.match()).append(">\n    @type  grep\n    <").append(kind).append(">\n        key log\n")
                .append("        pattern ").append(grep.pattern()).append("\n    </").append(kind).append(">\n</filter>\n");
    }

    private static void options(StringBuilder out, Map<String, String> options) {
        options.forEach((key, value) -> out.append("    ").append(key).append(' ').append(value).append('\n'));
    }
}
