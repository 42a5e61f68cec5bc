package dev.ecslocal.simulator.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecslocal.simulator.api.EcsLocal;
import dev.ecslocal.simulator.api.RunOptions;
import dev.ecslocal.simulator.api.RunRefusedException;
import dev.ecslocal.simulator.api.RunningTask;
import dev.ecslocal.simulator.api.TaskDefinitionFile;
import dev.ecslocal.simulator.docker.FakeContainerRuntime;
import dev.ecslocal.simulator.engine.ManualScheduler;
import dev.ecslocal.simulator.event.Notice;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Run and template placeholders: refused before Docker only where ecs-local must have a real value (the image it
 * pulls, the secret and environment file it looks up), run with {@code --image}, and the image run is the one the
 * specs, the metadata endpoint and the outcome show.
 */
class PlaceholderRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManualScheduler scheduler = new ManualScheduler();
    private final FakeContainerRuntime runtime = new FakeContainerRuntime(scheduler);
    private final ArrayDeque<Runnable> loop = new ArrayDeque<>();
    private final List<TaskEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http = HttpClient.newHttpClient();
    private RunningTask running;

    PlaceholderRunTest() {
        runtime.withBridgeGateway("127.0.0.1");
    }

    @AfterEach
    void theRunEnds() {
        if (running != null && !running.outcome().isDone()) {
            running.kill();
            scheduler.run(loop, Duration.ofMinutes(1));
        }
    }

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static TaskDefinitionFile codeDeployTask() throws Exception {
        try (InputStream in = PlaceholderRunTest.class.getResourceAsStream("/placeholders/codedeploy/taskdef.json")) {
            return EcsLocal.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "taskdef.json");
        }
    }

    private static RunOptions offline() {
        return RunOptions.defaults().withEndpoints("127.0.0.1", 0).withUserEnvironment(Map.of(), Path.of("/nonexistent"))
                .withSecrets(Map.of("SESSION_KEY", "s3cr3t"));
    }

    private RunningTask launch(TaskDefinitionFile task, RunOptions options) throws Exception {
        TaskLaunch launch = TaskLaunch.prepare(task, options);
        running = launch.start(runtime, new dev.ecslocal.simulator.event.TaskListener() {
            @Override
            public void event(TaskEvent event) {
                events.add(event);
            }
        }, new Clockwork(loop::add, Runnable::run, scheduler, () -> { }));
        scheduler.run(loop, Duration.ZERO);
        return running;
    }

    @Test
    void run_refuses_an_image_placeholder_before_docker_naming_the_container_and_the_option_that_supplies_it() throws Exception {
        TaskDefinitionFile task = codeDeployTask();

        assertThatThrownBy(() -> launch(task, offline().withImage("web", "storefront:dev")))
                .isInstanceOfSatisfying(RunRefusedException.class, refused -> {
                    assertThat(refused.kind()).isEqualTo(RunRefusedException.Kind.USAGE);
                    assertThat(refused.getMessage()).isEqualTo("cannot run a template placeholder: container \"metrics\" image "
                            + "\"<IMAGE2_NAME>\": the placeholder <IMAGE2_NAME> stands for the image to run; give it with "
                            + "--image metrics=IMAGE (validate and plan read it as written)");
                });
        assertThatThrownBy(() -> launch(task, offline()))
                .hasMessage("cannot run 2 template placeholders (validate and plan read them as written):\n"
                        + "  container \"web\" image \"<IMAGE1_NAME>\": the placeholder <IMAGE1_NAME> stands for the image to "
                        + "run; give it with --image web=IMAGE\n"
                        + "  container \"metrics\" image \"<IMAGE2_NAME>\": the placeholder <IMAGE2_NAME> stands for the image "
                        + "to run; give it with --image metrics=IMAGE");
        assertThat(runtime.calls()).as("nothing asked of Docker").isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void with_image_the_run_starts_what_was_given_and_says_so_and_the_metadata_and_outcome_show_it() throws Exception {
        runtime.script("web").healthyAfter(Duration.ofSeconds(1));
        launch(codeDeployTask(), offline().withImage("web", "storefront:dev").withImage("metrics", "busybox:1.36"));
        scheduler.run(loop, Duration.ofSeconds(5));

        assertThat(runtime.specOf("web").image()).isEqualTo("storefront:dev");
        assertThat(runtime.specOf("metrics").image()).isEqualTo("busybox:1.36");
        List<String> said = notices().stream().filter(n -> n.topic() == Notice.Topic.IMAGES).map(Notice::text).toList();
        assertThat(said).containsExactly(
                "web runs storefront:dev (--image), instead of the task definition's <IMAGE1_NAME>",
                "metrics runs busybox:1.36 (--image), instead of the task definition's <IMAGE2_NAME>");
        assertThat(get(metadataUri("web")).path("Image").asText()).isEqualTo("storefront:dev");

        running.stop();
        scheduler.run(loop, Duration.ofMinutes(1));
        TaskOutcome outcome = running.outcome().join();
        assertThat(outcome.containers()).extracting(TaskOutcome.ContainerOutcome::image)
                .containsExactly("storefront:dev", "busybox:1.36");
    }

    @Test
    void image_swaps_an_ECR_image_for_a_local_build_and_refuses_a_container_the_task_does_not_have() throws Exception {
        TaskDefinitionFile task = EcsLocal.parse(json("{'family':'shop','containerDefinitions':[{'name':'app','image':"
                + "'111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1.4','memory':64},{'name':'worker','image':'worker:1',"
                + "'memory':64,'essential':false}]}"), "taskdef.json");

        assertThatThrownBy(() -> EcsLocal.prepare(task, offline().withImage("ap", "app:dev").withImage("db", "db:dev")))
                .isInstanceOfSatisfying(RunRefusedException.class, refused -> {
                    assertThat(refused.kind()).isEqualTo(RunRefusedException.Kind.USAGE);
                    assertThat(refused.getMessage()).isEqualTo("--image ap=app:dev: the task has no container \"ap\". Did you "
                            + "mean \"app\"? Containers defined: \"app\", \"worker\".\n"
                            + "--image db=db:dev: the task has no container \"db\". Containers defined: \"app\", \"worker\".");
                });
        assertThatThrownBy(() -> EcsLocal.prepare(task, offline().withImage("app", "app dev")))
                .hasMessage("--image app=app dev: give an image reference without spaces, e.g. --image app=app:dev.");

        launch(task, offline().withImage("app", "app:dev"));
        assertThat(runtime.specOf("app").image()).isEqualTo("app:dev");
        assertThat(runtime.specOf("worker").image()).isEqualTo("worker:1");
    }

    @Test
    void a_placeholder_in_a_secret_ARN_runs_when_the_secrets_file_answers_it_and_is_refused_when_nothing_does() throws Exception {
        String arn = "arn:${Partition}:secretsmanager:us-east-1:111122223333:secret:datadog-AbCdEf";
        TaskDefinitionFile task = EcsLocal.parse(json("{'family':'t','containerDefinitions':[{'name':'app','image':'app:1',"
                + "'memory':64,'secrets':[{'name':'DD_API_KEY','valueFrom':'" + arn + "'}],"
                + "'environmentFiles':[{'type':'s3','value':'arn:aws:s3:::shop-${stage}/app.env'}],"
                + "'environment':[{'name':'STAGE','value':'${stage}'}]}]}"), "taskdef.json");
        RunOptions noSecrets = RunOptions.defaults().withEndpoints("127.0.0.1", 0)
                .withUserEnvironment(Map.of(), Path.of("/nonexistent"));

        assertThatThrownBy(() -> EcsLocal.prepare(task, noSecrets))
                .hasMessage("cannot run 2 template placeholders (validate and plan read them as written):\n"
                        + "  container \"app\" secrets[0].valueFrom \"" + arn + "\": the placeholder ${Partition} names no "
                        + "secret ECS could fetch; put the value in the --secrets file under \"" + arn + "\" or under \"DD_API_KEY\"\n"
                        + "  container \"app\" environmentFiles[0].value \"arn:aws:s3:::shop-${stage}/app.env\": the placeholder "
                        + "${stage} names no S3 object ecs-local can read; give a local copy with --env-file-map "
                        + "'arn:aws:s3:::shop-${stage}/app.env=PATH'");

        Path env = java.nio.file.Files.createTempFile("app", ".env");
        try {
            java.nio.file.Files.writeString(env, "A=1\n");
            RunOptions answered = noSecrets.withSecrets(Map.of(arn, "k")).withEnvironmentFile("arn:aws:s3:::shop-${stage}/app.env", env);
            launch(task, answered);
            scheduler.run(loop, Duration.ofSeconds(1));
            assertThat(runtime.specOf("app").process().environment()).contains("DD_API_KEY=k", "A=1",
                    "STAGE=${stage}");
        } finally {
            java.nio.file.Files.deleteIfExists(env);
        }
    }

    private List<Notice> notices() {
        synchronized (events) {
            return events.stream().filter(e -> e instanceof TaskEvent.Noticed).map(e -> ((TaskEvent.Noticed) e).notice()).toList();
        }
    }

    private String metadataUri(String container) {
        return runtime.specOf(container).process().environment().stream()
                .filter(v -> v.startsWith("ECS_CONTAINER_METADATA_URI_V4=")).findFirst().orElseThrow()
                .substring("ECS_CONTAINER_METADATA_URI_V4=".length());
    }

    private JsonNode get(String uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
