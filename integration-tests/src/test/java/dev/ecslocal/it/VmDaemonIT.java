package dev.ecslocal.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.ecslocal.it.Cli.first;
import static dev.ecslocal.it.Cli.is;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ecs-local against a Docker daemon "in a VM" (Docker Desktop, colima, Podman machine), simulated on this machine by
 * scripts/vm-daemon.sh: a second dockerd in namespaces of its own, with no route to this machine, reached only through
 * its socket; the CLI runs as "the laptop", in a network namespace with only loopback. One VM for the class.
 */
class VmDaemonIT {
    /** Unique per JVM, so that two builds on one machine do not share a VM. */
    private static final String NAME = "it-" + ProcessHandle.current().pid();
    private static final Path SCRIPT = CliRunner.PROJECT.resolve("scripts/vm-daemon.sh");
    private static boolean started;
    /** unix://…/docker.sock: the VM daemon's, which only the laptop's DOCKER_HOST and these checks use. */
    private static String dockerHost;

    @TempDir
    Path dir;

    private CliRunner laptop;

    /** Why the fixture cannot run here, or null: each test is skipped saying so (an assumption in @BeforeAll is not reported). */
    private static String unavailable;

    @BeforeAll
    static void startTheVm() throws Exception {
        unavailable = unavailable();
        if (unavailable != null) {
            System.out.println("VmDaemonIT is skipped: " + unavailable);
            return;
        }
        Command start = Command.run(Duration.ofMinutes(3), SCRIPT.toString(), "start", NAME);
        started = true;
        assertThat(start.succeeded()).as("the VM daemon started: %s", start).isTrue();
        System.out.println(start.output().strip());
        Command env = Command.run(Duration.ofSeconds(10), SCRIPT.toString(), "env", NAME);
        dockerHost = env.output().strip().replaceFirst("^DOCKER_HOST=", "");
    }

    @AfterAll
    static void stopTheVm() throws Exception {
        if (started) {
            Command stop = Command.run(Duration.ofMinutes(2), SCRIPT.toString(), "stop", NAME);
            assertThat(stop.succeeded()).as("the VM daemon stopped: %s", stop).isTrue();
        }
    }

    private static String unavailable() throws Exception {
        if (!Command.root()) {
            return "it needs root: scripts/vm-daemon.sh creates namespaces and runs a second dockerd";
        }
        for (String tool : List.of("ip", "unshare", "nsenter", "dockerd", "docker")) {
            if (!Command.onPath(tool)) {
                return "it needs " + tool + " on the PATH (Debian: apt-get install iproute2 util-linux docker.io)";
            }
        }
        Command namespaces = Command.run(Duration.ofSeconds(10), "unshare", "--net", "--mount", "--uts", "true");
        return namespaces.succeeded() ? null : "this machine does not let us create namespaces: " + namespaces;
    }

    @BeforeEach
    void theLaptop() {
        assumeTrue(unavailable == null, () -> "VmDaemonIT is skipped: " + unavailable);
        laptop = new CliRunner(dir, concat(List.of(SCRIPT.toString(), "laptop", NAME, "--"), CliRunner.java()));
    }

    /** A test that failed half-way leaves nothing for the next one: its runs are killed, and what they left removed. */
    @AfterEach
    void killTheCli() throws Exception {
        if (laptop != null) {
            boolean running = laptop.processes().stream().anyMatch(Process::isAlive);
            laptop.killAll();
            if (running) {
                laptop.start("clean-up", "down", "--all", "--force").awaitExit(Duration.ofSeconds(60));
            }
        }
    }

    @Test
    void a_task_runs_from_the_laptop_and_its_first_lines_say_the_daemon_runs_elsewhere() throws Exception {
        Path file = Files.writeString(dir.resolve("hello.json"), ("{'family':'hello','containerDefinitions':[{'name':'app',"
                + "'image':'ecs-local-samples/busybox:latest','memory':32,'command':['sh','-c','echo hello from the vm; sleep 1; exit 3']}]}")
                .replace('\'', '"'));
        Cli cli = laptop.start("hello", "run", file.toString(), "--exit-code-from", "app");
        assertThat(cli.awaitExit(Duration.ofMinutes(1))).as(cli.output()).isEqualTo(3);
        List<JsonNode> events = cli.events();
        assertThat(events.get(first(events, "container", "app", "STOPPED")).path("exitCode").asInt()).isEqualTo(3);
        assertThat(cli.output()).contains("app | hello from the vm");

        // What the run says before its first event: which daemon, and that it is not on this machine.
        List<String> preamble = new ArrayList<>();
        for (String line : Files.readAllLines(cli.out())) {
            if (line.matches(" +\\d+\\.\\d+s .*")) {
                break;
            }
            preamble.add(line);
        }
        assertThat(preamble.get(0)).startsWith("ecs-local: running hello:1 as task ")
                .contains("at " + dockerHost + ",");
        assertThat(preamble).as(cli.output()).anyMatch(line -> line.startsWith("  the Docker daemon runs on docker-vm-" + NAME
                + ", not on this machine"));
        assertThat(labelledOnTheVm()).as("the run removed what it made").isEmpty();
    }

