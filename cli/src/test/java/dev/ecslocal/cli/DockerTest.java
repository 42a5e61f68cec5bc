package dev.ecslocal.cli;

import dev.ecslocal.simulator.api.Daemon;
import dev.ecslocal.simulator.api.DockerUnavailableException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A run's connection, made while its task definition is read: its failure reaches the run as a direct connect's would. */
class DockerTest {
    @Test
    void a_connection_that_failed_on_its_thread_fails_the_run_with_Docker_s_own_message() {
        CompletableFuture<Daemon> failed = CompletableFuture.failedFuture(
                new DockerUnavailableException("cannot reach Docker at unix:///nowhere.sock", null));
        assertThatThrownBy(() -> new Docker.Connecting(failed).await()).isInstanceOf(DockerUnavailableException.class)
                .hasMessage("cannot reach Docker at unix:///nowhere.sock");
    }

    @Test
    void any_other_failure_of_the_connection_is_rethrown_as_it_was() {
        CompletableFuture<Daemon> failed = CompletableFuture.failedFuture(new IllegalStateException("broken"));
        assertThatThrownBy(() -> new Docker.Connecting(failed).await()).isInstanceOf(IllegalStateException.class)
                .hasMessage("broken");
    }
}
