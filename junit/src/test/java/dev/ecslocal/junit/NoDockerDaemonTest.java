package dev.ecslocal.junit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import static dev.ecslocal.junit.EcsLocalExtensionTest.SLEEPER;
import static dev.ecslocal.junit.EcsLocalExtensionTest.run;
import static dev.ecslocal.junit.EcsLocalExtensionTest.skipReasons;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real connection, where no daemon answers: Surefire's {@code without-docker} execution runs this class alone, with
 * DOCKER_HOST at a socket that does not exist (what a laptop without Docker, or with Docker stopped, looks like).
 */
class NoDockerDaemonTest {
    static final String NOWHERE = "unix:///nonexistent.sock";

    static class NeedsDocker {
        @RegisterExtension
        static EcsLocalExtension task = EcsLocalExtension.task(SLEEPER);

        @Test
        void needs_the_task() {
            task.task();
        }
    }

    @Test
    void without_a_daemon_the_tests_are_skipped_not_failed_with_the_daemons_words() {
        assertThat(System.getenv("DOCKER_HOST")).as("DOCKER_HOST, set by Surefire's without-docker execution").isEqualTo(NOWHERE);

        EngineExecutionResults results = run(NeedsDocker.class);

        assertThat(results.allEvents().failed().count()).isZero();
        assertThat(results.testEvents().started().count()).isZero();
        assertThat(skipReasons(results)).singleElement().asString()
                .startsWith("ecs-local: no Docker daemon answers (cannot reach Docker at " + NOWHERE + " (from DOCKER_HOST): ")
                .endsWith("); these tests need one");
    }
}
