package dev.ecslocal.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * `ecs-local run` against Podman's Docker-compatible API, as users run it (`DOCKER_HOST=unix://…/podman.sock`). Opt-in:
 * it runs where Debian's podman is installed (`apt-get install podman catatonit runc`), as root, and is skipped, saying
 * why, elsewhere. It starts its own `podman system service` and stops it at the end; what our sandboxes need for
 * Podman to start a container at all is in its containers.conf (docs/docker-notes.md, "Podman").
 *
 * <p>The images come from the Docker daemon (`docker save | podman load`), where ./scripts/setup.sh builds them.
 */
class PodmanIT {
    private static final Path PROJECT = Path.of(System.getProperty("ecslocal.project.dir", "..")).toAbsolutePath().normalize();
    private static final Path JAR = PROJECT.resolve("cli/target/ecs-local.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TASK_ID = Pattern.compile("as task ([0-9a-f]{32})");
    private static final List<String> IMAGES = List.of("ecs-local/pause:latest", "ecs-local-samples/busybox:latest");

    private static Path home;
    private static Path socket;
    private static Process service;

    @TempDir
    Path dir;

    private final List<String> taskIds = new ArrayList<>();

    @BeforeAll
    static void podmanServesTheDockerApi() throws Exception {
        assumeTrue(onPath("podman"), "podman is not installed: the Podman suite is skipped "
                + "(apt-get install podman catatonit runc runs it)");
        assumeTrue(run("id", "-u").output().strip().equals("0"), "not root: the Podman suite runs rootful Podman only");
        home = Files.createTempDirectory("ecs-local-podman-it");
        socket = home.resolve("podman.sock");
        Files.writeString(home.resolve("containers.conf"), containersConf());
        Result loaded = run("sh", "-c", "docker save " + String.join(" ", IMAGES) + " | podman load");
        assumeTrue(loaded.exitCode() == 0, "the images " + IMAGES + " could not be copied from Docker to Podman "
                + "(./scripts/setup.sh builds them on the Docker daemon): " + loaded.output());
        ProcessBuilder builder = new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
                .redirectErrorStream(true).redirectOutput(home.resolve("service.log").toFile());
        builder.environment().put("CONTAINERS_CONF", home.resolve("containers.conf").toString());
        service = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!answers(socket)) {
            assertThat(service.isAlive()).as("podman system service ended; its log:\n%s", serviceLog()).isTrue();
            assertThat(System.nanoTime()).as("podman system service answers within 30s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /**
     * Runc, not crun (crun 1.8 fails on these machines' hybrid cgroups), and ulimits no higher than Podman's own: as root
     * it gives containers nofile and nproc of 1048576 by default, which root without CAP_SYS_RESOURCE cannot set ("error
     * setting rlimit type 7: operation not permitted"). Measured: Podman's own nproc was kernel.pid_max.
     */
    static String containersConf() throws IOException {
        long nofile = hardLimit("Max open files");
        long nproc = Math.min(hardLimit("Max processes"), Long.parseLong(Files.readString(Path.of("/proc/sys/kernel/pid_max")).strip()));
        return "[containers]\ndefault_ulimits = [\"nofile=" + nofile + ":" + nofile + "\", \"nproc=" + nproc + ":" + nproc + "\"]\n"
                + "[engine]\nruntime = \"runc\"\n";
    }

    private static long hardLimit(String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith(name)) {
                String hard = line.substring(name.length()).trim().split("\\s+")[1];
                return hard.equals("unlimited") ? 1_048_576 : Long.parseLong(hard);
            }
        }
        throw new IllegalStateException("no " + name + " in /proc/self/limits");
    }

    @AfterAll
    static void theServiceStops() throws Exception {
        if (service != null) {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (home != null) {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    record Result(int exitCode, String output) {
    }

    record Cli(int exitCode, String output, List<JsonNode> events) {
        int first(String kind, String container, String status) {
            for (int i = 0; i < events.size(); i++) {
                JsonNode event = events.get(i);
                if (event.path("kind").asText().equals(kind) && (container == null || event.path("container").asText().equals(container))
                        && (status == null || event.path("status").asText().equals(status))) {
                    return i;
                }
            }
            throw new AssertionError("no " + kind + " " + container + " " + status + " in the events; output:\n" + output);
        }
    }

    private static Result run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static boolean onPath(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }

    /** Podman answers {@code GET /_ping} on the socket. */
    private static boolean answers(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: d\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer answer = ByteBuffer.allocate(64);
            channel.read(answer);
            return new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII).startsWith("HTTP/1.");
        } catch (IOException e) {
            return false;
        }
    }

    private static String serviceLog() {
        try {
            return Files.readString(home.resolve("service.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** `ecs-local run FILE ARGS…` on Podman, to its end. */
    private Cli ecsLocalRun(String json, String... args) throws Exception {
        Path file = dir.resolve("task-" + taskIds.size() + ".json");
        Files.writeString(file, json.replace('\'', '"'));
        Path events = dir.resolve("events-" + taskIds.size() + ".jsonl");
        Path out = dir.resolve("out-" + taskIds.size() + ".txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString(), "run", file.toString(), "--no-color", "--events", events.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        builder.environment().putAll(Map.of("DOCKER_HOST", "unix://" + socket, "AWS_ACCESS_KEY_ID", "AKIAPODMAN",
                "AWS_SECRET_ACCESS_KEY", "secret"));
        Process process = builder.start();
        boolean ended = process.waitFor(3, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(out);
        Matcher id = TASK_ID.matcher(output);
        if (id.find()) {
            taskIds.add(id.group(1));
        }
        assertThat(ended).as("ecs-local ended within 3 minutes; output:\n%s\npodman's log:\n%s", output, serviceLog()).isTrue();
        List<JsonNode> lines = new ArrayList<>();
        if (Files.exists(events)) {
            for (String line : Files.readAllLines(events, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
        }
        return new Cli(process.exitValue(), output, lines);
    }

    /** Whatever Podman holds with ecs-local's label: removed after the assertion's message is made. */
    @AfterEach
    void nothingLabelledEcsLocalIsLeftOnPodman() throws Exception {
        List<String> left = new ArrayList<>();
        for (String taskId : taskIds) {
            String label = "label=ecs-local.task-id=" + taskId;
            left.addAll(run("podman", "ps", "-a", "-q", "--filter", label).output().lines().map(id -> "container " + id).toList());
            left.addAll(run("podman", "volume", "ls", "-q", "--filter", label).output().lines().map(v -> "volume " + v).toList());
            run("sh", "-c", "podman ps -a -q --filter " + label + " | xargs -r podman rm -f; "
                    + "podman volume ls -q --filter " + label + " | xargs -r podman volume rm -f");
        }
        String shared = "label=ecs-local.endpoints";
        left.addAll(run("podman", "ps", "-a", "-q", "--filter", shared).output().lines().map(id -> "relay " + id).toList());
        left.addAll(run("podman", "network", "ls", "-q", "--filter", shared).output().lines().map(n -> "network " + n).toList());
        run("sh", "-c", "podman ps -a -q --filter " + shared + " | xargs -r podman rm -f; "
                + "podman network ls -q --filter " + shared + " | xargs -r podman network rm -f");
        assertThat(left).as("left on Podman with ecs-local's labels").isEmpty();
    }

    @Test
    void the_relay_serves_metadata_and_credentials_and_the_firelens_stand_in_reads_the_lines_back() throws Exception {
        // Podman has no fluentd log driver: the awsfirelens container logs as json-file and ecs-local routes its lines.
        Cli cli = ecsLocalRun(("{'family':'podman-it-meta','networkMode':'awsvpc','memory':'256',"
                + "'taskRoleArn':'arn:aws:iam::123456789012:role/app','containerDefinitions':["
                + "{'name':'router','image':'ecs-local-samples/busybox:latest','firelensConfiguration':{'type':'fluentbit'}},"
                + "{'name':'app','image':'ecs-local-samples/busybox:latest','essential':true,"
                + "'logConfiguration':{'logDriver':'awsfirelens','options':{'Name':'datadog','apikey':'x'}},"
                + "'command':['sh','-c','wget -q -O - $ECS_CONTAINER_METADATA_URI_V4/task | grep -o Family.:.podman-it-[a-z]*;"
                + " wget -q -O - http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI | grep -o AccessKeyId.:.[A-Z]*']}]}"),
                "--task-role-credentials", "env");
        assertThat(cli.exitCode()).as(cli.output()).isZero();
        assertThat(cli.output()).contains("because the daemon has no fluentd log driver (Podman has none)")
                .contains("metadata endpoint: http://169.254.170.2/v4/<id> for each container (relayed inside Docker")
                .contains("→ datadog | ").contains("Family\\\":\\\"podman-it-meta").contains("AccessKeyId\\\":\\\"AKIAPODMAN");
    }

    @Test
    void an_awsvpc_task_runs_on_podman_in_ECS_order_with_its_output_and_leaves_nothing() throws Exception {
        // init exits 0 (SUCCESS), web serves on the task's 127.0.0.1 (START), app calls it and exits 0: the task stops,
        // web then the pause container after app, in reverse order. web's shell leaves on SIGTERM, so no stopTimeout runs out.
        Cli cli = ecsLocalRun(("{'family':'podman-it','networkMode':'awsvpc','memory':'256','containerDefinitions':["
                + "{'name':'init','image':'ecs-local-samples/busybox:latest','essential':false,'command':['sh','-c','echo init done']},"
                + "{'name':'web','image':'ecs-local-samples/busybox:latest','essential':false,'command':['sh','-c',"
                + "'mkdir -p /w && echo hello from web > /w/index.html && httpd -p 8080 -h /w && trap \\\"exit 0\\\" TERM "
                + "&& while true; do sleep 1; done']},"
                + "{'name':'app','image':'ecs-local-samples/busybox:latest','essential':true,'dependsOn':["
                + "{'containerName':'init','condition':'SUCCESS'},{'containerName':'web','condition':'START'}],"
                + "'command':['sh','-c','sleep 1; printf \\\"GET /index.html HTTP/1.0\\\\r\\\\n\\\\r\\\\n\\\" | nc 127.0.0.1 8080 "
                + "| tail -1; echo app done']}]}"));

        assertThat(cli.exitCode()).as(cli.output()).isZero();
        assertThat(cli.output()).as("the first line names the daemon").containsPattern("networkMode awsvpc, Podman \\d+\\.\\d+")
                .contains("app   | hello from web", "app   | app done", "init  | init done");
        String pause = "~internal~ecs~pause";
        assertThat(cli.first("container", pause, "RUNNING")).isLessThan(cli.first("container", "init", "RUNNING"))
                .isLessThan(cli.first("container", "web", "RUNNING"));
        assertThat(cli.first("container", "init", "STOPPED")).as("SUCCESS: app starts after init exited 0")
                .isLessThan(cli.first("container", "app", "RUNNING"));
        assertThat(cli.first("container", "app", "STOPPED")).as("the task stops after its essential container, in reverse order")
                .isLessThan(cli.first("container", "web", "STOPPED"));
        assertThat(cli.first("container", "web", "STOPPED")).isLessThan(cli.first("container", pause, "STOPPED"));
        assertThat(cli.events().get(cli.first("container", "web", "STOPPED")).path("exitCode").asInt()).as("its stop signal, not SIGKILL")
                .isZero();
    }

    @Test
    void links_are_refused_before_anything_is_created_with_exit_code_1() throws Exception {
        Cli cli = ecsLocalRun(("{'family':'podman-it-links','networkMode':'bridge','containerDefinitions':["
                + "{'name':'web','image':'ecs-local-samples/busybox:latest','memory':32,'essential':false,'command':['sleep','30']},"
                + "{'name':'app','image':'ecs-local-samples/busybox:latest','memory':32,'links':['web:backend'],"
                + "'command':['true']}]}"));
        assertThat(cli.exitCode()).as(cli.output()).isEqualTo(1);
        assertThat(cli.output()).contains("this task cannot run on Podman", "app › links: web:backend", "Nothing was started.");
        assertThat(run("podman", "ps", "-a", "-q", "--filter", "label=com.amazonaws.ecs.task-definition-family=podman-it-links").output())
                .as("no container was created").isBlank();
    }

    @Test
    void a_health_check_podman_never_runs_is_said_once_and_the_dependent_waits_as_on_ECS() throws Exception {
        assumeTrue(!Files.exists(Path.of("/run/systemd/private")), "systemd runs here, and with it Podman's health checks");
        Cli cli = ecsLocalRun(("{'family':'podman-it-health','networkMode':'bridge','containerDefinitions':["
                + "{'name':'db','image':'ecs-local-samples/busybox:latest','memory':32,'command':['sleep','300'],'stopTimeout':2,"
                + "'healthCheck':{'command':['CMD-SHELL','true'],'interval':5,'timeout':2}},"
                + "{'name':'app','image':'ecs-local-samples/busybox:latest','memory':32,'command':['true'],"
                + "'dependsOn':[{'containerName':'db','condition':'HEALTHY'}]}]}"), "--task-start-timeout", "20s");
        assertThat(cli.exitCode()).as("the task never reached RUNNING: " + cli.output()).isEqualTo(1);
        List<String> said = cli.events().stream().filter(e -> e.path("kind").asText().equals("notice"))
                .map(e -> e.path("message").asText()).filter(m -> m.startsWith("health: ")).toList();
        assertThat(said).singleElement().satisfies(message -> assertThat(message)
                .startsWith("health: db has a healthCheck, but the daemon has run none of its checks 12s after it started")
                .contains("Podman runs health checks only through systemd timers")
                .endsWith("app waits for it HEALTHY for ever (db has no startTimeout; --task-start-timeout ends such a run)"));
        assertThat(cli.output()).contains("TaskFailedToStart");
    }
}
