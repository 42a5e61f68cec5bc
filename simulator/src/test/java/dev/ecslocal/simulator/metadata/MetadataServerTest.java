package dev.ecslocal.simulator.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.docker.FakeContainerRuntime;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.HealthStatus;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.event.TaskView;
import dev.ecslocal.simulator.event.TaskStatus;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.platform.CredentialsSource;
import dev.ecslocal.simulator.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The metadata and credentials endpoints (ECS-SEMANTICS §8.1–§8.5), served from the run's events and the runtime. */
class MetadataServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TASK = "{'family':'shop','networkMode':'bridge','taskRoleArn':'arn:aws:iam::1:role/shop',"
            + "'tags':[{'key':'team','value':'payments'}],'containerDefinitions':["
            + "{'name':'app','image':'app:1','memory':64,'cpu':1,'portMappings':[{'containerPort':8080}]},"
            + "{'name':'db','image':'db:1','memory':64,'essential':false,'healthCheck':{'command':['CMD','true']}}]}";

    private static final RunIdentity RUN = new RunIdentity("shop", 4, "t1");

    private final FakeContainerRuntime runtime = new FakeContainerRuntime(new dev.ecslocal.simulator.engine.ManualScheduler());
    private final HttpClient http = HttpClient.newHttpClient();
    private MetadataServer server;
    /** The engine's picture of the task, as a test sets it. */
    private final AtomicReference<TaskView> view = new AtomicReference<>();
    private TaskMetadata metadata;

    private void start(CredentialsSource credentials, boolean fromTheTask) throws Exception {
        TaskDefinition task = Fixtures.check(TASK.replace('\'', '"')).taskDefinition();
        metadata = new TaskMetadata(task, RUN, runtime, view::get);
        java.util.List<TaskView.ContainerView> containers = new java.util.ArrayList<>();
        for (String name : new String[] {"app", "db"}) {
            String id = runtime.createContainer(new ContainerSpec("ecs-local-shop-4-" + name, name + ":1",
                    ContainerSpec.Process.command(java.util.List.of()), Map.of("ecs-local.container", name),
                    ContainerSpec.Network.mode("bridge"), java.util.List.of(), java.util.List.of(), ContainerSpec.Resources.NONE,
                    ContainerSpec.Isolation.NONE, null, null));
            runtime.startContainer(id);
            boolean db = name.equals("db");
            containers.add(new TaskView.ContainerView(name, false, ContainerStatus.RUNNING, false, id, null, null,
                    db ? HealthStatus.HEALTHY : HealthStatus.UNKNOWN, db ? Instant.parse("2026-01-01T00:00:02Z") : null,
                    db ? "ok" : null, 0));
        }
        view.set(new TaskView(TaskStatus.RUNNING, false, null, null, null, containers));
        server = new MetadataServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new EndpointAnswers(metadata,
                "arn:aws:iam::1:role/shop", credentials, address -> fromTheTask,
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> get(String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String uri) throws Exception {
        HttpResponse<String> response = get(uri);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void each_container_gets_its_own_URIs_and_the_credentials_URI_when_the_task_has_a_role() throws Exception {
        start(new CredentialsSource.None(), true);
        Map<String, String> app = server.environment("app");
        assertThat(app.get("ECS_CONTAINER_METADATA_URI_V4")).matches("http://127\\.0\\.0\\.1:\\d+/v4/t1-[0-9a-f]{32}"); // the task id first, as ECS's
        assertThat(app.get("ECS_CONTAINER_METADATA_URI")).isEqualTo(app.get("ECS_CONTAINER_METADATA_URI_V4").replace("/v4/", "/v3/"));
        assertThat(app.get("ECS_AGENT_URI")).isEqualTo(app.get("ECS_CONTAINER_METADATA_URI_V4").replace("/v4/", "/api/"));
        assertThat(app.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")).matches("/v2/credentials/t1-[0-9a-f-]{36}");
        assertThat(server.environment("db").get("ECS_CONTAINER_METADATA_URI_V4")).isNotEqualTo(app.get("ECS_CONTAINER_METADATA_URI_V4"));
    }

    @Test
    void a_container_that_stopped_by_itself_is_desired_STOPPED_with_its_exit_code() throws Exception {
        start(new CredentialsSource.None(), true);
        TaskView running = view.get();
        view.set(new TaskView(TaskStatus.RUNNING, false, null, null, null, running.containers().stream()
                .map(c -> c.name().equals("db") ? new TaskView.ContainerView("db", false, ContainerStatus.STOPPED, false,
                        c.runtimeId(), 0, null, c.health(), c.healthSince(), c.healthOutput(), 0) : c).toList()));
        JsonNode db = json(server.environment("db").get("ECS_CONTAINER_METADATA_URI_V4"));
        assertThat(db.path("KnownStatus").asText()).isEqualTo("STOPPED");
        assertThat(db.path("DesiredStatus").asText()).isEqualTo("STOPPED");
        assertThat(db.path("ExitCode").asInt()).isZero();
        assertThat(json(server.environment("app").get("ECS_CONTAINER_METADATA_URI_V4")).path("DesiredStatus").asText())
                .isEqualTo("RUNNING");
    }

    @Test
    void the_container_route_says_who_asks_in_ECS_field_names() throws Exception {
        start(new CredentialsSource.None(), true);
        JsonNode app = json(server.environment("app").get("ECS_CONTAINER_METADATA_URI_V4"));
        assertThat(app.path("Name").asText()).isEqualTo("app");
        assertThat(app.path("DockerId").asText()).isEqualTo("id-app");
        assertThat(app.path("KnownStatus").asText()).isEqualTo("RUNNING");
        assertThat(app.path("Limits").path("CPU").asInt()).as("a cpu under 2 is reported as 2 (§8.4)").isEqualTo(2);
        assertThat(app.path("Type").asText()).isEqualTo("NORMAL");
        assertThat(app.has("Health")).as("only with a healthCheck").isFalse();
        JsonNode db = json(server.environment("db").get("ECS_CONTAINER_METADATA_URI_V4"));
        assertThat(db.path("Health").path("status").asText()).isEqualTo("HEALTHY");
    }

    @Test
    void the_task_route_lists_every_container_and_taskWithTags_adds_the_tags() throws Exception {
        start(new CredentialsSource.None(), true);
        String uri = server.environment("app").get("ECS_CONTAINER_METADATA_URI_V4");
        JsonNode task = json(uri + "/task");
        assertThat(task.path("TaskARN").asText()).isEqualTo(RUN.taskArn());
        assertThat(task.path("Family").asText()).isEqualTo("shop");
        assertThat(task.path("Revision").asText()).isEqualTo("4");
        assertThat(task.path("KnownStatus").asText()).isEqualTo("RUNNING");
        assertThat(task.path("Containers").findValuesAsText("Name")).containsExactly("app", "db");
        assertThat(task.path("FaultInjectionEnabled").isBoolean()).isTrue();
        assertThat(task.has("TaskTags")).isFalse();
        assertThat(json(uri + "/taskWithTags").path("TaskTags").path("team").asText()).isEqualTo("payments");
    }

    @Test
    void stats_are_docker_stats_and_task_stats_are_keyed_by_docker_id() throws Exception {
        start(new CredentialsSource.None(), true);
        String uri = server.environment("app").get("ECS_CONTAINER_METADATA_URI_V4");
        assertThat(json(uri + "/stats").path("memory_stats").path("usage").asLong()).isEqualTo(1048576);
        assertThat(json(uri + "/task/stats").fieldNames()).toIterable().containsExactlyInAnyOrder("id-app", "id-db");
    }

    @Test
    void an_unknown_id_is_a_404_with_a_message() throws Exception {
        start(new CredentialsSource.None(), true);
        String uri = server.environment("app").get("ECS_CONTAINER_METADATA_URI_V4");
        HttpResponse<String> response = get(uri.substring(0, uri.lastIndexOf('/') + 1) + "not-an-id");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("no container for id not-an-id");
    }

    private String credentialsUri() {
        String v4 = server.environment("app").get("ECS_CONTAINER_METADATA_URI_V4");
        return v4.substring(0, v4.indexOf("/v4/")) + server.environment("app").get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
    }

    @Test
    void credentials_are_served_in_ECS_shape_from_the_source_the_user_named() throws Exception {
        start(new CredentialsSource.Environment(Map.of("AWS_ACCESS_KEY_ID", "AKIA1", "AWS_SECRET_ACCESS_KEY", "secret-1",
                "AWS_SESSION_TOKEN", "token-1")), true);
        JsonNode keys = json(credentialsUri());
        assertThat(keys.path("RoleArn").asText()).isEqualTo("arn:aws:iam::1:role/shop");
        assertThat(keys.path("AccessKeyId").asText()).isEqualTo("AKIA1");
        assertThat(keys.path("SecretAccessKey").asText()).isEqualTo("secret-1");
        assertThat(keys.path("Token").asText()).isEqualTo("token-1");
        assertThat(keys.path("Expiration").asText()).isEqualTo("2026-01-01T01:00:00Z");
    }

    @Test
    void without_a_source_the_credentials_route_says_how_to_give_one_and_invents_nothing() throws Exception {
        start(new CredentialsSource.None(), true);
        HttpResponse<String> response = get(credentialsUri());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("--task-role-credentials env").doesNotContain("AccessKeyId");
    }

    @Test
    void credentials_are_refused_to_an_address_outside_the_task() throws Exception {
        start(new CredentialsSource.Environment(Map.of("AWS_ACCESS_KEY_ID", "AKIA1", "AWS_SECRET_ACCESS_KEY", "secret-1")), false);
        HttpResponse<String> response = get(credentialsUri());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).doesNotContain("secret-1").contains(RUN.taskArn());
    }
}
