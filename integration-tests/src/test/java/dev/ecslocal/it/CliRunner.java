package dev.ecslocal.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts `ecs-local` as a user runs it: the shaded jar in its own process, its output in files of {@code dir}, and for
 * `run` an --events file there too. By default `java -jar cli/target/ecs-local.jar`; a test of another setting gives
 * the command that runs the CLI there (in the "laptop" namespace of scripts/vm-daemon.sh, as the user of
 * scripts/non-root-user.sh).
 */
final class CliRunner {
    static final Path PROJECT = Path.of(System.getProperty("ecslocal.project.dir", "..")).toAbsolutePath().normalize();
    static final Path JAR = PROJECT.resolve("cli/target/ecs-local.jar");

    private final Path dir;
    private final List<String> launcher;
    private final List<Process> processes = new ArrayList<>();

    /** The CLI as {@code java -jar JAR}, on this machine, as this user. */
    CliRunner(Path dir) {
        this(dir, java());
    }

    /** @param launcher the command that runs the CLI; the arguments are added after it */
    CliRunner(Path dir, List<String> launcher) {
        this.dir = dir;
        this.launcher = List.copyOf(launcher);
    }

    /** {@code java -jar cli/target/ecs-local.jar}, with the JDK running the tests. */
    static List<String> java() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString());
    }

    Cli start(String name, String... args) throws IOException {
        return start(name, Map.of(), args);
    }

    /** @param environment added to ecs-local's environment */
    Cli start(String name, Map<String, String> environment, String... args) throws IOException {
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Path events = dir.resolve(name + ".jsonl");
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(args));
        if (args.length > 0 && args[0].equals("run")) {
            command.addAll(List.of("--no-color", "--events", events.toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        processes.add(process);
        return new Cli(process, out, err, events);
    }

    /** Every process started, in order. */
    List<Process> processes() {
        return processes;
    }

    /** Kills those still running (SIGKILL): after a test, whatever it asserted. */
    void killAll() throws InterruptedException {
        for (Process process : processes) {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }
}
