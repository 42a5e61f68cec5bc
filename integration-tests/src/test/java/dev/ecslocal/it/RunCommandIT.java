package dev.ecslocal.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.ecslocal.it.Cli.first;
import static dev.ecslocal.it.Cli.is;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * `ecs-local run` as a user runs it: the shaded jar in its own process, read through its --events file (ECS
 * order as data), its exit code and its output; interrupted with real signals. Every test leaves nothing
 * labelled ecs-local behind.
 */
class RunCommandIT extends RunsCli {
    private static final Path PROJECT = CliRunner.PROJECT;
    private static final Path JAR = CliRunner.JAR;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DockerClient DOCKER = DockerClientFactory.instance().client();

    private Cli start(String name, String... args) throws IOException {
        return runner.start(name, args);
    }

    /** @param environment added to ecs-local's environment */
    private Cli start(String name, Map<String, String> environment, String... args) throws IOException {
        return runner.start(name, environment, args);
    }

    private Path taskDefinition(String json) throws IOException {
        Path file = dir.resolve("task-" + runner.processes().size() + ".json");
        Files.writeString(file, json.replace('\'', '"'));
        return file;
    }

    private static void signal(Process process, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    private static List<String> labelled(String taskId) {
        return Leftovers.labelled(taskId);
    }

    @Test
    void the_payments_sample_starts_and_stops_in_ECS_order() throws Exception {
        // ECS-SEMANTICS §1.1 (SUCCESS, HEALTHY, START), §1.5 (FireLens START, the awsvpc pause), §2 (reverse order).
        Path report = dir.resolve("report.json");
        Path timeline = dir.resolve("timeline.html");
        Cli cli = start("payments", "run", "samples/payments/taskdef.json", "--secrets", "samples/payments/secrets.json", "--report", report.toString(),
                "--timeline", timeline.toString());
        assertThat(cli.awaitExit(Duration.ofMinutes(2))).as(cli.output()).isZero();
        List<JsonNode> events = cli.events();
        String pause = "~internal~ecs~pause";
        int pauseRunning = first(events, "container", pause, "RUNNING");
        for (String sidecar : List.of("secrets-init", "envoy", "log-router")) {
            assertThat(pauseRunning).as(sidecar + " joins the netns once it exists").isLessThan(first(events, "container", sidecar, "RUNNING"));
        }
        int appRunning = first(events, "container", "app", "RUNNING");
        assertThat(first(events, "container", "secrets-init", "STOPPED")).as("SUCCESS: app waits for secrets-init to exit 0")
                .isLessThan(appRunning);
        assertThat(events.get(first(events, "container", "secrets-init", "STOPPED")).path("exitCode").asInt()).isZero();
        assertThat(first(events, "health", "envoy", null)).as("HEALTHY: app waits for envoy's health check").isLessThan(appRunning);
        assertThat(first(events, "container", "log-router", "RUNNING")).as("FireLens: app waits for the router START")
                .isLessThan(appRunning);

        int appStopped = first(events, "container", "app", "STOPPED");
        int envoyStopped = first(events, "container", "envoy", "STOPPED");
        int routerStopped = first(events, "container", "log-router", "STOPPED");
        int pauseStopped = first(events, "container", pause, "STOPPED");
        assertThat(appStopped).isLessThan(envoyStopped).isLessThan(routerStopped);
        assertThat(pauseStopped).as("the netns holder stops last").isGreaterThan(envoyStopped).isGreaterThan(routerStopped);
        JsonNode stopped = events.get(first(events, "task", null, "STOPPED"));
        assertThat(stopped.path("stopCode").asText()).isEqualTo("EssentialContainerExited");
        // The HTML timeline has every container's lane, and app's start is released by secrets-init and envoy.
        String html = Files.readString(timeline);
        for (String lane : List.of(pause, "secrets-init", "envoy", "log-router", "app")) {
            assertThat(html).contains("<g class=\"lane\" data-container=\"" + lane + "\">");
        }
        assertThat(html).contains("data-from=\"secrets-init\" data-to=\"app\" data-condition=\"SUCCESS\"",
                "data-from=\"envoy\" data-to=\"app\" data-condition=\"HEALTHY\"");
        assertThat(cli.output()).contains("timeline, in seconds since the run started");
        // The app logs with awsfirelens: its lines come through the router's stand-in, tagged as the router would.
        assertThat(cli.output()).containsPattern("app          → datadog \\| \\{.*\"log\":\"payments: payment 5 authorised by envoy\"");
        // The secrets reached the app (it prints the user and the password's length), and their values are shown nowhere.
        assertThat(cli.output()).contains("database user ****, password of 22 characters");
        for (String value : List.of("payments_app", "local-db-password-4f2a", "local-datadog-api-key-9c1e")) {
            assertThat(cli.output()).doesNotContain(value);
            assertThat(Files.readString(report)).doesNotContain(value);
            assertThat(Files.readString(timeline)).doesNotContain(value);
        }

        JsonNode task = JSON.readTree(report.toFile());
        assertThat(task.path("lastStatus").asText()).isEqualTo("STOPPED");
        assertThat(task.path("stoppedReason").asText()).isEqualTo("Essential container in task exited");
        assertThat(task.path("containers").findValuesAsText("name")).containsExactly("secrets-init", "envoy", "log-router", "app");
    }

    @Test
    void an_essential_sidecar_crashing_stops_the_task_and_ecs_local_stops_the_app() throws Exception {
        // ECS-SEMANTICS §3.1: any essential container's exit stops the task; the others get their stop signal.
        Path file = taskDefinition("{'family':'crash','containerDefinitions':["
                + "{'name':'app','image':'ecs-local-samples/busybox:latest','memory':32,"
                + "'command':['sh','-c','trap \\'echo app got SIGTERM; exit 143\\' TERM; while :; do sleep 1; done']},"
                + "{'name':'sidecar','image':'ecs-local-samples/busybox:latest','memory':32,"
                + "'command':['sh','-c','sleep 2; echo sidecar crashing; exit 3']}]}");
        Cli cli = start("crash", "run", file.toString());
        assertThat(cli.awaitExit(Duration.ofMinutes(1))).isEqualTo(1);
        List<JsonNode> events = cli.events();
        int crash = first(events, "container", "sidecar", "STOPPED");
        assertThat(events.get(crash).path("exitCode").asInt()).isEqualTo(3);
        int appStopped = first(events, "container", "app", "STOPPED");
        assertThat(crash).isLessThan(appStopped);
        assertThat(events.get(appStopped).path("exitCode").asInt()).isEqualTo(143);
        assertThat(cli.output()).contains("stopped by     sidecar (exit 3)", "app     | app got SIGTERM",
                "last lines of sidecar:", "  sidecar crashing");
    }

    @Test
    void ctrl_c_stops_the_task_as_StopTask_does_and_removes_everything() throws Exception {
        Cli cli = start("interrupt", "run", "samples/shared-logs/taskdef.json");
        String taskId = cli.taskId();
        cli.awaitEvent("task RUNNING", e -> is(e, "task", null, "RUNNING"), Duration.ofSeconds(60));
        assertThat(labelled(taskId)).as("the run created containers and a volume").hasSize(3);
        signal(cli.process(), "INT");
        assertThat(cli.awaitExit(Duration.ofMinutes(1))).isEqualTo(130);
        List<JsonNode> events = cli.events();
        assertThat(events.get(first(events, "task", null, "STOPPED")).path("stopCode").asText()).isEqualTo("UserInitiated");
        // Reverse order: the tailer depends on the app (START), so it stops first.
        assertThat(first(events, "container", "log-tailer", "STOPPED")).isLessThan(first(events, "container", "app", "STOPPED"));
        assertThat(labelled(taskId)).isEmpty();
    }

    /**
     * One Ctrl-C at each of 20 moments from the JVM's start to the task RUNNING (the "first 2 s" on an idle
     * machine; measured here by a first run, so that a busy machine spreads them as wide): the JVM starting, the task's
     * volume, the relay, the containers being made. Every run ends with 130, says it was stopped once it had said which
     * task it runs, and leaves nothing, whatever it was doing when the signal came.
     */
    @Test
    void ctrl_c_at_twenty_moments_of_the_set_up_leaves_nothing() throws Exception {
        Path file = taskDefinition("{'family':'early','volumes':[{'name':'scratch','dockerVolumeConfiguration':{'scope':'task',"
                + "'driver':'local'}}],'containerDefinitions':[{'name':'app','image':'ecs-local-samples/busybox:latest','memory':32,"
                + "'mountPoints':[{'sourceVolume':'scratch','containerPath':'/scratch'}],'command':['sh','-c','sleep 30']}]}");
        long calibrationStart = System.nanoTime();
        Cli calibration = start("early-calibration", "run", file.toString());
        calibration.awaitEvent("task RUNNING", e -> is(e, "task", null, "RUNNING"), Duration.ofSeconds(60));
        long toRunning = (System.nanoTime() - calibrationStart) / 1_000_000;
        signal(calibration.process(), "INT");
        assertThat(calibration.awaitExit(Duration.ofMinutes(1))).isEqualTo(130);

        List<String> seen = new ArrayList<>();
        for (int moment = 0; moment < 20; moment++) {
            long delay = toRunning * moment / 19;
            long started = System.nanoTime();
            Cli cli = start("early-" + moment, "run", file.toString());
            Thread.sleep(Math.max(0, delay - (System.nanoTime() - started) / 1_000_000));
            signal(cli.process(), "INT");
            int exit = cli.awaitExit(Duration.ofMinutes(1));
            String output = cli.output();
            String at = "Ctrl-C at " + delay + " ms: " + output;
            assertThat(exit).as(at).isEqualTo(130);
            Matcher task = Pattern.compile("as task ([0-9a-f]{32})").matcher(output);
            if (task.find()) {
                assertThat(output).as(at).containsAnyOf("Stopping: the task is still being set up", "Stopping the task as ECS would");
                assertThat(labelled(task.group(1))).as(at).isEmpty();
                seen.add(delay + " ms: task " + task.group(1) + (output.contains("task RUNNING") ? " (RUNNING)" : ""));
            } else {
                seen.add(delay + " ms: before the run said its task");
            }
            assertThat(Leftovers.ofRuns(runner)).as(at).isEmpty();
        }
        System.out.println("Ctrl-C at 20 moments of " + toRunning + " ms:\n  " + String.join("\n  ", seen));
        assertThat(seen).as("signals landed while the task was being set up").filteredOn(line -> line.contains("task "))
                .hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void down_removes_what_a_kill_9ed_run_left() throws Exception {
        Cli cli = start("killed", "run", "samples/shared-logs/taskdef.json");
        String taskId = cli.taskId();
        cli.awaitEvent("task RUNNING", e -> is(e, "task", null, "RUNNING"), Duration.ofSeconds(60));
        cli.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no clean-up can run
        assertThat(labelled(taskId)).hasSize(3);

        Cli ps = start("ps", "ps");
        assertThat(ps.awaitExit(Duration.ofSeconds(60))).isZero();
        assertThat(Files.readString(ps.out())).containsPattern(taskId + " +shared-logs:1 .* leftover")
                .contains("Shared by the runs (the metadata endpoints' relay): container ecs-local-endpoints, network ecs-local-endpoints");

        Cli down = start("down", "down", taskId.substring(0, 8));
        assertThat(down.awaitExit(Duration.ofSeconds(60))).as(down.output()).isZero();
        // The relay goes too unless another task on this shared daemon still has containers.
        assertThat(Files.readString(down.out())).startsWith("task " + taskId + ": removed 2 containers and 1 volume\n");
        assertThat(labelled(taskId)).isEmpty();
    }

    @Test
    void two_runs_of_one_definition_do_not_clash_but_a_taken_host_port_is_said_clearly() throws Exception {
        Cli first = start("first", "run", "samples/shared-logs/taskdef.json");
        Cli second = start("second", "run", "samples/shared-logs/taskdef.json");
        first.awaitEvent("task RUNNING", e -> is(e, "task", null, "RUNNING"), Duration.ofSeconds(60));
        second.awaitEvent("task RUNNING", e -> is(e, "task", null, "RUNNING"), Duration.ofSeconds(60));
        assertThat(first.taskId()).isNotEqualTo(second.taskId());

        // nginx-proxy publishes host port 8080: a second copy cannot have it.
        Cli proxy = start("proxy", "run", "samples/nginx-proxy/taskdef.json");
        proxy.awaitEvent("task RUNNING", e -> is(e, "task", null, "RUNNING"), Duration.ofSeconds(60));
        Cli clash = start("clash", "run", "samples/nginx-proxy/taskdef.json");
        assertThat(clash.awaitExit(Duration.ofMinutes(1))).isEqualTo(1);
        assertThat(clash.output()).contains("port is already allocated", "Another task or program holds that host port");
        assertThat(labelled(clash.taskId())).isEmpty();

        for (Cli cli : List.of(first, second, proxy)) {
            signal(cli.process(), "TERM");
        }
        for (Cli cli : List.of(first, second, proxy)) {
            assertThat(cli.awaitExit(Duration.ofMinutes(1))).isEqualTo(130);
        }
    }

    @Test
    void awsfirelens_lines_reach_the_embedded_stand_in_filtered_and_tagged_as_the_router_would() throws Exception {
        // ECS-SEMANTICS §7.3 (Docker's fluentd driver, ECS's tag), §7.4 (grep filters on log, ECS metadata), §1.5
        // (the app waits for the router's START; the router stops after it).
        Path file = taskDefinition("{'family':'logs','containerDefinitions':["
                + "{'name':'router','image':'ecs-local-samples/busybox:latest','memory':32,'firelensConfiguration':{'type':'fluentbit'}},"
                + "{'name':'app','image':'ecs-local-samples/busybox:latest','memory':32,"
                + "'command':['sh','-c','echo keep one; echo keep but drop; echo other; echo keep from stderr >&2'],"
                + "'logConfiguration':{'logDriver':'awsfirelens','options':{'Name':'datadog','include-pattern':'keep',"
                + "'exclude-pattern':'drop','apikey':'x'}}}]}");
        Cli cli = start("firelens", "run", file.toString(), "--firelens", "embedded");
        String taskId = cli.taskId();
        assertThat(cli.awaitExit(Duration.ofMinutes(1))).as(cli.output()).isZero();
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(cli.out())) {
            if (line.startsWith("app    → datadog | ")) {
                records.add(JSON.readTree(line.substring(line.indexOf("| ") + 2)));
            }
        }
        assertThat(records).extracting(r -> r.path("log").asText()).containsExactlyInAnyOrder("keep one", "keep from stderr");
        for (JsonNode record : records) {
            assertThat(record.path("container_name").asText()).startsWith("/ecs-local-logs-1-app-");
            // In the run's region (the one its containers get as AWS_REGION), never "local".
            assertThat(record.path("ecs_task_arn").asText()).matches("arn:aws:ecs:[a-z]{2}(-[a-z]+)+-\\d:000000000000:task/ecs-local/" + taskId);
            assertThat(record.path("ecs_task_definition").asText()).isEqualTo("logs:1");
        }
        assertThat(records).extracting(r -> r.path("source").asText()).containsExactlyInAnyOrder("stdout", "stderr");
        assertThat(cli.output()).as("FireLens lines are not also shown from docker logs").doesNotContain("app    | ");
        List<JsonNode> events = cli.events();
        assertThat(first(events, "container", "router", "RUNNING")).isLessThan(first(events, "container", "app", "RUNNING"));
        assertThat(first(events, "container", "app", "STOPPED")).isLessThan(first(events, "container", "router", "STOPPED"));
    }

    @Test
    void in_awsvpc_a_program_sending_to_FLUENT_HOST_reaches_the_stand_in_through_the_task_loopback() throws Exception {
        // ECS-SEMANTICS §7.3: FLUENT_HOST=127.0.0.1, FLUENT_PORT=24224 in awsvpc. The frame is Message mode
        // ["app-direct", 1, {"log": "hi"}], written in octal by printf.
        String send = "printf '\\223\\252app-direct\\001\\201\\243log\\242hi' | nc -w 2 $FLUENT_HOST $FLUENT_PORT; "
                + "echo sent to $FLUENT_HOST:$FLUENT_PORT; sleep 1";
        Map<String, Object> router = Map.of("name", "router", "image", "ecs-local-samples/busybox:latest", "memory", 32,
                "firelensConfiguration", Map.of("type", "fluentbit"));
        Map<String, Object> app = Map.of("name", "app", "image", "ecs-local-samples/busybox:latest", "memory", 32,
                "command", List.of("sh", "-c", send),
                "logConfiguration", Map.of("logDriver", "awsfirelens", "options", Map.of("Name", "stdout")));
        Path file = dir.resolve("direct.json");
        Files.writeString(file, JSON.writeValueAsString(Map.of("family", "direct", "networkMode", "awsvpc",
                "containerDefinitions", List.of(router, app))));
        Cli cli = start("direct", "run", file.toString(), "--firelens", "embedded");
        assertThat(cli.awaitExit(Duration.ofMinutes(1))).as(cli.output()).isZero();
        assertThat(cli.output()).contains("\"log\":\"sent to 127.0.0.1:24224\"")
                .containsPattern("app-direct → \\(no output\\) \\| \\{.*\"log\":\"hi\"");
    }

    @Test
    void with_a_router_container_every_line_reaches_its_socket_and_local_outputs_come_back_to_the_console() throws Exception {
        // ECS-SEMANTICS §7.2 (the generated file at /fluent-bit/etc/fluent-bit.conf, the socket directory at /var/run/),
        // §7.3 (the fluentd driver dials the router's socket; FLUENT_HOST in awsvpc), §1.5 (router first, last to stop).
        String router = TestRouterImage.build(DOCKER, dir);
        Path out = Files.createDirectories(dir.resolve("router-out"));
        List<String> lines = List.of("first line from stdout", "second line, with ünïcödé", "a line from stderr");
        Path file = taskDefinition("{'family':'routed','networkMode':'awsvpc','volumes':[{'name':'out','host':{'sourcePath':'" + out
                + "'}}],'containerDefinitions':["
                + "{'name':'router','image':'" + router + "','memory':32,'firelensConfiguration':{'type':'fluentbit'},"
                + "'mountPoints':[{'sourceVolume':'out','containerPath':'/out'}]},"
                + "{'name':'app','image':'ecs-local-samples/busybox:latest','memory':32,'command':['sh','-c',"
                + "'echo " + lines.get(0) + "; echo " + lines.get(1) + "; echo " + lines.get(2) + " >&2; "
                + "echo FLUENT_HOST=$FLUENT_HOST:$FLUENT_PORT; sleep 2'],"
                + "'logConfiguration':{'logDriver':'awsfirelens','options':{'Name':'datadog','apikey':'not-sent'}}}]}");
        Cli cli = start("router", "run", file.toString());
        String taskId = cli.taskId();
        assertThat(cli.awaitExit(Duration.ofMinutes(1))).as(cli.output()).isZero();

        String output = cli.output();
        assertThat(output).contains("FireLens: router runs " + router + " (fluentbit) with the configuration ECS would generate")
                .contains("FireLens: app's output \"datadog\" is not sent: its records are shown here");
        byte[] received = Files.readAllBytes(out.resolve("received"));
        for (String line : lines) {
            assertThat(indexOf(received, line.getBytes(StandardCharsets.UTF_8))).as("%s reached the router's socket", line)
                    .isNotNegative();
        }
        assertThat(indexOf(received, ("app-firelens-" + taskId).getBytes(StandardCharsets.UTF_8))).as("ECS's tag").isNotNegative();
        String config = Files.readString(out.resolve("fluent-bit.conf"));
        assertThat(config).contains("unix_path /var/run/fluent.sock").containsPattern("Record ecs_task_arn "
                + "arn:aws:ecs:[a-z]{2}(-[a-z]+)+-\\d:000000000000:task/ecs-local/" + taskId).contains("Name forward\n    Match app-firelens*\n    Host ")
                .doesNotContain("datadog\n").doesNotContain("not-sent");
        // The router relayed the records to its local output: ecs-local shows them under the output's name.
        List<String> shown = new ArrayList<>();
        for (String line : Files.readAllLines(cli.out())) {
            if (line.startsWith("app    → datadog | ")) {
                shown.add(JSON.readTree(line.substring(line.indexOf("| ") + 2)).path("log").asText());
            }
        }
        assertThat(shown).contains(lines.toArray(String[]::new)).contains("FLUENT_HOST=127.0.0.1:24224");
        assertThat(output).contains("router | test-router: listening on /var/run/fluent.sock");
        List<JsonNode> events = cli.events();
        assertThat(first(events, "container", "router", "RUNNING")).isLessThan(first(events, "container", "app", "RUNNING"));
        assertThat(first(events, "container", "app", "STOPPED")).isLessThan(first(events, "container", "router", "STOPPED"));
        assertThat(routerFilesOf(taskId)).as("the router's files go with the task").doesNotExist();
    }

    @Test
    void pausing_the_log_router_holds_the_app_lines_until_it_resumes() throws Exception {
        // A hung router (--pause): Docker's fluentd driver keeps what it cannot hand over, and the lines arrive late.
        String router = TestRouterImage.build(DOCKER, dir);
        Path out = Files.createDirectories(dir.resolve("paused-out"));
        Path file = taskDefinition("{'family':'hung','networkMode':'awsvpc','volumes':[{'name':'out','host':{'sourcePath':'" + out
                + "'}}],'containerDefinitions':["
                + "{'name':'router','image':'" + router + "','memory':32,'firelensConfiguration':{'type':'fluentbit'},"
                + "'mountPoints':[{'sourceVolume':'out','containerPath':'/out'}]},"
                + "{'name':'app','image':'ecs-local-samples/busybox:latest','memory':32,'command':['sh','-c',"
                + "'sleep 1; echo held-one; echo held-two; sleep 5'],"
                + "'logConfiguration':{'logDriver':'awsfirelens','options':{'Name':'datadog'}}}]}");
        Cli cli = start("paused", "run", file.toString(), "--pause", "router@running for 4s");
        assertThat(cli.awaitExit(Duration.ofMinutes(1))).as(cli.output()).isZero();
        List<String> lines = Files.readAllLines(cli.out());
        int resumed = -1;
        int firstRecord = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (resumed < 0 && lines.get(i).contains("injected: resumed after a pause")) {
                resumed = i;
            }
            if (firstRecord < 0 && lines.get(i).startsWith("app    → datadog | ")) {
                firstRecord = i;
            }
        }
        assertThat(resumed).as(cli.output()).isNotNegative();
        assertThat(firstRecord).as("the lines arrive only once the router is thawed:\n" + cli.output()).isGreaterThan(resumed);
        assertThat(cli.output()).contains("\"log\":\"held-one\"", "\"log\":\"held-two\"");
        List<JsonNode> events = cli.events();
        assertThat(events.get(first(events, "injected", "router", null)).path("message").asText())
                .isEqualTo("pause at RUNNING for 4s");
    }

