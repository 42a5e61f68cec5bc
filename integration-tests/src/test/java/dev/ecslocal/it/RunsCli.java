package dev.ecslocal.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** An IT that runs `ecs-local` as a user does ({@link CliRunner}, its files in a fresh directory) and leaves nothing behind. */
abstract class RunsCli {
    @TempDir
    Path dir;

    CliRunner runner;

    @BeforeEach
    void runner() {
        runner = new CliRunner(dir);
    }

    @AfterEach
    void nothing_is_left_behind() throws Exception {
        assertThat(Leftovers.ofRuns(runner)).as("left behind with the ecs-local labels").isEmpty();
    }
}
