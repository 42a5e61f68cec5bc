package dev.ecslocal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How each command fails, as scripts see it: one exit code for a task definition that cannot be used, whatever
 * the reason (3), another for the command line itself (2); with {@code -o json}, a JSON document on stdout for
 * every failure; {@code -} reads the task definition from standard input.
 */
class FailuresTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static CommandRun run(InputStream stdin, String... args) {
        return CommandRun.of(stdin, args);
    }

    private static CommandRun run(String... args) {
        return run(InputStream.nullInputStream(), args);
    }

    private static CommandRun withStdin(String text, String... args) {
        return run(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), args);
    }

    private static String sample(String name) {
        String project = System.getProperty("ecslocal.project.dir", "..");
        return Path.of(project, "samples", name, "taskdef.json").toString();
    }

    private static String[] args(String command, String... rest) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(rest));
        return args.toArray(String[]::new);
    }

    /** Each way a file can fail to be a task definition ECS would take, with what the user is told. */
    private record Unusable(String name, byte[] content, String said) {
    }

    private List<Unusable> unusable() {
        return List.of(
                new Unusable("missing.json", null, "cannot read " + dir.resolve("missing.json") + ": no such file"),
                new Unusable("latin1.json", "{\"family\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1),
                        "it is not UTF-8 text (nor UTF-16 with a byte-order mark): save it as UTF-8"),
                new Unusable("broken.json", "{\"family\": \"t\",}".getBytes(StandardCharsets.UTF_8),
                        "not valid JSON: a comma before '}'"),
                new Unusable("value.json", "42".getBytes(StandardCharsets.UTF_8),
                        "the file holds a single JSON value, not a task definition"),
                new Unusable("compose.yaml", "services:\n  web:\n    image: nginx\n".getBytes(StandardCharsets.UTF_8),
                        "this is a Compose file, not a task definition"),
                new Unusable("broken.yaml", "family: t\ncontainerDefinitions:\n  - name: a\n   image: b\n"
                        .getBytes(StandardCharsets.UTF_8), "not valid YAML: "),
                new Unusable("invalid.json", "{\"family\": \"t\", \"containerDefinitions\": [{\"name\": \"app\"}]}"
                        .getBytes(StandardCharsets.UTF_8), "image is required"));
    }

    private Path write(Unusable file) throws IOException {
        Path path = dir.resolve(file.name());
        if (file.content() != null) {
            Files.write(path, file.content());
        }
        return path;
    }

    @ParameterizedTest(name = "{0}: a file that cannot be used, for whatever reason, exits 3 and says why on stderr")
    @ValueSource(strings = {"validate", "plan", "run"})
    void a_task_definition_that_cannot_be_used_exits_3_whatever_the_reason(String command) throws IOException {
        CommandRun directory = run(command, dir.toString());
        assertThat(directory.exitCode()).isEqualTo(3);
        assertThat(directory.err()).isEqualTo("ecs-local: cannot read " + dir + ": it is a directory; give the task "
                + "definition's file\n");
        for (Unusable file : unusable()) {
            CommandRun run = run(command, write(file).toString());
            assertThat(run.exitCode()).as(file.name()).isEqualTo(3);
            assertThat(run.out()).as(file.name()).isEmpty();
            assertThat(run.err()).as(file.name()).contains(file.said()).doesNotContain("Usage:", "Exception", "Docker");
        }
    }

    @ParameterizedTest(name = "{0} -o json: a file that cannot be used is a JSON document on stdout, exit 3")
    @ValueSource(strings = {"validate", "plan", "run"})
    void with_json_output_a_task_definition_that_cannot_be_used_is_a_JSON_document(String command) throws IOException {
        for (Unusable file : unusable()) {
            Path path = write(file);
            CommandRun run = run(command, "-o", "json", path.toString());
            assertThat(run.exitCode()).as(file.name()).isEqualTo(3);
            JsonNode report = run.json();
            assertThat(report.get("file").asText()).isEqualTo(path.toString());
            assertThat(report.get("valid").asBoolean()).isFalse();
            assertThat(report.get("exitCode").asInt()).isEqualTo(3);
            assertThat(report.get("problems")).isNotEmpty();
            assertThat(report.get("problems").toString()).as(file.name()).contains(JSON.writeValueAsString(file.said())
                    .replaceAll("^\"|\"$", ""));
            assertThat(report.get("problems").get(0).get("severity").asText()).isEqualTo("ERROR");
        }
    }

    @Test
    void usage_errors_exit_2_with_the_usage_on_stderr() {
        CommandRun unknown = run("validate", "--frob", sample("payments"));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err()).contains("Unknown option: '--frob'", "Usage: ecs-local validate");
        assertThat(run("plan").exitCode()).isEqualTo(2);
        assertThat(run("run", "--pull", "sometimes", sample("payments")).exitCode()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} -o json: a usage error is a JSON document on stdout, exit 2")
    @ValueSource(strings = {"validate", "plan", "run"})
    void with_json_output_a_usage_error_is_a_JSON_document_with_exit_2(String command) {
        CommandRun unknown = run(args(command, "-o", "json", "--frob", sample("payments")));
        assertThat(unknown.exitCode()).isEqualTo(2);
        JsonNode report = unknown.json();
        assertThat(report.get("valid").asBoolean()).isFalse();
        assertThat(report.get("exitCode").asInt()).isEqualTo(2);
        assertThat(report.get("problems").get(0).get("message").asText()).isEqualTo("Unknown option: '--frob'");
        assertThat(report.get("problems").get(0).get("hint").asText()).isEqualTo("See ecs-local " + command + " --help.");
        assertThat(unknown.err()).contains("Unknown option: '--frob'");

        CommandRun missing = run(args(command, "--output=JSON"));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.json().get("problems").get(0).get("message").asText()).startsWith("Missing the task definition: give FILE");
        assertThat(missing.json().has("file")).isFalse();
    }

    @Test
    void with_json_output_options_a_command_refuses_are_JSON_documents_too() {
        CommandRun duration = run("run", "-ojson", "--task-start-timeout", "soon", sample("payments"));
        assertThat(duration.exitCode()).isEqualTo(2);
        assertThat(duration.json().get("problems").get(0).get("message").asText()).contains("'soon' is not a duration");
        CommandRun late = run("run", "-o", "json", sample("payments"), "--task-start-timeout", "soon");
        assertThat(late.json().get("file").asText()).as("the file, when picocli had read it").isEqualTo(sample("payments"));

        CommandRun exitCodeFrom = run("run", "--output", "json", "--exit-code-from", "ap", sample("payments"));
        assertThat(exitCodeFrom.exitCode()).isEqualTo(2);
        assertThat(exitCodeFrom.json().get("problems").get(0).get("message").asText())
                .isEqualTo("--exit-code-from ap: no container of that name. Containers: secrets-init, envoy, log-router, app");

        CommandRun events = run("run", "-o", "json", "--events", dir.resolve("missing/ev.jsonl").toString(), sample("payments"));
        assertThat(events.exitCode()).isEqualTo(2);
        assertThat(events.json().get("problems").get(0).get("message").asText()).startsWith("cannot write --events");

        CommandRun graph = run("plan", "-o", "json", "--graph", "svg", sample("payments"));
        assertThat(graph.exitCode()).isEqualTo(2);
        assertThat(graph.json().get("exitCode").asInt()).isEqualTo(2);

        CommandRun firelens = run("plan", "-o", "json", "--firelens-config", sample("nginx-proxy"));
        assertThat(firelens.exitCode()).isEqualTo(2);
        assertThat(firelens.json().get("problems").get(0).get("message").asText()).isEqualTo("--firelens-config: "
                + sample("nginx-proxy") + " has no FireLens log router (no container has firelensConfiguration)");
    }

    @Test
    void with_json_output_a_task_that_cannot_run_here_is_a_JSON_document_with_exit_1() throws IOException {
        Path file = dir.resolve("win.json");
        Files.writeString(file, "{\"family\":\"win\",\"runtimePlatform\":{\"operatingSystemFamily\":\"WINDOWS_SERVER_2022_CORE\"},"
                + "\"containerDefinitions\":[{\"name\":\"app\",\"image\":\"mcr.microsoft.com/windows/servercore:ltsc2022\",\"memory\":512}]}");
        CommandRun run = run("run", "-o", "json", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.json().get("exitCode").asInt()).isEqualTo(1);
        assertThat(run.json().get("problems").get(0).get("message").asText()).contains("this is a Windows task definition");
        assertThat(run.json().get("problems").get(0).get("hint").asText()).isEqualTo("Nothing was started.");
    }

    // ---- - reads standard input -------------------------------------------------------------------------

    @Test
    void a_dash_reads_the_task_definition_from_standard_input_and_names_it_stdin() throws IOException {
        String payments = Files.readString(Path.of(sample("payments")));
        CommandRun validate = withStdin(payments, "validate", "-");
        assertThat(validate.exitCode()).isZero();
        assertThat(validate.out()).isEqualTo("<stdin>: valid (RegisterTaskDefinition JSON; family payments, "
                + "revision 1, networkMode awsvpc, 4 containers)\n");
        CommandRun plan = withStdin(payments, "plan", "-o", "json", "-");
        assertThat(plan.exitCode()).isZero();
        assertThat(plan.json().get("family").asText()).isEqualTo("payments");
        CommandRun json = withStdin(payments, "validate", "-o", "json", "-");
        assertThat(json.json().get("file").asText()).isEqualTo("<stdin>");
    }

    @Test
    void a_problem_in_standard_input_is_shown_at_its_line_with_the_line_itself() {
        CommandRun run = withStdin("{\n  \"family\": \"t\"\n  \"containerDefinitions\": []\n}\n", "validate", "-");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).isEqualTo("ecs-local: <stdin> cannot be read as a task definition (1 problem)\n"
                + "\n"
                + "  <stdin>:3:3\n"
                + "    not valid JSON: unexpected character '\"': expected comma to separate Object entries\n"
                + "\n"
                + "        \"containerDefinitions\": []\n"
                + "        ^\n");
        CommandRun invalid = withStdin("{\"family\": \"t\", \"containerDefinitions\": [{\"name\": \"app\"}]}", "run", "-");
        assertThat(invalid.exitCode()).isEqualTo(3);
        assertThat(invalid.err()).contains("<stdin>:1:", "image is required").doesNotContain("Docker");
    }

    @Test
    void standard_input_that_is_not_text_exits_3_and_says_so() {
        CommandRun run = run(new ByteArrayInputStream(new byte[] {'{', (byte) 0xE9, '}'}), "plan", "-o", "json", "-");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.json().get("file").asText()).isEqualTo("<stdin>");
        assertThat(run.json().get("problems").get(0).get("message").asText())
                .isEqualTo("cannot read <stdin>: it is not UTF-8 text (nor UTF-16 with a byte-order mark): save it as UTF-8");
        CommandRun text = run(new ByteArrayInputStream(new byte[] {'{', (byte) 0xE9, '}'}), "validate", "-");
        assertThat(text.err()).isEqualTo("ecs-local: cannot read <stdin>: it is not UTF-8 text (nor UTF-16 with a "
                + "byte-order mark): save it as UTF-8\n");
    }

    @Test
    void a_terraform_array_from_standard_input_needs_family_since_it_has_no_file_name() {
        String array = "[{\"name\": \"app\", \"image\": \"nginx\", \"memory\": 64}]";
        CommandRun without = withStdin(array, "validate", "-");
        assertThat(without.exitCode()).isEqualTo(3);
        assertThat(without.err()).isEqualTo("ecs-local: <stdin> is not a valid task definition (1 problem)\n"
                + "\n"
                + "  <stdin>:1:1\n"
                + "    a Terraform container_definitions array read from <stdin> has no file name to take its family from\n"
                + "    Pass --family NAME (from a file, ecs-local takes the file's name: api.json gives api).\n");
        CommandRun with = withStdin(array, "validate", "--family", "api", "-");
        assertThat(with.exitCode()).isZero();
        assertThat(with.out()).startsWith("<stdin>: valid (Terraform container_definitions array; family api,");
    }

    // ---- an unnamed container ----------------------------------------------------------------------------

    @Test
    void an_unnamed_container_is_shown_by_its_index() {
        CommandRun run = withStdin("{\"family\": \"t\", \"containerDefinitions\": [{\"name\": \"a\", \"image\": \"i\", \"memory\": 8},"
                + "\n{\"image\": \"i\"}]}", "validate", "-");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("<stdin>:2:1  containerDefinitions[1] (no name)\n"
                        + "    Invalid setting for containerDefinitions[1] (no name). At least one of 'memory' or "
                        + "'memoryReservation' must be specified.\n",
                "containerDefinitions[1] (no name) › name\n    name is required\n")
                .doesNotContain("null");
    }
}
