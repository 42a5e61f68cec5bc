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
 * other opener a template scan looks for, four times the text takes about four times as long, not sixteen.
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
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertThat(check(dollars).problems()).isNotEmpty(), "as text");
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> check(inAnImage(dollars)), "in a JSON value");
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> check(inYaml(dollars)), "in YAML");
    }

    @ParameterizedTest
    @ValueSource(strings = {"${", "${{", "$$$a", "{{", "{%", "%{", "<A", "<A_", "$A", "{", "\\u0024"})
    void four_times_the_text_takes_about_four_times_as_long(String unit) {
        warmUp(unit);
        for (IntFunction<String> form : java.util.List.<IntFunction<String>>of(size -> unit.repeat(size / unit.length()),
                size -> inAnImage(unit.repeat(size / unit.length())), size -> inYaml(unit.repeat(size / unit.length())))) {
            long one = fastestOf(3, () -> check(form.apply(MB / 2)));
            long four = fastestOf(3, () -> check(form.apply(2 * MB)));
            // Linear is 4; quadratic 16. Timer noise on small figures is allowed for.
            assertThat(four).as("%s: %d ms for 0.5 MB, %d ms for 2 MB", unit, one, four).isLessThan(Math.max(8 * one, 150));
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
