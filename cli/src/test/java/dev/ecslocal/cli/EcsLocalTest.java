package dev.ecslocal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command as a user meets it: exit codes, what goes to stdout and stderr, and nothing else. */
class EcsLocalTest {
    @TempDir
    Path dir;

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private static String sample(String name) {
        String project = System.getProperty("ecslocal.project.dir", "..");
        return Path.of(project, "samples", name, "taskdef.json").toString();
    }

    private Path file(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    @Test
    void validate_accepts_the_payments_sample_with_exit_0() {
        CommandRun run = run("validate", sample("payments"));
        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).isEqualTo(sample("payments") + ": valid (RegisterTaskDefinition JSON; family payments, "
                + "revision 1, networkMode awsvpc, 4 containers)\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void validate_prints_all_three_mistakes_of_a_file_and_exits_3() throws IOException {
        Path file = file("payments.json", """
                {
                  "family": "payments",
                  "networkMode": "awsvpc",
                  "containerDefinitions": [
                    { "name": "envoy", "image": "envoy:v1", "memory": 128 },
                    { "name": "app", "image": "app:1", "memory": 256, "hostname": "app",
                      "portMappings": [ { "containerPort": 8080, "hostPort": 80 } ],
                      "dependsOn": [ { "containerName": "envoyy", "condition": "START" } ] }
                  ]
                }
                """);
        CommandRun run = run("validate", file.toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("ecs-local: " + file + " is not a valid task definition (3 problems)\n"
                + "\n"
                + "  " + file + ":6:55  containerDefinitions[1] \"app\" › hostname\n"
                + "    hostname is not supported with networkMode awsvpc\n"
                + "    The containers share the task's network namespace, whose name resolution ECS manages: remove hostname.\n"
                + "\n"
                + "  " + file + ":7:50  containerDefinitions[1] \"app\" › portMappings[0].hostPort\n"
                + "    When networkMode=awsvpc, the host ports and container ports in port mappings must match.\n"
                + "    Found hostPort 80 for containerPort 8080: remove hostPort or make it 8080.\n"
                + "\n"
                + "  " + file + ":8:24  containerDefinitions[1] \"app\" › dependsOn[0].containerName\n"
                + "    \"envoyy\" does not match any container. Did you mean \"envoy\"?\n"
                + "    Containers defined: \"envoy\", \"app\".\n");
    }

    @Test
    void malformed_json_is_shown_at_its_line_with_a_caret() throws IOException {
        Path file = file("broken.json", "{\n  \"family\": \"t\"\n  \"containerDefinitions\": []\n}\n");
        CommandRun run = run("validate", file.toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).isEqualTo("ecs-local: " + file + " cannot be read as a task definition (1 problem)\n"
                + "\n"
                + "  " + file + ":3:3\n"
                + "    not valid JSON: unexpected character '\"': expected comma to separate Object entries\n"
                + "\n"
                + "        \"containerDefinitions\": []\n"
                + "        ^\n");
    }

    @Test
    void a_terraform_template_is_refused_naming_its_placeholder() throws IOException {
        Path file = file("app.json.tpl", "[\n  {\"name\": \"app\", \"image\": \"${image}\", \"memory\": ${memory}}\n]\n");
        CommandRun run = run("validate", file.toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains(file + ":2:29\n",
                "this file is a template: render it first (found the placeholder ${image})");
    }

    @Test
    void a_windows_task_is_refused_in_one_message_with_exit_1_before_docker_is_asked() throws IOException {
        Path file = file("win.json", "{\"family\":\"win\",\"runtimePlatform\":{\"operatingSystemFamily\":\"WINDOWS_SERVER_2022_CORE\"},"
                + "\"containerDefinitions\":[{\"name\":\"app\",\"image\":\"mcr.microsoft.com/windows/servercore:ltsc2022\",\"memory\":512}]}");
        CommandRun run = run("run", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("this is a Windows task definition (runtimePlatform.operatingSystemFamily is "
                + "WINDOWS_SERVER_2022_CORE): its containers need a Windows Docker daemon").endsWith("Nothing was started.\n")
                .doesNotContain("Usage:");
    }

    @Test
    void warnings_do_not_fail_validation() throws IOException {
        Path file = file("t.json", "{\"family\":\"t\",\"containerDefinitions\":[{\"name\":\"a\",\"image\":\"i\",\"memory\":64,\"entrypiont\":[\"sh\"]}]}");
        CommandRun run = run("validate", file.toString());
        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).contains("1 warning:", "containerDefinitions[0] \"a\" › entrypiont",
                "unknown field \"entrypiont\"", "Did you mean \"entryPoint\"?");
        // A known field in another case is no field newer than ecs-local: ECS refuses it, and so does validate.
        Path cased = file("c.json", "{\"family\":\"t\",\"containerDefinitions\":[{\"name\":\"a\",\"image\":\"i\",\"memory\":64,\"entrypoint\":[\"sh\"]}]}");
        CommandRun refused = run("validate", cased.toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.out() + refused.err()).contains("\"entrypoint\" is not a field: field names are case-sensitive",
                "Write it as \"entryPoint\".");
    }

    @Test
    void a_missing_file_cannot_be_used_as_a_task_definition_exit_3_and_no_stack_trace() {
        CommandRun run = run("validate", dir.resolve("nope.json").toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).isEqualTo("ecs-local: cannot read " + dir.resolve("nope.json") + ": no such file\n");
    }

    @Test
    void a_directory_is_named_as_such() {
        CommandRun run = run("plan", dir.toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).isEqualTo("ecs-local: cannot read " + dir + ": it is a directory; give the task definition's file\n");
    }

    @Test
    void run_refuses_a_bad_secrets_file_env_file_map_or_credentials_source_before_docker_with_exit_2() throws IOException {
        CommandRun secrets = run("run", sample("payments"), "--secrets", file("secrets.json", "{\"a\": ").toString());
        assertThat(secrets.exitCode()).isEqualTo(2);
        assertThat(secrets.err()).contains("--secrets " + dir.resolve("secrets.json") + ": not valid JSON");
        CommandRun missing = run("run", sample("payments"), "--secrets", dir.resolve("none.json").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--secrets cannot read " + dir.resolve("none.json") + ": no such file");
        Path env = file("app.env", "A=1\n");
        CommandRun unused = run("run", sample("payments"), "--env-file-map", "arn:aws:s3:::bucket/app.env=" + env);
        assertThat(unused.exitCode()).isEqualTo(2);
        assertThat(unused.err()).contains("--env-file-map arn:aws:s3:::bucket/app.env: no container's environmentFiles names it");
        CommandRun credentials = run("run", sample("payments"), "--task-role-credentials", "vault");
        assertThat(credentials.exitCode()).isEqualTo(2);
        assertThat(credentials.err()).contains("--task-role-credentials vault: say env, profile:NAME, assume or none");
        CommandRun noRole = run("run", sample("payments"), "--task-role-credentials", "assume");
        assertThat(noRole.exitCode()).isEqualTo(2);
        assertThat(noRole.err()).contains("--task-role-credentials assume: the task definition has no taskRoleArn");
    }

    @Test
    void run_help_says_what_assuming_the_task_role_needs() {
        // Without spaces: picocli may wrap a line after "sts:".
        String help = run("run", "--help").out().replaceAll("\\s+", "");
        assertThat(help).contains("assume(thetaskrole'sownkeys").contains("theIAMactionsts:AssumeRole")
                .contains("therole'strustpolicymustallowyou");
    }

    @Test
    void bad_usage_exits_2() {
        assertThat(run("validate").exitCode()).isEqualTo(2);
        assertThat(run("validate", "--output", "yaml", sample("payments")).exitCode()).isEqualTo(2);
        assertThat(run("frobnicate").exitCode()).isEqualTo(2);
        CommandRun none = run();
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("Missing a command: run, validate, plan, timeline, ps, stop, kill or down");
    }

    @Test
    void a_terraform_arrays_task_level_options_are_checked_as_the_command_line_they_are() throws IOException {
        Path array = file("api.json", "[{\"name\": \"app\", \"image\": \"i\", \"memory\": 64}]");
        CommandRun empty = run("validate", array.toString(), "--volume", "=/srv/data");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("--volume =/srv/data: give the volume's name");
        CommandRun relative = run("validate", array.toString(), "--volume", "data=srv/data");
        assertThat(relative.exitCode()).isEqualTo(2);
        assertThat(relative.err()).contains("--volume data=srv/data: the host path must be absolute");
        CommandRun twice = run("validate", array.toString(), "--volume", "data", "--volume", "data=/srv/data");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).contains("--volume data is given twice");
        CommandRun fargateHostPath = run("validate", array.toString(), "--volume", "data=/srv/data", "--requires-compatibilities", "FARGATE",
                "--network-mode", "awsvpc", "--cpu", "256", "--memory", "512");
        assertThat(fargateHostPath.exitCode()).isEqualTo(3);
        assertThat(fargateHostPath.err()).contains("--volume: host.sourcePath is not supported on Fargate");
        CommandRun ok = run("validate", array.toString(), "--volume", "data", "--network-mode", "awsvpc", "--cpu", "256",
                "--memory", "512", "--requires-compatibilities", "FARGATE");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("valid (Terraform container_definitions array; family api", "networkMode awsvpc");
    }

    @Test
    void a_firelens_s3_copy_the_router_does_not_read_or_cannot_be_read_is_a_usage_error_before_Docker() throws IOException {
        Path s3Task = file("s3.json", ("{'family':'t','containerDefinitions':[{'name':'router','image':'fb','memory':32,"
                + "'firelensConfiguration':{'type':'fluentbit','options':{'config-file-type':'s3','config-file-value':"
                + "'arn:aws:s3:::b/extra.conf'}}},{'name':'app','image':'a','memory':32,'logConfiguration':{'logDriver':'awsfirelens',"
                + "'options':{'Name':'stdout'}}}]}").replace('\'', '"'));
        CommandRun other = run("run", s3Task.toString(), "--firelens-s3-file", "arn:aws:s3:::b/other.conf=" + s3Task);
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err()).startsWith("ecs-local: --firelens-s3-file arn:aws:s3:::b/other.conf: the task's router reads no such object "
                + "(it reads arn:aws:s3:::b/extra.conf)");
        CommandRun missing = run("run", s3Task.toString(), "--firelens-s3-file", "arn:aws:s3:::b/extra.conf=" + dir.resolve("gone.conf"));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("ecs-local: --firelens-s3-file arn:aws:s3:::b/extra.conf=" + dir.resolve("gone.conf")
                + ": cannot read " + dir.resolve("gone.conf") + " (no such file)");
        CommandRun mode = run("run", s3Task.toString(), "--firelens", "sidecar");
        assertThat(mode.exitCode()).isEqualTo(2);
        assertThat(mode.err()).contains("--firelens", "sidecar", "AUTO, EMBEDDED, CONTAINER");
    }

    @Test
    void help_lists_the_commands_and_the_exit_codes() {
        CommandRun run = run("--help");
        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out().replaceAll("\\s+", " ")).contains("run", "validate", "plan", "ps", "down", "Exit codes:",
                " 0 success", " 1 the task ran and failed", " 2 usage error: an unknown option, a bad option value, a missing "
                        + "argument", " 3 the task definition cannot be used: its file cannot be read, is not JSON or YAML or not a "
                        + "task definition, AWS does not give the registered one (--task-definition), or it is invalid (nothing "
                        + "was started)",
                " 4 Docker is not reachable", " 70 internal error", " 130 interrupted");
    }

    @Test
    void version_prints_the_build_version() {
        CommandRun run = run("--version");
        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).matches("ecs-local \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n");
    }

