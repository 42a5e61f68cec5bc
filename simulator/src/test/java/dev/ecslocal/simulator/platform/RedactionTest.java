package dev.ecslocal.simulator.platform;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {
    @Test
    void every_occurrence_of_a_value_is_masked_and_a_longer_value_is_masked_whole() {
        Redaction redaction = Redaction.of(List.of("hunter2", "hunter2-admin"));
        assertThat(redaction.apply("pw=hunter2-admin and hunter2")).isEqualTo("pw=**** and ****");
    }

    @Test
    void values_shorter_than_four_characters_are_left_alone() {
        assertThat(Redaction.of(List.of("on", "abc")).apply("on abc")).isEqualTo("on abc");
    }
}