    @Test
    void failing_the_health_of_a_dependency_leaves_its_dependent_waiting_until_startTimeout_stops_it() throws Exception {
        // ECS-SEMANTICS §1.3, §1.4: HEALTHY is never met by an UNHEALTHY dependency; startTimeout on the dependency
        // stops the dependent with the agent's dependency-timeout error, and the task fails to start.
        Path file = taskDefinition("{'family':'sick','containerDefinitions':["
                + "{'name':'db','image':'ecs-local-samples/busybox:latest','memory':32,'startTimeout':12,"
                + "'linuxParameters':{'initProcessEnabled':true},'command':['sleep','300'],"
                + "'healthCheck':{'command':['CMD-SHELL','true'],'interval':5,'retries':1,'timeout':2}},"
                + "{'name':'app','image':'ecs-local-samples/busybox:latest','memory':32,'command':['sleep','300'],"
                + "'dependsOn':[{'containerName':'db','condition':'HEALTHY'}]}]}");
        Cli cli = start("sick", "run", file.toString(), "--fail-health", "db@running");
        assertThat(cli.awaitExit(Duration.ofMinutes(1))).as(cli.output()).isEqualTo(1);
        List<JsonNode> events = cli.events();
        assertThat(events).filteredOn(e -> is(e, "health", "db", null)).extracting(e -> e.path("health").asText())
                .containsExactly("UNHEALTHY");
        assertThat(events).noneMatch(e -> is(e, "container", "app", "RUNNING"));
        JsonNode app = events.get(first(events, "container", "app", "STOPPED"));
        assertThat(app.path("exitCode").asInt()).isEqualTo(143);
        assertThat(app.path("reason").asText()).contains("dependency graph: container ordering dependency [db] for target [app] "
                + "has timed out");
        assertThat(events.get(first(events, "task", null, "STOPPED")).path("stopCode").asText()).isEqualTo("TaskFailedToStart");
        assertThat(cli.output()).contains("db  injected: health checks fail from RUNNING", "failing: ecs-local --fail-health");
    }

