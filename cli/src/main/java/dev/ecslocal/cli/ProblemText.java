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

    /** The file as messages name it (its path, or {@code <stdin>}). */
    private final String file;
    /** Where to read the lines an excerpt shows: the file, or, for standard input, {@link #text}. */
    private final Path path;
    private final String text;
    private final TaskDefinitionSource source;
    /** The file was read as a task definition: a container problem without a container name is about an unnamed one. */
    private final boolean read;
    private final Style style;

    /**
     * @param path null when the task definition did not come from a file
     * @param text the task definition's text when it did not come from a file, else null
     */
    ProblemText(String file, Path path, String text, TaskDefinitionCheck.Result result, Style style) {
        this.file = file;
        this.path = path;
        this.text = text;
        this.source = result.source();
        this.read = result.taskDefinition() != null;
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
        if (!container.find() || (problem.container() == null && !read)) {
            return inFile;
        }
        String prefix = source == null ? container.group() : source.documentPath(container.group());
        String rest = inFile.substring(Math.min(prefix.length(), inFile.length())).replaceFirst("^\\.", "");
        String name = problem.container() == null ? " (no name)" : " \"" + problem.container() + "\"";
        return prefix + name + (rest.isEmpty() ? "" : " › " + rest);
    }

    /** The line of the file at {@code location}, with a caret under the column. */
    private String excerpt(Location location) {
        try {
            List<String> lines = text != null ? text.lines().toList()
                    : path != null ? Files.readAllLines(path, StandardCharsets.UTF_8) : List.of();
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
