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

    @Test
    void the_launcher_s_class_data_archive_is_trained_on_a_run_as_well_as_on_validate() throws Exception {
        Run run = launch("--version");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // The list the archive was dumped from, kept beside it: a run's classes (Docker client, engine, endpoints, the
        // FireLens stand-in) were loaded by the training run on this daemon, validate's by the first training runs.
        Path classes = PROJECT.resolve("cli/target/ecs-local.jsa.classes");
        assertThat(PROJECT.resolve("cli/target/ecs-local.jsa")).exists();
        assertThat(Files.readString(classes)).contains("dev/ecslocal/simulator/validate/TaskDefinitionCheck\n",
                "com/github/dockerjava/core/DockerClientImpl\n", "dev/ecslocal/simulator/engine/TaskEngine\n",
                "dev/ecslocal/simulator/launch/EndpointRelay\n", "dev/ecslocal/simulator/firelens/ForwardReceiver\n");
    }
}
