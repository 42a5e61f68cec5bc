package dev.ecslocal.simulator.docker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DockerEventsTest {
    @Test
    void docker_names_the_health_status_in_the_action_and_podman_does_not() {
        assertThat(DockerEvents.statusNamedIn("health_status: healthy")).isEqualTo("healthy");
        assertThat(DockerEvents.statusNamedIn("health_status: unhealthy")).isEqualTo("unhealthy");
        assertThat(DockerEvents.statusNamedIn("health_status")).as("Podman 4.3: the status is read from inspect").isNull();
        assertThat(DockerEvents.statusNamedIn("health_status: ")).isNull();
    }
}
