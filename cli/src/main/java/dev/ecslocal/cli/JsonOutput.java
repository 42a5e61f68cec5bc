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

    record CheckView(String file, boolean valid, String shape, String family, Integer revision, List<ProblemView> problems) {
        static CheckView of(String file, TaskDefinitionCheck.Result result) {
            return new CheckView(file, result.isValid(),
                    result.source() == null ? null : result.source().shape().name().toLowerCase(java.util.Locale.ROOT),
                    result.taskDefinition() == null ? null : result.taskDefinition().family(),
                    result.source() == null ? null : result.source().revision(),
                    result.problems().stream().map(p -> ProblemView.of(p, result)).toList());
        }
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
