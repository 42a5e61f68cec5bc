package dev.ecslocal.simulator.parse;

import dev.ecslocal.simulator.problem.Problem;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import dev.ecslocal.simulator.validate.ValidationOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real task definitions written by others (../shared/corpus, beside the checkout): each is accepted,
 * with its warnings listed, or refused with a message that names its line or placeholder; none makes
 * ecs-local throw or say something generic. The outcome of every file is kept in corpus-outcomes.txt.
 */
class CorpusTest {

    static Path corpus() {
        String shared = System.getProperty("ecslocal.shared.dir", "../../shared");
        return Path.of(shared).resolve("corpus").toAbsolutePath().normalize();
    }

    static Stream<Path> files() throws IOException {
        Path corpus = corpus();
        Assumptions.assumeTrue(Files.isDirectory(corpus), "the shared corpus is not beside this checkout: " + corpus);
        try (Stream<Path> listing = Files.list(corpus)) {
            return listing.filter(f -> !f.getFileName().toString().equals("INDEX.md")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void every_file_is_accepted_or_refused_with_a_located_specific_message(Path file) throws IOException {
        TaskDefinitionCheck.Result result = new TaskDefinitionCheck().check(file, null, ValidationOptions.DEFAULT);
        for (Problem problem : result.problems()) {
            assertThat(problem.location()).as("where is: " + problem).isNotNull();
            assertThat(problem.message()).as("a specific message").doesNotStartWith("cannot read this value")
                    .doesNotContain("Exception").doesNotContain("java.");
        }
        if (!result.isValid()) {
            assertThat(result.errors()).isNotEmpty();
        }
    }

    @Test
    void the_outcome_of_every_file_is_the_recorded_one() throws IOException {
        List<String> outcomes = new ArrayList<>();
        for (Path file : files().toList()) {
            TaskDefinitionCheck.Result result = new TaskDefinitionCheck().check(file, null, ValidationOptions.DEFAULT);
            outcomes.add(file.getFileName() + ": " + outcome(result));
        }
        String expected;
        try (InputStream in = CorpusTest.class.getResourceAsStream("/corpus-outcomes.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(String.join("\n", outcomes) + "\n").isEqualTo(expected);
    }

    private static String outcome(TaskDefinitionCheck.Result result) {
        if (result.isValid()) {
            return "accepted" + (result.warnings().isEmpty() ? "" : ", warnings: "
                    + String.join(" | ", result.warnings().stream().map(CorpusTest::line).toList()));
        }
        return "refused: " + String.join(" | ", result.errors().stream().map(CorpusTest::line).toList());
    }

    private static String line(Problem problem) {
        return problem.location() + " " + (problem.path().isEmpty() ? "" : problem.path() + " ") + problem.message();
    }
}
