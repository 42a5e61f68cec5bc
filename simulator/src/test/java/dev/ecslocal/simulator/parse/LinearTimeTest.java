package dev.ecslocal.simulator.parse;

import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import dev.ecslocal.simulator.validate.ValidationOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Whatever a file holds, reading and checking it takes time in proportion to its size. Five megabytes of {@code $}
 * (a run the template scan once took 154 s over for 100 KB) read in under a second, as text and in a value; for each
 * other opener a template scan looks for, eight times the text takes about eight times as long, not sixty-four.
 */
class LinearTimeTest {
    private static final int MB = 1024 * 1024;

    private static TaskDefinitionCheck.Result check(String text) {
        return new TaskDefinitionCheck().check(text, Path.of("big.json"), ReadOptions.DEFAULT, new ValidationOptions(false));
    }

    private static String inAnImage(String text) {
        return "{\"family\":\"f\",\"containerDefinitions\":[{\"name\":\"app\",\"memory\":64,\"image\":\""
                + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}]}";
    }

    private static String inYaml(String text) {
        return "family: f\ncontainerDefinitions:\n  - name: app\n    image: '" + text.replace("'", "''") + "'\n";
    }

    @Test
    void five_megabytes_of_dollars_are_read_in_under_a_second_as_text_as_a_json_value_and_as_yaml() {
        String dollars = "$".repeat(5 * MB);
        warmUp("$");
        assertThat(check(dollars).problems()).isNotEmpty();
        // The best of three: a collection or a busy neighbour on a CI machine is not what the size costs. A quadratic
        // reader would take minutes: the hard limit keeps the build from hanging on one.
        for (String form : java.util.List.of("text", "a JSON value", "YAML")) {
            String text = form.equals("text") ? dollars : form.equals("YAML") ? inYaml(dollars) : inAnImage(dollars);
            long best = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> fastestOf(3, () -> check(text)));
            assertThat(best).as("ms for 5 MB of $ as %s", form).isLessThan(1000);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"${", "${{", "$$$a", "{{", "{%", "%{", "<A", "<A_", "$A", "{", "\\u0024"})
    void eight_times_the_text_takes_about_eight_times_as_long(String unit) {
        warmUp(unit);
        for (IntFunction<String> form : java.util.List.<IntFunction<String>>of(size -> unit.repeat(size / unit.length()),
                size -> inAnImage(unit.repeat(size / unit.length())), size -> inYaml(unit.repeat(size / unit.length())))) {
            long one = fastestOf(3, () -> check(form.apply(MB / 4)));
            long eight = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> fastestOf(3, () -> check(form.apply(2 * MB))));
            // Linear is 8; quadratic 64. Room for collections and timer noise on small figures.
            assertThat(eight).as("%s: %d ms for 0.25 MB, %d ms for 2 MB", unit, one, eight).isLessThan(Math.max(24 * one, 300));
        }
    }

    private static long fastestOf(int runs, Runnable work) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.run();
            best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
        }
        return best;
    }

    /** The JIT's first pass over this code is not what the size costs. */
    private static void warmUp(String unit) {
        for (int i = 0; i < 3; i++) {
            String text = unit.repeat(100_000 / unit.length());
            check(text);
            check(inAnImage(text));
            check(inYaml(text));
        }
    }
}
