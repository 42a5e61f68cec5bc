package dev.ecslocal.cli;

import dev.ecslocal.simulator.parse.TaskDefinitionSource;
import dev.ecslocal.simulator.problem.Location;
import dev.ecslocal.simulator.problem.Problem;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Problems as a person reads them: where (file:line:column, the path in the file's own terms, the
 * container), what is wrong, what to do. When the file cannot be read at all, the offending line is shown too.
 */
final class ProblemText {
    private static final Pattern CONTAINER_PATH = Pattern.compile("^containerDefinitions\\[(\\d+)]");

    private final Path file;
    private final TaskDefinitionSource source;
    private final Style style;

    ProblemText(Path file, TaskDefinitionSource source, Style style) {
        this.file = file;
        this.source = source;
        this.style = style;
    }

    Style style() {
        return style;
    }

    /** The report of a file that cannot be used: a headline, then every error, then every warning. */
    String invalid(TaskDefinitionCheck.Result result) {
        List<Problem> errors = result.errors();
        String what = result.taskDefinition() == null && errors.size() == 1 && errors.get(0).path().isEmpty()
                ? "cannot be read as a task definition"
                : "is not a valid task definition";
        StringBuilder out = new StringBuilder();
        out.append(style.bold("ecs-local: " + file + " " + what + " (" + count(errors.size(), "problem") + ")"))
                .append("\n");
        boolean refused = result.taskDefinition() == null;
        for (Problem problem : errors) {
            out.append('\n').append(render(problem));
            if (refused && problem.location() != null) {
                out.append(excerpt(problem.location()));
            }
        }
        out.append(warnings(result.warnings()));
        return out.toString();
    }

    String warnings(List<Problem> warnings) {
        if (warnings.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n").append(style.yellow(count(warnings.size(), "warning") + ":")).append('\n');
        for (Problem problem : warnings) {
            out.append('\n').append(render(problem));
        }
        return out.toString();
    }

    String render(Problem problem) {
        StringBuilder out = new StringBuilder("  ");
        String where = file + (problem.location() == null ? "" : ":" + problem.location());
        out.append(style.dim(where));
        String path = displayPath(problem);
        if (!path.isEmpty()) {
            out.append("  ").append(style.bold(path));
        }
        out.append('\n');
        String message = problem.isError() ? style.red(problem.message()) : problem.message();
        out.append("    ").append(message).append('\n');
        if (problem.hint() != null) {
            out.append("    ").append(problem.hint()).append('\n');
        }
        return out.toString();
    }

    /** {@code containerDefinitions[1] "app" › dependsOn[0].containerName}, in the file's own terms. */
    private String displayPath(Problem problem) {
        String inFile = source == null ? problem.path() : source.documentPath(problem.path());
        Matcher container = CONTAINER_PATH.matcher(problem.path());
        if (problem.container() == null || !container.find()) {
            return inFile;
        }
        String prefix = source == null ? container.group() : source.documentPath(container.group());
        String rest = inFile.substring(Math.min(prefix.length(), inFile.length())).replaceFirst("^\\.", "");
        return prefix + " \"" + problem.container() + "\"" + (rest.isEmpty() ? "" : " › " + rest);
    }

    /** The line of the file at {@code location}, with a caret under the column. */
    private String excerpt(Location location) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (location.line() < 1 || location.line() > lines.size()) {
                return "";
            }
            String line = lines.get(location.line() - 1).replace('\t', ' ');
            String shown = line.length() > 120 ? line.substring(0, 120) + "…" : line;
            int caret = Math.min(Math.max(location.column() - 1, 0), shown.length());
            return "\n      " + shown + "\n      " + " ".repeat(caret) + style.red("^") + "\n";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
