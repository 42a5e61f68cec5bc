package dev.ecslocal.simulator.firelens;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** A Match pattern against a tag, as Fluent Bit's router matches them: {@code *} is any run, the rest is literal. */
class TagPatternTest {

    @ParameterizedTest(name = "{0} against {1}: {2}")
    @CsvSource({
            "app-firelens*,   app-firelens-0123abcd,       true",
            "app-firelens*,   app-firelens-custom,         true",
            "app-firelens*,   app-firelens,                true",
            "app-firelens*,   app-firelen,                 false",
            "app-firelens*,   xapp-firelens-1,             false",
            "app-firelens*,   APP-firelens-1,              false",
            "app-firelens**,  app-firelens-a.b.c,          true",
            "*,               anything,                    true",
            "a*c,             abbbc,                       true",
            "a*c,             abbbd,                       false",
            "a*b*c,           axbyc,                       true",
            "firelens-healthcheck, firelens-healthcheck,   true",
            "firelens-healthcheck, firelens-healthcheck2,  false",
    })
    void matches_as_Fluent_Bit_does(String pattern, String tag, boolean expected) {
        assertThat(TagPattern.of(pattern).matches(tag)).isEqualTo(expected);
    }

    @Test
    void a_tag_of_five_million_characters_costs_one_pass_for_ECS_patterns() {
        String tag = "app-firelens" + "x".repeat(5_000_000);
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(1), () -> {
            assertThat(TagPattern.of("app-firelens*").matches(tag)).isTrue();
            assertThat(TagPattern.of("other-firelens*").matches(tag)).isFalse();
        });
    }
}
