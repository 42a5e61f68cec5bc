package dev.ecslocal.simulator.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The adapter's pure parts; its calls to a real daemon are tested in integration-tests. */
class DockerJavaRuntimeTest {

    @ParameterizedTest(name = "daemon API {0} (minimum {1}) -> {2}")
    @CsvSource({
            "1.41, 1.12, 1.41",   // Docker Engine 20.10 (Debian 12's docker.io): pinning 1.44 fails there
            "1.52, 1.44, 1.44",   // Docker 29: refuses anything below 1.44; ours is 1.44
            "1.43, 1.12, 1.43",
            "1.60, 1.50, 1.50",   // a future daemon whose minimum is past what docker-java knows
    })
    void the_API_version_is_the_newest_both_sides_speak_and_never_below_the_daemon_minimum(
            String daemonNewest, String daemonMinimum, String chosen) {
        assertThat(DockerJavaRuntime.negotiate(daemonNewest, daemonMinimum).getVersion()).isEqualTo(chosen);
    }

    @Test
    void a_daemon_on_a_unix_socket_gets_a_TLS_context_that_is_never_made_and_plain_tcp_gets_none() throws Exception {
        assumeThat(System.getenv("DOCKER_TLS_VERIFY")).as("a daemon without TLS").isNull();
        // Given no context, the transport would make the JVM's default one (the whole cacerts store) for a socket.
        assertThat(DockerJavaRuntime.tls(DockerJavaRuntime.config("unix:///var/run/docker.sock", null)).getSSLContext().getProtocol())
                .isEqualTo("none");
        // Over tcp:// any context means https: a daemon without TLS must get none.
        assertThat(DockerJavaRuntime.tls(DockerJavaRuntime.config("tcp://127.0.0.1:2375", null))).isNull();
    }

    @Test
    void podman_s_docker_compatible_API_is_called_podman_with_its_own_version() {
        assertThat(DockerJavaRuntime.product("4.3.1", java.util.List.of("Podman Engine 4.3.1", "Conmon 2.1.6")))
                .isEqualTo("Podman 4.3.1");
        assertThat(DockerJavaRuntime.product("27.3.1", java.util.List.of("Engine 27.3.1", "containerd 1.7.22", "runc 1.1.14")))
                .isEqualTo("Docker 27.3.1");
        assertThat(DockerJavaRuntime.productOf(java.util.List.of("Podman Engine 4.3.1", "Conmon 2.1.6")))
                .isEqualTo(ContainerRuntime.Product.PODMAN);
        assertThat(DockerJavaRuntime.productOf(java.util.List.of("Engine 27.3.1", "containerd 1.7.22")))
                .isEqualTo(ContainerRuntime.Product.DOCKER);
        assertThat(DockerJavaRuntime.productOf(java.util.List.of())).as("a daemon that lists no components")
                .isEqualTo(ContainerRuntime.Product.DOCKER);
    }

    @Test
    void the_daemon_message_is_taken_out_of_docker_java_exception_text() {
        assertThat(DockerJavaRuntime.daemonMessage(new RuntimeException(
                "Status 404: {\"message\":\"No such image: nope:1\"}\n"))).isEqualTo("No such image: nope:1");
        assertThat(DockerJavaRuntime.daemonMessage(new RuntimeException("wrapper", new java.io.IOException("Connection refused"))))
                .isEqualTo("Connection refused");
    }

    @org.junit.jupiter.api.Test
    void the_default_bridge_gateway_is_the_first_address_of_its_subnet_when_Docker_does_not_state_it() {
        org.assertj.core.api.Assertions.assertThat(DockerJavaRuntime.firstAddress("172.17.0.0/16")).isEqualTo("172.17.0.1");
        org.assertj.core.api.Assertions.assertThat(DockerJavaRuntime.firstAddress("10.200.3.0/24")).isEqualTo("10.200.3.1");
        org.assertj.core.api.Assertions.assertThat(DockerJavaRuntime.firstAddress("192.168.5.77/20")).isEqualTo("192.168.0.1");
    }
}