    @Test
    void plan_shows_the_payments_order_with_its_causes() {
        CommandRun run = run("plan", sample("payments"));
        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.out()).contains(
                "   2  secrets-init         [essential: false]\n"
                        + "      envoy                [healthCheck]\n"
                        + "      log-router           [FireLens router (fluentbit)]\n"
                        + "   3  app                  waits for secrets-init SUCCESS (dependsOn)\n"
                        + "                           waits for envoy HEALTHY (dependsOn, startTimeout 60s)\n"
                        + "                           waits for log-router START (FireLens)\n",
                "   1  app                  stopTimeout 10s\n"
                        + "   2  secrets-init         stopTimeout 30s (default)\n"
                        + "      envoy                stopTimeout 30s (default)\n"
                        + "      log-router           stopTimeout 30s (default)\n");
    }

    @Test
    void plan_json_is_machine_readable() throws IOException {
        CommandRun run = run("plan", "--output", "json", sample("payments"));
        assertThat(run.exitCode()).isEqualTo(0);
        JsonNode plan = new ObjectMapper().readTree(run.out());
        assertThat(plan.get("family").asText()).isEqualTo("payments");
        assertThat(plan.get("startOrder").toString())
                .isEqualTo("[[\"~internal~ecs~pause\"],[\"secrets-init\",\"envoy\",\"log-router\"],[\"app\"]]");
        assertThat(plan.get("stopOrder").get(0).toString()).isEqualTo("[\"app\"]");
    }

    @Test
    void validate_json_lists_problems_with_their_lines_and_exits_3() throws IOException {
        Path file = file("t.json", "[\n {\"name\": \"app\", \"image\": \"i\"}\n]\n");
        CommandRun run = run("validate", "-o", "json", "--family", "api", file.toString());
        assertThat(run.exitCode()).isEqualTo(3);
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("valid").asBoolean()).isFalse();
        assertThat(report.get("shape").asText()).isEqualTo("terraform");
        assertThat(report.get("family").asText()).isEqualTo("api");
        JsonNode problem = report.get("problems").get(0);
        assertThat(problem.get("pathInFile").asText()).isEqualTo("[0]");
        assertThat(problem.get("container").asText()).isEqualTo("app");
        assertThat(problem.get("line").asInt()).isEqualTo(2);
        assertThat(problem.get("message").asText()).isEqualTo(
                "Invalid setting for container 'app'. At least one of 'memory' or 'memoryReservation' must be specified.");
    }

    @Test
    void plan_refuses_an_invalid_task_definition_with_exit_3() throws IOException {
        Path file = file("t.json", "{\"family\":\"t\",\"containerDefinitions\":[{\"name\":\"a\",\"image\":\"i\",\"memory\":64,"
                + "\"dependsOn\":[{\"containerName\":\"a\",\"condition\":\"START\"}]}]}");
        CommandRun run = run("plan", file.toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("container \"a\" depends on itself");
    }

    @Test
    void the_fargate_flag_applies_the_Fargate_rules() {
        CommandRun run = run("validate", "--fargate", sample("nginx-proxy"));
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("Fargate requires networkMode awsvpc, found bridge");
    }

    // ---- run: what is decided before Docker is needed ------------------------------------------------

    @Test
    void run_refuses_an_invalid_task_definition_with_exit_3_before_touching_Docker() throws IOException {
        Path file = file("bad.json", "{\"family\": \"t\", \"containerDefinitions\": [{\"name\": \"app\"}]}");
        CommandRun run = run("run", file.toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("image is required").doesNotContain("Docker");
    }

    @Test
    void run_refuses_exit_code_from_a_container_that_does_not_exist() {
        CommandRun run = run("run", "--exit-code-from", "ap", sample("payments"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--exit-code-from ap: no container of that name. Containers: secrets-init, envoy, log-router, app");
    }

    @Test
    void run_refuses_a_duration_it_cannot_read() {
        CommandRun run = run("run", "--task-start-timeout", "soon", sample("payments"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'soon' is not a duration: write 90s, 5m, 1h30m or 500ms");
    }

    @Test
    void run_help_lists_its_exit_codes() {
        CommandRun run = run("run", "--help");
        assertThat(run.out().replaceAll(" +", " ")).contains(" 0 the task stopped because an essential container exited 0",
                " 1 the task failed", " 4 Docker is not reachable", " 130 interrupted");
    }

    @Test
    void durations_read_as_people_write_them() {
        DurationConverter convert = new DurationConverter();
        assertThat(convert.convert("90")).hasSeconds(90);
        assertThat(convert.convert("90s")).hasSeconds(90);
        assertThat(convert.convert("5m")).hasMinutes(5);
        assertThat(convert.convert("1h30m")).hasMinutes(90);
        assertThat(convert.convert("PT2M")).hasMinutes(2);
    }

    @Test
    void plan_firelens_config_takes_the_region_a_run_would_take() throws Exception {
        java.nio.file.Path described = java.nio.file.Files.createTempFile("described", ".json");
        try {
            java.nio.file.Files.writeString(described, """
                    {"taskDefinition": {"taskDefinitionArn": "arn:aws:ecs:ap-south-1:123456789012:task-definition/logs:4",
                      "family": "logs", "revision": 4, "containerDefinitions": [
                        {"name": "router", "image": "fluent-bit:1", "memory": 64, "firelensConfiguration": {"type": "fluentbit"}},
                        {"name": "app", "image": "app:1", "memory": 64,
                         "logConfiguration": {"logDriver": "awsfirelens", "options": {"Name": "stdout"}}}]}}
                    """);
            assertThat(run("plan", "--firelens-config", described.toString()).out()).as("the registered definition's region")
                    .contains("    Record ecs_task_arn arn:aws:ecs:ap-south-1:123456789012:task/ecs-local/<task-id>\n");
            assertThat(run("plan", "--firelens-config", described.toString(), "--region", "eu-west-1").out())
                    .contains("    Record ecs_task_arn arn:aws:ecs:eu-west-1:123456789012:task/ecs-local/<task-id>\n");
        } finally {
            java.nio.file.Files.delete(described);
        }
    }

    @Test
    void plan_firelens_config_prints_the_router_configuration_ECS_would_generate() {
        CommandRun run = run("plan", "--firelens-config", sample("payments"), "--region", "eu-west-1");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("# FireLens configuration ECS would generate for log-router (fluentbit), "
                + "mounted at /fluent-bit/etc/fluent-bit.conf.\n")
                .contains("\n[INPUT]\n    Name forward\n    Mem_Buf_Limit 25MB\n    unix_path /var/run/fluent.sock\n",
                        "    Record ecs_task_arn arn:aws:ecs:eu-west-1:000000000000:task/ecs-local/<task-id>\n")
                .contains("[OUTPUT]\n    Name datadog\n    Match app-firelens*\n")
                .as("a secret option is a reference to the router's environment (§7.2)").endsWith("    apikey ${apikey_3}\n"
                        + "    dd_service payments\n    dd_source busybox\n    provider ecs\n");
    }

    @Test
    void plan_firelens_config_of_a_task_without_a_router_is_a_usage_error() {
        CommandRun run = run("plan", "--firelens-config", sample("nginx-proxy"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("ecs-local: --firelens-config: " + sample("nginx-proxy")
                + " has no FireLens log router (no container has firelensConfiguration)\n");
    }

    @Test
    void run_refuses_output_files_it_could_not_write_before_anything_starts() {
        CommandRun events = run("run", "--events", dir.resolve("missing/ev.jsonl").toString(), sample("payments"));
        assertThat(events.exitCode()).isEqualTo(2);
        assertThat(events.err()).isEqualTo("ecs-local: cannot write --events " + dir.resolve("missing/ev.jsonl")
                + ": no such directory " + dir.resolve("missing") + "\n");
        CommandRun report = run("run", "--report", dir.toString(), sample("payments"));
        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.err()).isEqualTo("ecs-local: cannot write --report " + dir + ": it is a directory; give a file name\n");
    }

    @Test
    void run_refuses_a_FireLens_pattern_the_router_would_refuse_with_exit_3_before_touching_Docker() throws IOException {
        Path file = file("badre.json", ("{'family':'badre','containerDefinitions':["
                + "{'name':'router','image':'fb','memory':32,'firelensConfiguration':{'type':'fluentbit'}},"
                + "{'name':'app','image':'a','memory':32,'logConfiguration':{'logDriver':'awsfirelens',"
                + "'options':{'Name':'stdout','include-pattern':'*fail*'}}}]}").replace('\'', '"'));
        CommandRun run = run("run", file.toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).startsWith("ecs-local: " + file + ": containerDefinitions \"app\" › logConfiguration.options."
                + "include-pattern \"*fail*\" is not a regular expression").endsWith("Nothing was started.\n")
                .doesNotContain("Docker");
    }
}
