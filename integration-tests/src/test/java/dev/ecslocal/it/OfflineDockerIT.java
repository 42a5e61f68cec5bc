package dev.ecslocal.it;

import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every later integration test stands on: with no registry, an image built from the static
 * busybox (Debian's busybox-static, installed by scripts/setup.sh) runs on the local daemon.
 */
class OfflineDockerIT {

    @Test
    void a_busybox_image_built_from_scratch_runs_without_any_registry() throws Exception {
        // Not deleteOnExit: with Ryuk disabled nothing would delete it. This test removes what it builds.
        ImageFromDockerfile image = new ImageFromDockerfile("ecs-local-it/busybox-" + UUID.randomUUID(), false)
                .withFileFromPath("busybox", Path.of("/bin/busybox"))
                .withDockerfileFromBuilder(dockerfile -> dockerfile
                        .from("scratch")
                        .copy("busybox", "/bin/busybox")
                        .run("/bin/busybox", "--install", "-s", "/bin")
                        .env("PATH", "/bin")
                        .build());
        try (GenericContainer<?> container = new GenericContainer<>(image)
                .withCommand("sh", "-c", "echo ready; exec sleep 60")
                .withLabel("ecs-local.test", "OfflineDockerIT")
                .waitingFor(Wait.forLogMessage("ready\\n", 1))) {
            container.start();
            Container.ExecResult result = container.execInContainer("sh", "-c", "echo $((6 * 7))");
            assertThat(result.getExitCode()).isZero();
            assertThat(result.getStdout().strip()).isEqualTo("42");
        } finally {
            DockerClientFactory.instance().client().removeImageCmd(image.get()).withForce(true).exec();
        }
    }
}
