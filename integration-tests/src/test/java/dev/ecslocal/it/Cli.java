package dev.ecslocal.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A running or finished `ecs-local` process (see {@link CliRunner}), its output in files (a full pipe would block it). */
record Cli(Process process, Path out, Path err, Path eventsFile) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TASK_ID = Pattern.compile("as task ([0-9a-f]{32})");

    String output() throws IOException {
        return Files.readString(out) + Files.readString(err);
    }

    int awaitExit(Duration patience) throws Exception {
        assertThat(process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)).as("ecs-local finished; output:\n%s", output())
                .isTrue();
        return process.exitValue();
    }

    /** What a container printed as {@code key=value} (the value), waiting for the line. */
    String awaitLine(String container, String key) throws Exception {
        return awaitOutput(Pattern.compile("^" + container + " +\\| " + key + "=(.*)$", Pattern.MULTILINE), Duration.ofSeconds(60))
                .group(1);
    }

    String taskId() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = TASK_ID.matcher(Files.readString(out));
            if (matcher.find()) {
                return matcher.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no task id in the output:\n" + output());
    }

    List<JsonNode> events() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        if (Files.exists(eventsFile)) {
            for (String line : Files.readAllLines(eventsFile, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    events.add(JSON.readTree(line));
                }
            }
        }
        return events;
    }

    /** Waits until an event matching {@code what} has been written. */
    void awaitEvent(String description, Predicate<JsonNode> what, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (events().stream().anyMatch(what)) {
                return;
            }
            assertThat(process.isAlive() || events().stream().anyMatch(what)).as("ecs-local ended before " + description
                    + "; output:\n" + output()).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("no " + description + " within " + patience + "; output:\n" + output());
    }

    /** Waits until the output (stdout) matches {@code pattern}, failing at once should ecs-local end first. */
    Matcher awaitOutput(Pattern pattern, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            boolean alive = process.isAlive();
            Matcher matcher = pattern.matcher(Files.readString(out));
            if (matcher.find()) {
                return matcher;
            }
            assertThat(alive).as("ecs-local ended before its output matched %s:\n%s", pattern, output()).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("no " + pattern + " in the output within " + patience + ":\n" + output());
    }

    static boolean is(JsonNode event, String kind, String container, String status) {
        return event.path("kind").asText().equals(kind) && (container == null || event.path("container").asText().equals(container))
                && (status == null || event.path("status").asText().equals(status));
    }

    /** Position of the first event matching, so that tests can say "before". */
    static int first(List<JsonNode> events, String kind, String container, String status) {
        for (int i = 0; i < events.size(); i++) {
            if (is(events.get(i), kind, container, status)) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " " + container + " " + status + " in " + events);
    }
}
