package dev.ecslocal.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The ./ecs-local launcher at the repository root, run as README tells a newcomer to run it. */
class LauncherIT {
    private static final Path PROJECT = Path.of(System.getProperty("ecslocal.project.dir", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    private static Run launch(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(PROJECT.resolve("ecs-local").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(PROJECT.toFile()).start();
        // Read both streams before waiting, so that a full pipe cannot block the process.
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the launcher finished").isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void the_launcher_plans_the_main_sample() throws Exception {
        Run run = launch("plan", "samples/payments/taskdef.json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Plan for payments:1 (networkMode awsvpc, 4 containers)")
                .contains("waits for log-router START (FireLens)");
    }

    @Test
    void the_launcher_passes_on_the_exit_code_of_an_invalid_task_definition() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"family\": \"t\", \"containerDefinitions\": [{\"name\": \"app\"}]}");
        Run run = launch("validate", file.toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("image is required").doesNotContain("Exception");
    }
}
