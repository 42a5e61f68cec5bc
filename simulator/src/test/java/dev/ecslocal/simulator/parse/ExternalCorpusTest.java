package dev.ecslocal.simulator.parse;

import dev.ecslocal.simulator.Fixtures;
import dev.ecslocal.simulator.problem.Problem;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import dev.ecslocal.simulator.validate.ValidationOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
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
import static org.assertj.core.api.Assertions.fail;

/**
 * An optional suite on real task definitions written by others, kept outside the project (the team's corpus is
 * shared/corpus beside the checkout; those files are not ours to copy in). It runs only when given a directory:
 * {@code -Decslocal.corpus.dir=DIR} or {@code ECS_LOCAL_CORPUS_DIR=DIR}, the property first; a relative path is
 * read from the project's root. Given none, it is skipped and says so on stderr; given one that is not a
 * directory, it fails, since a wrong path must not pass for a skip.
 *
 * <p>Each file is accepted, with its warnings listed, or refused with a message that names its line or
 * placeholder; none makes ecs-local throw or say something generic. corpus-outcomes.txt records the outcome of
 * every file of the team's corpus: run on another corpus, that test shows the difference.
 */
@EnabledIf(value = "aCorpusIsGiven", disabledReason = ExternalCorpusTest.SKIPPED)
class ExternalCorpusTest {
    static final String PROPERTY = "ecslocal.corpus.dir";
    static final String ENVIRONMENT_VARIABLE = "ECS_LOCAL_CORPUS_DIR";
    static final String SKIPPED = "external corpus suite skipped: set " + ENVIRONMENT_VARIABLE
            + "=/path/to/corpus or -D" + PROPERTY + "=/path/to/corpus to run it";

    private static Path corpus;

    /** How the corpus was given, as written ({@code ECS_LOCAL_CORPUS_DIR=DIR}), and the directory it names. */
    private record Setting(String written, String directory) {
    }

    /** The property, else the variable; null when neither. Blank counts as not given: `VAR= mvn ...` turns VAR off. */
    private static Setting setting() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return new Setting("-D" + PROPERTY + "=" + property, property);
        }
        String variable = System.getenv(ENVIRONMENT_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return new Setting(ENVIRONMENT_VARIABLE + "=" + variable, variable);
        }
        return null;
    }

    static boolean aCorpusIsGiven() {
        if (setting() != null) {
            return true;
        }
        // Surefire shows a skipped class as a count only: the reason goes to stderr too, so that the build log says it.
        System.err.println(SKIPPED);
        return false;
    }

    @BeforeAll
    static void the_given_corpus_is_a_directory() {
        Setting setting = setting();
        corpus = Fixtures.projectDir().resolve(setting.directory()).toAbsolutePath().normalize();
        if (!Files.isDirectory(corpus)) {
            fail(setting.written() + " names " + corpus + ", which is not a directory: point it at the corpus, or unset"
                    + " it to skip this suite");
        }
    }

    static Stream<Path> files() throws IOException {
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
        String actual = String.join("\n", outcomes) + "\n";
        if (Boolean.getBoolean("ecslocal.golden.write")) {
            // After a deliberate change: rewrite the record, then read its diff line by line.
            java.nio.file.Files.writeString(dev.ecslocal.simulator.Fixtures.projectDir()
                    .resolve("simulator/src/test/resources/corpus-outcomes.txt"), actual);
        }
        String expected;
        try (InputStream in = ExternalCorpusTest.class.getResourceAsStream("/corpus-outcomes.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(expected);
    }

    private static String outcome(TaskDefinitionCheck.Result result) {
        if (result.isValid()) {
            return "accepted" + (result.warnings().isEmpty() ? "" : ", warnings: "
                    + String.join(" | ", result.warnings().stream().map(ExternalCorpusTest::line).toList()));
        }
        return "refused: " + String.join(" | ", result.errors().stream().map(ExternalCorpusTest::line).toList());
    }

    private static String line(Problem problem) {
        return problem.location() + " " + (problem.path().isEmpty() ? "" : problem.path() + " ") + problem.message();
    }
}