    @Test
    void down_all_from_the_laptop_removes_what_a_kill_9ed_run_left_on_the_vm() throws Exception {
        Cli cli = laptop.start("killed", "run", "samples/shared-logs/taskdef.json");
        cli.awaitEvent("task RUNNING", e -> is(e, "task", null, "RUNNING"), Duration.ofSeconds(60));
        // The laptop's command execs down to java: this pid is the CLI's, and SIGKILL leaves no time to clean up.
        cli.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        List<String> left = labelledOnTheVm();
        assertThat(left).as("two containers and a volume of the task, the relay and its network")
                .contains("container ecs-local-endpoints", "network ecs-local-endpoints").hasSize(5);

        Cli down = laptop.start("down", "down", "--all");
        assertThat(down.awaitExit(Duration.ofSeconds(60))).as(down.output()).isZero();
        assertThat(Files.readString(down.out())).matches("task [0-9a-f]{32}: removed 2 containers and 1 volume\n"
                + "removed container ecs-local-endpoints and network ecs-local-endpoints \\(the metadata endpoints' relay, which no run uses now\\)\n");
        assertThat(labelledOnTheVm()).isEmpty();
    }

    /** Reads its metadata and the task role's credentials at ECS's address, prints what it got, and exits. */
    private Path metadataReader(String networkMode) throws Exception {
        return Files.writeString(dir.resolve("reader-" + networkMode + ".json"), ("{'family':'reader-" + networkMode + "',"
                + "'networkMode':'" + networkMode + "','taskRoleArn':'arn:aws:iam::123456789012:role/reader',"
                + "'containerDefinitions':[{'name':'app','image':'ecs-local-samples/busybox:latest','memory':32,"
                + "'command':['sh','-c','sleep 2; timeout 10 wget -q -O - $ECS_CONTAINER_METADATA_URI_V4/task | grep -o Family.:.reader-[a-z]*; echo;"
                + " timeout 10 wget -q -O - http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI | grep -o AccessKeyId.:.[A-Z]*; echo; sleep 1']}]}")
                .replace('\'', '"'));
    }

    @Test
    void two_tasks_at_once_read_their_own_metadata_and_credentials_through_the_relay_and_leave_nothing() throws Exception {
        Map<String, String> keys = Map.of("AWS_ACCESS_KEY_ID", "AKIAVMTEST", "AWS_SECRET_ACCESS_KEY", "secret");
        Cli awsvpc = laptop.start("reader-awsvpc", keys, "run", metadataReader("awsvpc").toString(), "--task-role-credentials", "env");
        Cli bridge = laptop.start("reader-bridge", keys, "run", metadataReader("bridge").toString(), "--task-role-credentials", "env");
        for (Cli cli : List.of(awsvpc, bridge)) {
            assertThat(cli.awaitExit(Duration.ofMinutes(1))).as(cli.output()).isZero();
            assertThat(cli.output()).contains("metadata endpoint: http://169.254.170.2/v4/<id> for each container (relayed inside Docker");
        }
        assertThat(awsvpc.output()).as("each run answers for its own task").contains("Family\":\"reader-awsvpc")
                .contains("AccessKeyId\":\"AKIAVMTEST");
        assertThat(bridge.output()).contains("Family\":\"reader-bridge").contains("AccessKeyId\":\"AKIAVMTEST");
        assertThat(labelledOnTheVm()).as("the last run out removed the relay and its network").isEmpty();
    }

    @Test
    void ctrl_c_from_the_laptop_stops_the_task_and_leaves_nothing_on_the_vm() throws Exception {
        Cli cli = laptop.start("interrupted", "run", "samples/shared-logs/taskdef.json");
        cli.awaitEvent("task RUNNING", e -> is(e, "task", null, "RUNNING"), Duration.ofSeconds(60));
        assertThat(labelledOnTheVm()).as("the task's containers, the relay and its network")
                .contains("network ecs-local-endpoints", "container ecs-local-endpoints");
        new ProcessBuilder("kill", "-INT", Long.toString(cli.process().pid())).inheritIO().start().waitFor();
        assertThat(cli.awaitExit(Duration.ofMinutes(1))).as(cli.output()).isEqualTo(130);
        assertThat(labelledOnTheVm()).isEmpty();
    }