    private static Path routerFilesOf(String taskId) {
        return Path.of(System.getProperty("java.io.tmpdir"), "ecs-local-firelens-" + taskId);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void killing_envoy_once_healthy_stops_the_payments_task_and_ecs_local_stops_the_app_after() throws Exception {
        // ECS-SEMANTICS §3.1: an essential container's exit, whatever its code, stops the task; §2: the rest is stopped.
        Cli cli = start("kill", "run", "samples/payments/taskdef.json", "--secrets", "samples/payments/secrets.json", "--kill", "envoy@healthy+2s");
        assertThat(cli.awaitExit(Duration.ofMinutes(2))).as(cli.output()).isEqualTo(1);
        List<JsonNode> events = cli.events();
        int injected = first(events, "injected", "envoy", null);
        int envoyStopped = first(events, "container", "envoy", "STOPPED");
        assertThat(events.get(envoyStopped).path("exitCode").asInt()).isEqualTo(137);
        assertThat(injected).isLessThan(envoyStopped);
        assertThat(events.get(injected).path("t").asLong() - events.get(first(events, "health", "envoy", null)).path("t").asLong())
                .as("two seconds after HEALTHY").isBetween(2000L, 3000L);
        assertThat(first(events, "stopping", "app", null)).as("ecs-local stops app after envoy's exit").isGreaterThan(envoyStopped);
        JsonNode stopped = events.get(first(events, "task", null, "STOPPED"));
        assertThat(stopped.path("stopCode").asText()).isEqualTo("EssentialContainerExited");
        assertThat(cli.output()).contains("envoy        injected: kill with SIGKILL at HEALTHY+2s", "stopped by     envoy (exit 137)");
    }

    @Test
    void killing_a_non_essential_container_leaves_the_task_running() throws Exception {
        Path file = taskDefinition("{'family':'sidecar','containerDefinitions':["
                + "{'name':'app','image':'ecs-local-samples/busybox:latest','memory':32,'linuxParameters':{'initProcessEnabled':true},"
                + "'command':['sleep','300']},"
                + "{'name':'metrics','image':'ecs-local-samples/busybox:latest','memory':32,'essential':false,'command':['sleep','300']}]}");
        Cli cli = start("kill-sidecar", "run", file.toString(), "--kill", "metrics@running+1s");
        cli.awaitEvent("metrics STOPPED", e -> is(e, "container", "metrics", "STOPPED"), Duration.ofSeconds(60));
        Thread.sleep(2000);
        assertThat(cli.process().isAlive()).as(cli.output()).isTrue();
        assertThat(cli.events()).noneMatch(e -> is(e, "task", null, "STOPPING"));
        assertThat(cli.events().get(first(cli.events(), "container", "metrics", "STOPPED")).path("exitCode").asInt()).isEqualTo(137);
        signal(cli.process(), "TERM");
        assertThat(cli.awaitExit(Duration.ofMinutes(1))).isEqualTo(130);
    }

    @Test
    void kill_and_stop_from_another_terminal_act_on_the_running_task() throws Exception {
        Path file = taskDefinition("{'family':'remote','containerDefinitions':["
                + "{'name':'app','image':'ecs-local-samples/busybox:latest','memory':32,'linuxParameters':{'initProcessEnabled':true},"
                + "'command':['sleep','300']},"
                + "{'name':'metrics','image':'ecs-local-samples/busybox:latest','memory':32,'essential':false,"
                + "'linuxParameters':{'initProcessEnabled':true},'command':['sleep','300']}]}");
        Cli run = start("remote", "run", file.toString());
        String taskId = run.taskId();
        run.awaitEvent("task RUNNING", e -> is(e, "task", null, "RUNNING"), Duration.ofSeconds(60));

        Cli kill = start("remote-kill", "kill", taskId.substring(0, 8), "metrics", "--signal", "TERM");
        assertThat(kill.awaitExit(Duration.ofSeconds(30))).as(kill.output()).isZero();
        run.awaitEvent("metrics STOPPED", e -> is(e, "container", "metrics", "STOPPED"), Duration.ofSeconds(30));
        assertThat(run.events().get(first(run.events(), "container", "metrics", "STOPPED")).path("exitCode").asInt())
                .as("SIGTERM, through docker's init").isEqualTo(143);
        assertThat(run.process().isAlive()).as("a non-essential exit leaves the task running").isTrue();

        Cli stop = start("remote-stop", "stop", taskId);
        assertThat(stop.awaitExit(Duration.ofSeconds(30))).as(stop.output()).isZero();
        assertThat(run.awaitExit(Duration.ofMinutes(1))).as(run.output()).isEqualTo(130);
        assertThat(run.events().get(first(run.events(), "task", null, "STOPPED")).path("stopCode").asText()).isEqualTo("UserInitiated");

        Cli again = start("remote-again", "stop", taskId);
        assertThat(again.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
        assertThat(again.output()).contains("no ecs-local task " + taskId);
    }

    @Test
    void a_container_reads_its_own_metadata_and_the_task_role_credentials_in_awsvpc_and_bridge() throws Exception {
        // ECS-SEMANTICS §8.1-§8.4: per-container URIs at 169.254.170.2, ECS's field names, credentials in ECS's shape.
        for (String mode : List.of("awsvpc", "bridge")) {
            Path file = taskDefinition("{'family':'whoami','networkMode':'" + mode + "','taskRoleArn':'arn:aws:iam::111122223333:role/whoami',"
                    + "'containerDefinitions':["
                    + "{'name':'app','image':'ecs-local-samples/busybox:latest','memory':32,'command':['sh','-c',"
                    + "'echo uri=$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI; echo me=$(wget -q -O- $ECS_CONTAINER_METADATA_URI_V4); "
                    + "echo task=$(wget -q -O- $ECS_CONTAINER_METADATA_URI_V4/task); "
                    + "echo keys=$(wget -q -O- http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI); sleep 6']},"
                    + "{'name':'sidecar','image':'ecs-local-samples/busybox:latest','memory':32,'essential':false,"
                    + "'command':['sh','-c','trap \\'exit 0\\' TERM; echo sidecar=$(wget -q -O- $ECS_CONTAINER_METADATA_URI_V4); sleep 30 & wait']}]}");
            Cli cli = start("whoami-" + mode, Map.of("AWS_ACCESS_KEY_ID", "AKIAITESTKEY", "AWS_SECRET_ACCESS_KEY", "it-secret-key-7",
                    "AWS_SESSION_TOKEN", "it-session-token-7"), "run", file.toString(), "--task-role-credentials", "env");
            String uri = cli.awaitLine("app", "uri");
            JsonNode me = JSON.readTree(cli.awaitLine("app", "me"));
            assertThat(me.path("Name").asText()).as(mode).isEqualTo("app");
            // A container that asks at once may be asking before its start is known, as with the agent.
            assertThat(me.path("KnownStatus").asText()).isIn("CREATED", "RUNNING");
            JsonNode sidecar = JSON.readTree(cli.awaitLine("sidecar", "sidecar"));
            assertThat(sidecar.path("Name").asText()).as("each container is told about itself").isEqualTo("sidecar");
            JsonNode task = JSON.readTree(cli.awaitLine("app", "task"));
            assertThat(task.path("Family").asText()).isEqualTo("whoami");
            assertThat(task.path("Containers").findValuesAsText("Name")).contains("app", "sidecar");
            JsonNode keys = JSON.readTree(cli.awaitLine("app", "keys"));
            assertThat(keys.path("AccessKeyId").asText()).isEqualTo("AKIAITESTKEY");
            assertThat(keys.path("RoleArn").asText()).isEqualTo("arn:aws:iam::111122223333:role/whoami");
            assertThat(keys.path("SecretAccessKey").asText()).as("shown masked on the console").isEqualTo("****");

            // The same URI from a container outside the task, and from this machine: refused.
            Process outsider = new ProcessBuilder("docker", "run", "--rm", "ecs-local-samples/busybox:latest", "wget", "-q", "-O-",
                    "http://169.254.170.2" + uri).redirectErrorStream(true).start();
            String refused = new String(outsider.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(outsider.waitFor()).as(refused).isNotZero();
            assertThat(refused).contains("403").doesNotContain("it-secret-key-7");
            assertThat(cli.awaitExit(Duration.ofMinutes(1))).as(cli.output()).isZero();
            assertThat(cli.output()).doesNotContain("it-secret-key-7").doesNotContain("it-session-token-7");
        }
    }

    @Test
    void a_missing_secret_fails_the_task_before_any_container_and_leaves_nothing() throws Exception {
        // ECS-SEMANTICS §9.1: the secret is a task resource; one the store lacks fails the whole task (TaskFailedToStart).
        Path secrets = Files.writeString(dir.resolve("secrets.json"), "{\"/other/param\": \"unused-value-1\"}");
        Path file = taskDefinition("{'family':'nosecret','networkMode':'awsvpc','volumes':[{'name':'scratch'}],'containerDefinitions':["
                + "{'name':'app','image':'ecs-local-samples/busybox:latest','memory':32,'command':['true'],"
                + "'mountPoints':[{'sourceVolume':'scratch','containerPath':'/s'}],"
                + "'secrets':[{'name':'DB_PASSWORD','valueFrom':'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf:password::'}]}]}");
        Cli cli = start("nosecret", "run", file.toString(), "--secrets", secrets.toString());
        String taskId = cli.taskId();
        assertThat(cli.awaitExit(Duration.ofMinutes(1))).as(cli.output()).isEqualTo(1);
        assertThat(cli.output()).contains("TaskFailedToStart: ResourceInitializationError: unable to pull secrets or registry auth: "
                + "execution resource retrieval failed: unable to retrieve secret from asm: failed to fetch secret "
                + "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf from secrets manager")
                .contains("container app, secret DB_PASSWORD from arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf:password::");
        assertThat(cli.events()).noneMatch(event -> "CREATED".equals(event.path("status").asText())
                && "container".equals(event.path("kind").asText()));
        assertThat(labelled(taskId)).isEmpty();
    }

    @Test
    void the_payments_datadog_apikey_reaches_the_router_container_as_ECS_names_it() throws Exception {
        // ECS-SEMANTICS §7.2: a secret log option is an environment variable of the router, <name>_<container index>.
        String router = TestRouterImage.build(DOCKER, dir);
        Path file = dir.resolve("payments-router.json");
        Files.writeString(file, Files.readString(PROJECT.resolve("samples/payments/taskdef.json"))
                .replace("public.ecr.aws/aws-observability/aws-for-fluent-bit:stable", router));
        Cli cli = start("payments-router", "run", file.toString(), "--secrets", "samples/payments/secrets.json", "--keep");
        String taskId = cli.taskId();
        assertThat(cli.awaitExit(Duration.ofMinutes(2))).as(cli.output()).isZero();
        assertThat(cli.output()).contains("FireLens: log-router runs " + router);
        var kept = DOCKER.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("ecs-local.task-id", taskId, "ecs-local.container", "log-router")).exec();
        assertThat(kept).hasSize(1);
        List<String> environment = List.of(DOCKER.inspectContainerCmd(kept.get(0).getId()).exec().getConfig().getEnv());
        assertThat(environment).contains("apikey_3=local-datadog-api-key-9c1e");
        assertThat(cli.output()).doesNotContain("local-datadog-api-key-9c1e");
        Cli down = start("payments-router-down", "down", taskId);
        assertThat(down.awaitExit(Duration.ofMinutes(1))).as(down.output()).isZero();
    }

    @Test
    void docker_not_reachable_is_one_message_and_exit_4() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(),
                "run", "samples/payments/taskdef.json");
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile());
        builder.environment().putAll(Map.of("DOCKER_HOST", "unix://" + dir.resolve("no-docker.sock")));
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isEqualTo(4);
        assertThat(err).startsWith("ecs-local: cannot reach Docker at unix://" + dir.resolve("no-docker.sock") + " (from DOCKER_HOST)")
                .contains("./scripts/setup.sh installs and starts it").doesNotContain("Exception");
    }
}
