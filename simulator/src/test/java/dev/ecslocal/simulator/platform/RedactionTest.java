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
    void a_FireLens_record_is_masked_at_every_depth_before_any_listener_hears_it() {
        java.util.List<dev.ecslocal.simulator.event.RoutedRecord> heard = new java.util.ArrayList<>();
        dev.ecslocal.simulator.event.TaskListener listener = new dev.ecslocal.simulator.event.TaskListener() {
            @Override
            public void event(dev.ecslocal.simulator.event.TaskEvent event) {
            }

            @Override
            public void routed(dev.ecslocal.simulator.event.RoutedRecord record) {
                heard.add(record);
            }
        };
        new RedactingListener(new SecretMask(List.of("s3cr3t-value")), listener).routed(new dev.ecslocal.simulator.event.RoutedRecord(
                "app", "datadog", java.util.Map.of("log", "pw=s3cr3t-value", "parsed", java.util.Map.of("password", "s3cr3t-value"),
                "args", List.of("--token", "s3cr3t-value"), "count", 3)));
        assertThat(heard).singleElement().satisfies(record -> {
            assertThat(record.record()).containsEntry("log", "pw=****").containsEntry("count", 3)
                    .containsEntry("parsed", java.util.Map.of("password", "****")).containsEntry("args", List.of("--token", "****"));
            assertThat(record.record().toString()).doesNotContain("s3cr3t");
        });
    }

    @Test
    void values_shorter_than_four_characters_are_left_alone() {
        assertThat(Redaction.of(List.of("on", "abc")).apply("on abc")).isEqualTo("on abc");
    }
}