    @Test
    void the_payments_sample_s_firelens_records_reach_the_console_and_none_is_lost() throws Exception {
        // The daemon in the VM cannot reach a receiver of ecs-local's: the stand-in reads the lines back instead.
        Cli cli = laptop.start("payments", "run", "samples/payments/taskdef.json", "--secrets", "samples/payments/secrets.json");
        assertThat(cli.awaitExit(Duration.ofMinutes(2))).as(cli.output()).isZero();
        String output = cli.output();
        assertThat(output).contains("FireLens: ecs-local stands in for log-router (fluentbit), because its image")
                .contains("reads back through the Docker API")
                .contains("the awsfirelens containers log as json-file here");
        List<String> records = output.lines().filter(line -> line.matches("app +→ datadog \\| .*")).toList();
        assertThat(records).as(output).hasSizeGreaterThanOrEqualTo(5);
        assertThat(records).anyMatch(line -> line.contains("\"container_name\":\"/ecs-local-payments-"));
        assertThat(output).as("no line shown raw as well").doesNotContainPattern("(?m)^app +\\| ");
        assertThat(labelledOnTheVm()).isEmpty();
    }

    @Test
    void the_router_container_runs_in_the_vm_with_its_configuration_put_in_through_the_api_and_gets_every_line() throws Exception {
        // The test router (TestRouterImage) appends what reaches ECS's socket to /out/received; /out is a task volume,
        // which the check container reads once the app has exited. Nothing of this machine's files is in the VM.
        String router = TestRouterImage.build(org.testcontainers.DockerClientFactory.instance().client(), dir);
        Command load = Command.run(Duration.ofMinutes(2), "sh", "-c", "docker save " + router + " | docker -H " + dockerHost + " load");
        assertThat(load.succeeded()).as(load.toString()).isTrue();
        Path file = Files.writeString(dir.resolve("routed.json"), ("{'family':'routed','networkMode':'awsvpc','volumes':[{'name':'out'}],"
                + "'containerDefinitions':["
                + "{'name':'router','image':'" + router + "','memory':32,'firelensConfiguration':{'type':'fluentbit'},"
                + "'mountPoints':[{'sourceVolume':'out','containerPath':'/out'}]},"
                + "{'name':'app','image':'ecs-local-samples/busybox:latest','memory':32,'essential':false,"
                + "'command':['sh','-c','echo first line from the vm; echo second line from the vm; sleep 1'],"
                + "'logConfiguration':{'logDriver':'awsfirelens','options':{'Name':'datadog','apikey':'not-sent'}}},"
                + "{'name':'check','image':'ecs-local-samples/busybox:latest','memory':32,"
                + "'dependsOn':[{'containerName':'app','condition':'COMPLETE'}],'mountPoints':[{'sourceVolume':'out','containerPath':'/out'}],"
                + "'command':['sh','-c','sleep 1; strings /out/received | grep from.the.vm; grep -c Name.stdout /out/fluent-bit.conf']}]}")
                .replace('\'', '"'));
        Cli cli = laptop.start("routed", "run", file.toString(), "--firelens", "container", "--exit-code-from", "check");
        assertThat(cli.awaitExit(Duration.ofMinutes(1))).as(cli.output()).isZero();
        String output = cli.output();
        assertThat(output).contains("FireLens: router runs " + router + " (fluentbit) with the configuration ECS would generate")
                .contains("router | test-router: listening on /var/run/fluent.sock")
                .containsPattern("check +\\| first line from the vm").containsPattern("check +\\| second line from the vm");
        assertThat(labelledOnTheVm()).as("the socket volume and the task volume went with the task").isEmpty();
    }

    @Test
    void the_fixture_keeps_its_promises() throws Exception {
        // java and docker work from the laptop, which has only lo and does not reach this machine's daemon; from the
        // VM's containers neither a server in the laptop nor any address of this machine answers.
        Command check = Command.run(Duration.ofMinutes(2), SCRIPT.toString(), "check", NAME);
        assertThat(check.succeeded()).as(check.toString()).isTrue();
        assertThat(check.output()).doesNotContain("FAIL");
    }

    /**
     * What ecs-local made on the VM daemon: containers and volumes labelled ecs-local.task-id, and the endpoints relay
     * and its network (labelled ecs-local.endpoints), by name.
     */
    /** Two containers that run until stopped (busybox's sh ignores SIGTERM as PID 1: the daemon's shutdown kills them). */
    private Path sleepers(String networkMode) throws Exception {
        return Files.writeString(dir.resolve("sleepers-" + networkMode + ".json"), ("{'family':'sleepers','networkMode':'"
                + networkMode + "','containerDefinitions':["
                + "{'name':'app','image':'ecs-local-samples/busybox:latest','memory':32,'stopTimeout':5,"
                + "'command':['sh','-c','echo app up; sleep 300']},"
                + "{'name':'side','image':'ecs-local-samples/busybox:latest','memory':32,'essential':false,"
                + "'command':['sh','-c','echo side up; sleep 300']}]}").replace('\'', '"'));
    }

