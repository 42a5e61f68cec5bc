package dev.ecslocal.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pause container runs nothing of the user's: at a run's end it is stopped with no grace, so a pause image that
 * ignores SIGTERM (PID 1 `sleep`, which has no handler) costs nothing, where it used to cost the 30 s default
 * stopTimeout every time.
 */
class PauseImageIT {
    private static final DockerClient DOCKER = DockerClientFactory.instance().client();
    private static final String SLEEPING_PAUSE = "ecs-local-it/sleep-pause:latest";

    @TempDir
    Path dir;

    private CliRunner runner;

    @BeforeAll
    static void a_pause_image_that_ignores_SIGTERM(@TempDir Path context) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM ecs-local-samples/busybox:latest\nCMD [\"sleep\", \"3600\"]\n");
        DOCKER.buildImageCmd(context.toFile()).withTags(Set.of(SLEEPING_PAUSE)).withPull(false)
                .exec(new BuildImageResultCallback()).awaitImageId(2, TimeUnit.MINUTES);
    }

    @AfterEach
    void nothing_is_left() throws Exception {
        if (runner != null) {
            runner.killAll();
        }
    }

    @Test
    void a_sleep_based_pause_image_adds_no_stop_wait() throws Exception {
        runner = new CliRunner(dir);
        Path task = Files.writeString(dir.resolve("task.json"), ("{'family':'pause-it','networkMode':'awsvpc',"
                + "'containerDefinitions':[{'name':'app','image':'ecs-local-samples/busybox:latest','memory':32,"
                + "'command':['sh','-c','echo done']}]}").replace('\'', '"'));

        long start = System.nanoTime();
        Cli cli = runner.start("pause", "run", task.toString(), "--pause-image", SLEEPING_PAUSE);
        assertThat(cli.awaitExit(Duration.ofSeconds(60))).as(cli.output()).isZero();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(cli.output()).containsPattern("app +\\| done").contains("pause stopping: stop signal, then SIGKILL after 0s")
                .contains("pause STOPPED exit 137");
        assertThat(took).as("the whole run, with a pause container that ignores SIGTERM:\n%s", cli.output())
                .isLessThan(Duration.ofSeconds(20));
        assertThat(DOCKER.listContainersCmd().withShowAll(true).withLabelFilter(java.util.Map.of("ecs-local.task-id", cli.taskId()))
                .exec()).isEmpty();
    }
}
