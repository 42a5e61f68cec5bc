package dev.ecslocal.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A command run to its end from the project's directory (the test fixtures' scripts, docker): its exit code and output. */
record Command(List<String> command, int exitCode, String output) {

    static Command run(Duration patience, String... command) throws IOException, InterruptedException {
        return run(patience, List.of(command));
    }

    /** stdout and stderr together, in a file (a full pipe would block the process); killed after {@code patience}. */
    static Command run(Duration patience, List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("ecs-local-it-command", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(CliRunner.PROJECT.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not end within " + patience + "; its output:\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Command(command, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Whether {@code name} is a program on the PATH. */
    static boolean onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    /** Whether this JVM runs as root (the fixtures create namespaces, daemons and users). */
    static boolean root() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().anyMatch(line -> line.matches("Uid:\\s+0\\s.*"));
        } catch (IOException notLinux) {
            return false;
        }
    }

    boolean succeeded() {
        return exitCode == 0;
    }

    @Override
    public String toString() {
        return String.join(" ", command) + " (exit " + exitCode + "):\n" + output;
    }
}
