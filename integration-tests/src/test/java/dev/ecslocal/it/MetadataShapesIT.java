package dev.ecslocal.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a container of a real run reads from its task metadata endpoint v4 ({@code $ECS_CONTAINER_METADATA_URI_V4},
 * {@code /task}, {@code /stats}, {@code /task/stats}) has the shapes the team wrote from AWS's documented responses
 * ({@code metadata/v4-shapes.json}): every field ECS gives there present with its type, those it leaves out absent, in an
 * awsvpc and a bridge task on EC2 and an awsvpc task on Fargate (docs/ecs-semantics.md §8.3–§8.5).
 */
class MetadataShapesIT extends RunsCli {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One container with a docker label, a task volume and a health check asks each route once it is healthy (so that
     * the health check's empty output has been seen), then ends the task. Its images are here, so nothing is pulled.
     */
    @ParameterizedTest
    @ValueSource(strings = {"awsvpc-ec2", "bridge-ec2", "awsvpc-fargate"})
    void the_metadata_has_the_team_s_shapes(String run) throws Exception {
        boolean fargate = run.endsWith("fargate");
        String mode = run.substring(0, run.indexOf('-'));
        String uri = "$ECS_CONTAINER_METADATA_URI_V4";
        String ask = "until wget -q -O- " + uri + " | grep -q HEALTHY; do sleep 1; done; "
                + "echo me=$(wget -q -O- " + uri + "); echo task=$(wget -q -O- " + uri + "/task); "
                + "echo stats=$(wget -q -O- " + uri + "/stats); echo taskstats=$(wget -q -O- " + uri + "/task/stats)";
        Path file = dir.resolve(run + ".json");
        Files.writeString(file, ("{'family':'shapes','networkMode':'" + mode + "','cpu':'256','memory':'512',"
                + (fargate ? "'requiresCompatibilities':['FARGATE']," : "")
                + "'volumes':[{'name':'data'}],'containerDefinitions':[{'name':'app','image':'ecs-local-samples/busybox:latest',"
                + "'dockerLabels':{'team':'payments'},'mountPoints':[{'sourceVolume':'data','containerPath':'/data'}],"
                + "'healthCheck':{'command':['CMD-SHELL','true'],'interval':5,'timeout':2,'retries':3},"
                + "'command':['sh','-c','" + ask + "']}]}").replace('\'', '"'));
        Cli cli = runner.start(run, "run", file.toString());

        MetadataShapes shapes = MetadataShapes.load();
        JsonNode me = JSON.readTree(cli.awaitLine("app", "me"));
        JsonNode task = JSON.readTree(cli.awaitLine("app", "task"));
        JsonNode stats = JSON.readTree(cli.awaitLine("app", "stats"));
        JsonNode taskStats = JSON.readTree(cli.awaitLine("app", "taskstats"));
        assertThat(cli.awaitExit(Duration.ofMinutes(1))).as(cli.output()).isZero();

        List<String> problems = new ArrayList<>();
        problems.addAll(shapes.check(me, shapes.route(run, "container"), "container"));
        problems.addAll(shapes.check(task, shapes.route(run, "task"), "task"));
        problems.addAll(shapes.check(stats, shapes.route(run, "stats"), "stats"));
        problems.addAll(shapes.check(taskStats, shapes.route(run, "taskStats"), "taskStats"));
        assertThat(problems).as("%s\ncontainer: %s\ntask: %s\nstats: %s", run, me, task, stats).isEmpty();
        // The shapes can tell: one of ecs-local's own labels, an address left out and an empty health output are each seen.
        ObjectNode spoiled = me.deepCopy();
        ((ObjectNode) spoiled.path("Labels")).put("ecs-local.task-id", "0");
        ((ObjectNode) spoiled.path("Networks").get(0)).remove("IPv4Addresses");
        ((ObjectNode) spoiled.path("Health")).put("output", "");
        assertThat(shapes.check(spoiled, shapes.route(run, "container"), "container")).containsExactlyInAnyOrder(
                "container.Labels.ecs-local.task-id: no key may start with ecs-local.",
                "container.Networks[0].IPv4Addresses: missing",
                "container.Health.output: must be absent, found \"\"");

        Set<String> types = new TreeSet<>(task.path("Containers").findValuesAsText("Type"));
        List<String> expected = new ArrayList<>();
        shapes.run(run).path("containerTypes").forEach(type -> expected.add(type.asText()));
        assertThat(types).as("the containers /task lists").containsExactlyInAnyOrderElementsOf(expected);
        Set<String> ids = new TreeSet<>(task.path("Containers").findValuesAsText("DockerId"));
        Set<String> statsIds = new TreeSet<>();
        taskStats.fieldNames().forEachRemaining(statsIds::add);
        assertThat(statsIds).as("/task/stats is keyed by the Docker ids of /task's containers").isEqualTo(ids);
        assertThat(me.path("DockerId").asText()).isIn(ids);
        // In the run's region, as the container's AWS_REGION says, never "local"; one account for all.
        String account = task.path("TaskARN").asText().split(":")[4];
        assertThat(task.path("TaskARN").asText()).doesNotContain(":local:");
        assertThat(me.path("ContainerARN").asText().split(":")[4]).isEqualTo(account);
    }
}
