package dev.ecslocal.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ecslocal.simulator.problem.Problem;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;

import java.io.PrintWriter;
import java.util.List;

/** {@code --output json}: stable field names, for scripts and CI. */
final class JsonOutput {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    record ProblemView(String severity, String path, String pathInFile, String container, Integer line, Integer column,
                       String message, String hint) {
        static ProblemView of(Problem problem, TaskDefinitionCheck.Result result) {
            return new ProblemView(problem.severity().name(), problem.path(),
                    result.source() == null ? problem.path() : result.source().documentPath(problem.path()),
                    problem.container(),
                    problem.location() == null ? null : problem.location().line(),
                    problem.location() == null ? null : problem.location().column(),
                    problem.message(), problem.hint());
        }
    }

    /**
     * What validate says of a file, and, in the same shape, every failure of a command run with {@code -o json}: a
     * usage error (exit 2), a file that cannot be read or used (3), a task that cannot start (1), no Docker (4).
     * {@code file} is absent when the command line did not get as far as naming one.
     */
    record CheckView(String file, boolean valid, int exitCode, String shape, String family, Integer revision,
                     List<ProblemView> problems) {
        static CheckView of(String file, TaskDefinitionCheck.Result result, int exitCode) {
            return new CheckView(file, result.isValid(), exitCode,
                    result.source() == null ? null : result.source().shape().name().toLowerCase(java.util.Locale.ROOT),
                    result.taskDefinition() == null ? null : result.taskDefinition().family(),
                    result.source() == null ? null : result.source().revision(),
                    result.problems().stream().map(p -> ProblemView.of(p, result)).toList());
        }

        /** A failure that is not a problem of the file: one problem, about the whole document (path ""). */
        static CheckView failure(String file, int exitCode, String message, String hint) {
            return new CheckView(file, false, exitCode, null, null, null,
                    List.of(new ProblemView("ERROR", "", "", null, null, null, message, hint)));
        }
    }

    /**
     * Whether {@code args} ask for {@code -o json} ({@code -o json}, {@code -ojson}, {@code -o=json},
     * {@code --output json}, {@code --output=json}, any case): read from the raw arguments, because a command line
     * picocli could not parse has no option values.
     */
    static boolean requested(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                return false;
            }
            if ((arg.equals("-o") || arg.equals("--output")) && i + 1 < args.size() && args.get(i + 1).equalsIgnoreCase("json")) {
                return true;
            }
            if (arg.matches("(?i)(-o=?|--output=)json")) {
                return true;
            }
        }
        return false;
    }

    /** One object on one line, for JSON Lines. */
    private static final ObjectMapper LINES = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private JsonOutput() {
    }

    static String line(Object value) {
        try {
            return LINES.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON output", e);
        }
    }

    static String document(Object value) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON output", e);
        }
    }

    static void write(PrintWriter out, Object value) {
        out.print(document(value));
        out.flush();
    }
}
