package dev.ecslocal.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static dev.ecslocal.it.Cli.first;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ecs-local as most people and CI runners use Docker: a user that is not root but is in the docker group
 * (scripts/non-root-user.sh, user ecslocal-ci), running the CLI jar this build made. The user stays after the class:
 * `scripts/non-root-user.sh remove` removes it.
 */
class NonRootIT {
    private static final Path SCRIPT = CliRunner.PROJECT.resolve("scripts/non-root-user.sh");
    private static final String USER = "ecslocal-ci";

    /** The user's: the task definition is read, and the --events file written, by the CLI running as that user. */
    private Path dir;
    private CliRunner user;

    /** Why the fixture cannot be made here, or null: each test is skipped saying so (an assumption in @BeforeAll is not reported). */
    private static String unavailable;

    @BeforeAll
    static void theUser() throws Exception {
        unavailable = unavailable();
        if (unavailable != null) {
            System.out.println("NonRootIT is skipped: " + unavailable);
        }
    }

    private static String unavailable() throws Exception {
        if (!Command.root()) {
            return "it needs root to create its user (scripts/non-root-user.sh setup)";
        }
        for (String tool : List.of("useradd", "groupadd", "runuser", "docker")) {
            if (!Command.onPath(tool)) {
                return "it needs " + tool + " on the PATH (Debian: passwd, util-linux, docker.io)";
            }
        }
        Command setup = Command.run(Duration.ofMinutes(1), SCRIPT.toString(), "setup");
        return setup.succeeded() ? null : "the non-root user could not be made: " + setup;
    }

    @BeforeEach
    void aDirectoryOfTheUser() throws Exception {
        assumeTrue(unavailable == null, () -> "NonRootIT is skipped: " + unavailable);
        dir = Files.createTempDirectory("ecs-local-non-root", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER));
        user = new CliRunner(dir, List.of(SCRIPT.toString(), "cli", "--"));
    }

    @AfterEach
    void removeIt() throws Exception {
        if (user == null) {
            return;
        }
        user.killAll();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void the_user_runs_docker_but_cannot_bind_port_80() throws Exception {
        Command check = Command.run(Duration.ofMinutes(1), SCRIPT.toString(), "check");
        assertThat(check.succeeded()).as(check.toString()).isTrue();
        assertThat(check.output()).contains("ok    " + USER + " runs docker ps", "ok    " + USER + " cannot bind port 80");
    }

    @Test
    void the_user_runs_a_task_to_completion_with_the_cli_jar() throws Exception {
        Path file = Files.writeString(dir.resolve("hello.json"), ("{'family':'non-root','containerDefinitions':[{'name':'app',"
                + "'image':'ecs-local-samples/busybox:latest','memory':32,'command':['sh','-c','echo hello, not as root; sleep 1']}]}")
                .replace('\'', '"'));
        Cli cli = user.start("hello", "run", file.toString());
        assertThat(cli.awaitExit(Duration.ofMinutes(1))).as(cli.output()).isZero();
        List<JsonNode> events = cli.events();
        assertThat(events.get(first(events, "container", "app", "STOPPED")).path("exitCode").asInt()).isZero();
        assertThat(cli.output()).contains("app | hello, not as root");
        String taskId = cli.taskId();
        Command left = Command.run(Duration.ofSeconds(30), "docker", "ps", "-aq", "--filter", "label=ecs-local.task-id=" + taskId);
        assertThat(left.output()).as("the run removed its containers").isBlank();
        assertThat(owner(cli.eventsFile())).as("the CLI ran as the user").isEqualTo(USER);
    }

    @Test
    void the_users_task_reads_its_metadata_and_credentials_at_ECS_s_address_without_root() throws Exception {
        Path file = Files.writeString(dir.resolve("reader.json"), ("{'family':'non-root-reader','networkMode':'awsvpc',"
                + "'taskRoleArn':'arn:aws:iam::123456789012:role/reader','containerDefinitions':[{'name':'app',"
                + "'image':'ecs-local-samples/busybox:latest','memory':32,'command':['sh','-c',"
                + "'wget -q -O - $ECS_CONTAINER_METADATA_URI_V4/task | grep -o Family.:.non-root-[a-z]*; echo;"
                + " wget -q -O - http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI | grep -o AccessKeyId.:.[A-Z]*; echo']}]}")
                .replace('\'', '"'));
        Cli cli = user.start("reader", java.util.Map.of("AWS_ACCESS_KEY_ID", "AKIANONROOT", "AWS_SECRET_ACCESS_KEY", "secret"),
                "run", file.toString(), "--task-role-credentials", "env");
        assertThat(cli.awaitExit(Duration.ofMinutes(1))).as(cli.output()).isZero();
        assertThat(cli.output()).contains("metadata endpoint: http://169.254.170.2/v4/<id> for each container (relayed inside Docker")
                .contains("Family\":\"non-root-reader").contains("AccessKeyId\":\"AKIANONROOT");
    }

    @Test
    void the_users_payments_run_proves_its_firelens_route_and_shows_the_records() throws Exception {
        Cli cli = user.start("payments", "run", "samples/payments/taskdef.json", "--secrets", "samples/payments/secrets.json");
        assertThat(cli.awaitExit(Duration.ofMinutes(2))).as(cli.output()).isZero();
        assertThat(cli.output()).as("the stand-in's route, proven by its probe record, is Docker's fluentd driver")
                .containsPattern("its records arrive at tcp://127\\.0\\.0\\.1:\\d+").doesNotContain("WARNING")
                .containsPattern("(?m)^app +→ datadog \\| ");
    }

    @Test
    void down_all_as_the_user_removes_what_the_users_kill_9ed_run_left() throws Exception {
        Cli cli = user.start("killed", "run", "samples/shared-logs/taskdef.json");
        cli.awaitEvent("task RUNNING", e -> Cli.is(e, "task", null, "RUNNING"), Duration.ofSeconds(60));
        // runuser waits for its child: the CLI is the java process under it.
        for (ProcessHandle process : cli.process().descendants().toList()) {
            process.destroyForcibly();
        }
        cli.process().destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        Cli down = user.start("down", "down", "--all");
        assertThat(down.awaitExit(Duration.ofSeconds(60))).as(down.output()).isZero();
        assertThat(Files.readString(down.out())).startsWith("task " + cli.taskId() + ": removed 2 containers and 1 volume\n");
        Command left = Command.run(Duration.ofSeconds(30), "docker", "ps", "-aq", "--filter", "label=ecs-local.task-id=" + cli.taskId());
        assertThat(left.output()).isBlank();
    }

    private static String owner(Path file) throws IOException {
        return Files.getOwner(file).getName();
    }
}