    @Test
    void docker_restarted_under_a_running_task_is_named_and_the_run_removes_the_task_once_it_is_back() throws Exception {
        Cli cli = laptop.start("restarted", "run", sleepers("awsvpc").toString());
        cli.awaitEvent("task RUNNING", e -> is(e, "task", null, "RUNNING"), Duration.ofSeconds(60));
        Command restart = Command.run(Duration.ofMinutes(2), SCRIPT.toString(), "restart", NAME);
        assertThat(restart.succeeded()).as(restart.toString()).isTrue();
        assertThat(cli.awaitExit(Duration.ofMinutes(1))).as("the task did not end by itself: %s", cli.output()).isEqualTo(1);
        String output = cli.output();
        assertThat(output).contains("app   SIGTERM from outside this run", "side  SIGTERM from outside this run")
                .contains("stopped by     Docker: every container of the task was sent SIGTERM at once, from outside this run, "
                        + "as the daemon does when it shuts down or restarts")
                .doesNotContain("stopped by     ~internal~ecs~pause").doesNotContain("(never ran)")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(labelledOnTheVm()).as("the end of the run waited for the daemon to come back: %s", output)
                .doesNotContain("container ecs-local-sleepers-1-app-" + cli.taskId());
        assertThat(labelledOnTheVm().stream().filter(left -> !left.contains("ecs-local-endpoints")).toList()).isEmpty();
    }

    @Test
    void ctrl_c_while_docker_is_unreachable_names_what_is_left_and_down_removes_it_once_docker_is_back() throws Exception {
        Cli cli = laptop.start("unreachable", "run", sleepers("bridge").toString());
        cli.awaitEvent("task RUNNING", e -> is(e, "task", null, "RUNNING"), Duration.ofSeconds(60));
        String taskId = cli.taskId();
        Command crash = Command.run(Duration.ofSeconds(30), SCRIPT.toString(), "crash", NAME);
        assertThat(crash.succeeded()).as(crash.toString()).isTrue();
        try {
            Thread.sleep(1000);
            new ProcessBuilder("kill", "-INT", Long.toString(cli.process().pid())).inheritIO().start().waitFor();
            assertThat(cli.awaitExit(Duration.ofMinutes(1))).as(cli.output()).isEqualTo(130);
        } finally {
            Command restart = Command.run(Duration.ofMinutes(2), SCRIPT.toString(), "restart", NAME);
            assertThat(restart.succeeded()).as(restart.toString()).isTrue();
        }
        String output = cli.output();
        assertThat(output).as("it ran: its end is unknown, not 'never ran'").doesNotContain("(never ran)")
                .contains("app  STOPPED (exit unknown): DockerUnreachableError: no answer from Docker at " + dockerHost)
                .containsPattern("Docker is unreachable \\(no answer from Docker at [^)]*\\), so these are left behind: "
                        + "container (app|side) \\([0-9a-f]{12}\\), container (app|side) \\([0-9a-f]{12}\\)\\. `ecs-local down "
                        + taskId + "` removes them once Docker answers again")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(labelledOnTheVm()).as("left for down").contains("container ecs-local-sleepers-1-app-" + taskId);

        Cli down = laptop.start("down-after-crash", "down", taskId);
        assertThat(down.awaitExit(Duration.ofSeconds(60))).as(down.output()).isZero();
        assertThat(labelledOnTheVm()).isEmpty();
    }

    private static List<String> labelledOnTheVm() throws Exception {
        List<String> left = new ArrayList<>();
        for (String label : List.of("ecs-local.task-id", "ecs-local.endpoints")) {
            for (List<String> list : List.of(List.of("container", "ps", "-a", "--format", "container {{.Names}}"),
                    List.of("volume", "ls", "--format", "volume {{.Name}}"), List.of("network", "ls", "--format", "network {{.Name}}"))) {
                Command command = Command.run(Duration.ofSeconds(30),
                        concat(List.of("docker", "-H", dockerHost), concat(list, List.of("--filter", "label=" + label))));
                assertThat(command.succeeded()).as(command.toString()).isTrue();
                command.output().lines().filter(line -> !line.isBlank() && !left.contains(line)).forEach(left::add);
            }
        }
        return left;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
