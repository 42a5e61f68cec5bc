package dev.ecslocal.simulator.docker;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Docker's per-layer pull messages, summarised into lines a person can follow. */
class PullProgressTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void layers_and_bytes_are_summed_and_said_when_a_layer_changes_phase() {
        PullProgress progress = new PullProgress("nginx:1.27", Duration.ofSeconds(1));
        assertThat(progress.update(null, "Pulling from library/nginx", null, null, T0)).isNull();
        assertThat(progress.update("a", "Pulling fs layer", null, null, T0)).isEqualTo("pulling nginx:1.27: 0/1 layers");
        assertThat(progress.update("b", "Pulling fs layer", null, null, T0)).isEqualTo("pulling nginx:1.27: 0/2 layers");
        assertThat(progress.update("b", "Waiting", null, null, T0)).as("no change").isNull();
        assertThat(progress.update("a", "Downloading", 1_000_000L, 4_000_000L, T0))
                .isEqualTo("pulling nginx:1.27: 0/2 layers, 1.0/4.0 MB");
        assertThat(progress.update("a", "Downloading", 2_000_000L, 4_000_000L, T0.plusMillis(200)))
                .as("bytes alone are said at most once per interval").isNull();
        assertThat(progress.update("a", "Downloading", 3_000_000L, 4_000_000L, T0.plusSeconds(1)))
                .isEqualTo("pulling nginx:1.27: 0/2 layers, 3.0/4.0 MB");
        assertThat(progress.update("a", "Pull complete", null, null, T0.plusSeconds(1)))
                .isEqualTo("pulling nginx:1.27: 1/2 layers, 4.0/4.0 MB");
        assertThat(progress.update("b", "Already exists", null, null, T0.plusSeconds(1)))
                .isEqualTo("pulling nginx:1.27: 2/2 layers, 4.0/4.0 MB");
    }

    @Test
    void messages_about_the_whole_image_are_said_as_they_are() {
        PullProgress progress = new PullProgress("app:1", Duration.ofSeconds(1));
        assertThat(progress.update(null, "Status: Downloaded newer image for app:1", null, null, T0))
                .isEqualTo("app:1: Status: Downloaded newer image for app:1");
    }
}
