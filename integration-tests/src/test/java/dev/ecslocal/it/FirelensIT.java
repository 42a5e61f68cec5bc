package dev.ecslocal.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FireLens as real Fluent Bit showed it (issue 16): a secret log option that names the output, a record a program
 * sends to FLUENT_HOST with a tag of its own, and a container outside the task knocking on the stand-in. Each run uses
 * the embedded stand-in, which routes as the generated configuration routes; what the console shows is the proof.
 */
class FirelensIT extends RunsCli {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DockerClient DOCKER = DockerClientFactory.instance().client();
    private static final String BUSYBOX = "ecs-local-samples/busybox:latest";
    private static final Map<String, Object> ROUTER = Map.of("name", "router", "image", BUSYBOX, "memory", 32,
            "firelensConfiguration", Map.of("type", "fluentbit"));

    private Path taskDefinition(String name, Object task) throws Exception {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, JSON.writeValueAsString(task));
        return file;
    }

    /** Runs the task to its end, which must be exit 0. */
    private Cli runToTheEnd(String name, Path file, String... options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("run", file.toString()));
        args.addAll(List.of(options));
        Cli cli = runner.start(name, args.toArray(String[]::new));
        assertThat(cli.awaitExit(Duration.ofMinutes(2))).as(cli.output()).isZero();
        return cli;
    }

    /**
     * A shell command that sends one forward-protocol Message, {@code [tag, 1, {"log": log}]}, with busybox's nc:
     * msgpack written in octal escapes for printf (fixstr headers for the tag and the line, both under 32 bytes).
     */
    private static String send(String tag, String log, String host, String port) {
        return "printf '\\223" + fixstr(tag) + "\\001\\201\\243log" + fixstr(log) + "' | nc -w 2 " + host + " " + port;
    }

    private static String fixstr(String text) {
        assertThat(text.length()).isLessThan(32);
        return "\\" + Integer.toOctalString(0xa0 + text.length()) + text;
    }

    @Test
    void a_secret_log_option_named_Name_names_the_output_the_stand_in_shows() throws Exception {
        // The agent merges secretOptions before it looks for Name: the output is the secret's value, resolved by the run.
        Map<String, Object> app = Map.of("name", "app", "image", BUSYBOX, "memory", 32,
                "command", List.of("sh", "-c", "echo routed by a secret"),
                "logConfiguration", Map.of("logDriver", "awsfirelens", "options", Map.of("region", "eu-west-1"),
                        "secretOptions", List.of(Map.of("name", "Name",
                                "valueFrom", "arn:aws:ssm:us-east-1:111122223333:parameter/firelens/output"))));
        Path file = taskDefinition("secret-name", Map.of("family", "secretname", "containerDefinitions", List.of(ROUTER, app)));
        Path secrets = dir.resolve("secrets.json");
        Files.writeString(secrets, "{\"/firelens/output\": \"kinesis_firehose\"}");

        Cli validate = runner.start("validate", "validate", file.toString());
        assertThat(validate.awaitExit(Duration.ofMinutes(1))).as(validate.output()).isZero();
        Cli cli = runToTheEnd("secret-name", file, "--firelens", "embedded", "--secrets", secrets.toString());
        assertThat(cli.output()).containsPattern("app +→ kinesis_firehose \\| \\{.*\"log\":\"routed by a secret\"");
    }

    @Test
    void a_record_sent_to_FLUENT_HOST_with_a_prefixed_tag_is_labelled_with_its_container_and_output() throws Exception {
        // Match app-firelens*: app-firelens-custom is app's, its exclude-pattern applies, and it goes to app's output.
        String command = send("app-firelens-custom", "by the program", "$FLUENT_HOST", "$FLUENT_PORT") + "; "
                + send("app-firelens-custom", "skip this one", "$FLUENT_HOST", "$FLUENT_PORT") + "; "
                + send("other-tag", "no route", "$FLUENT_HOST", "$FLUENT_PORT") + "; echo sent; sleep 1";
        Map<String, Object> app = Map.of("name", "app", "image", BUSYBOX, "memory", 32, "command", List.of("sh", "-c", command),
                "logConfiguration", Map.of("logDriver", "awsfirelens", "options",
                        Map.of("Name", "datadog", "exclude-pattern", "skip")));
        Path file = taskDefinition("prefixed", Map.of("family", "prefixed", "networkMode", "awsvpc",
                "containerDefinitions", List.of(ROUTER, app)));
        Cli cli = runToTheEnd("prefixed", file, "--firelens", "embedded");
        String output = cli.output();
        assertThat(output).containsPattern("app +→ datadog \\| \\{.*\"log\":\"by the program\"")
                .containsPattern("other-tag → \\(no output\\) \\| \\{.*\"log\":\"no route\"")
                .doesNotContain("skip this one");
    }

    @Test
    void a_container_outside_the_task_is_refused_and_said_once() throws Exception {
        // Bridge: FLUENT_HOST is the stand-in's address on Docker's bridge, which every container on the daemon reaches.
        String command = "echo FLUENT=$FLUENT_HOST:$FLUENT_PORT; sleep 8; "
                + send("app-firelens-own", "from the task", "$FLUENT_HOST", "$FLUENT_PORT") + "; sleep 1";
        Map<String, Object> app = Map.of("name", "app", "image", BUSYBOX, "memory", 32, "command", List.of("sh", "-c", command),
                "logConfiguration", Map.of("logDriver", "awsfirelens", "options", Map.of("Name", "stdout")));
        Path file = taskDefinition("guarded", Map.of("family", "guarded", "networkMode", "bridge",
                "containerDefinitions", List.of(ROUTER, app)));
        Cli cli = runner.start("guarded", "run", file.toString(), "--firelens", "embedded");
        Matcher fluent = cli.awaitOutput(Pattern.compile("FLUENT=([0-9.]+):([0-9]+)"), Duration.ofSeconds(60));
        String host = fluent.group(1);
        String port = fluent.group(2);

        // Three connections from a container of no task, with the app's own tag: none is heard, the refusal said once.
        String outsider = send("app-firelens-own", "injected", host, port);
        CreateContainerResponse created = DOCKER.createContainerCmd(BUSYBOX)
                .withCmd("sh", "-c", outsider + "; " + outsider + "; " + outsider)
                .withLabels(Map.of("ecs-local-it", "firelens-outsider")).exec();
        String outsiderAddress;
        try {
            DOCKER.startContainerCmd(created.getId()).exec();
            outsiderAddress = DOCKER.inspectContainerCmd(created.getId()).exec().getNetworkSettings().getIpAddress();
            DOCKER.waitContainerCmd(created.getId()).start().awaitCompletion(30, TimeUnit.SECONDS);
        } finally {
            DOCKER.removeContainerCmd(created.getId()).withForce(true).exec();
        }

        assertThat(cli.awaitExit(Duration.ofMinutes(1))).as(cli.output()).isZero();
        String output = cli.output();
        assertThat(output).as("the task's own record").containsPattern("app +→ stdout \\| \\{.*\"log\":\"from the task\"")
                .doesNotContain("injected");
        assertThat(Pattern.compile("refused the forward connections from " + Pattern.quote(outsiderAddress)
                + ": it is not a container of this task").matcher(output).results().count()).as(output).isEqualTo(1);
    }

    @Test
    void a_log_router_paused_past_the_task_stop_is_said_to_have_dropped_what_it_held() throws Exception {
        // A real router frozen when it is told to stop cannot flush: what it held goes with it, and the run says so.
        String router = TestRouterImage.build(DOCKER, dir);
        Map<String, Object> routerContainer = Map.of("name", "router", "image", router, "memory", 32, "stopTimeout", 3,
                "firelensConfiguration", Map.of("type", "fluentbit"));
        Map<String, Object> app = Map.of("name", "app", "image", BUSYBOX, "memory", 32,
                "command", List.of("sh", "-c", "sleep 2; echo held by the frozen router; sleep 1"),
                "logConfiguration", Map.of("logDriver", "awsfirelens", "options", Map.of("Name", "datadog")));
        Path file = taskDefinition("frozen", Map.of("family", "frozen", "networkMode", "awsvpc",
                "containerDefinitions", List.of(routerContainer, app)));
        Cli cli = runToTheEnd("frozen", file, "--pause", "router@running+1s");
        String output = cli.output();
        assertThat(output).contains("router stopped while still paused: the records it held were dropped")
                .doesNotContain("\"log\":\"held by the frozen router\"");
    }

}
