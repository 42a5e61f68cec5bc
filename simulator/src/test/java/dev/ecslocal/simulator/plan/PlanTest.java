package dev.ecslocal.simulator.plan;

import dev.ecslocal.simulator.Fixtures;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Plans are asserted as text (the golden form), and the edges ECS adds as a table (ECS-SEMANTICS §1.5, §2). */
class PlanTest {

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static Plan plan(String json) {
        TaskDefinitionCheck.Result result = Fixtures.check(json);
        assertThat(result.errors()).as("the fixture must be valid").isEmpty();
        return Plan.of(result.taskDefinition(), 1);
    }

    private static List<String> edges(String json) {
        return plan(json).graph().edges().stream().map(Edge::toString).toList();
    }

    @ParameterizedTest(name = "the plan of samples/{0} matches its golden text")
    @ValueSource(strings = {"payments", "nginx-proxy", "shared-logs"})
    void the_plan_of_each_sample_matches_its_golden_text(String sample) throws IOException {
        Path file = Fixtures.projectDir().resolve("samples").resolve(sample).resolve("taskdef.json");
        TaskDefinitionCheck.Result result = new TaskDefinitionCheck().check(file, null,
                dev.ecslocal.simulator.validate.ValidationOptions.DEFAULT);
        assertThat(result.problems()).isEmpty();
        String rendered = PlanText.render(Plan.of(result.taskDefinition(), result.source().revision()));
        try (InputStream golden = PlanTest.class.getResourceAsStream("/plans/" + sample + ".txt")) {
            assertThat(rendered).isEqualTo(new String(golden.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void payments_starts_its_sidecars_first_and_stops_app_before_envoy_and_the_router() throws IOException {
        // The acceptance criterion, asserted on the data as well as on the golden text.
        Path file = Fixtures.projectDir().resolve("samples/payments/taskdef.json");
        TaskDefinition task = new TaskDefinitionCheck().check(file, null,
                dev.ecslocal.simulator.validate.ValidationOptions.DEFAULT).taskDefinition();
        Plan plan = Plan.of(task, 1);
        assertThat(names(plan.startOrder())).containsExactly(
                List.of(DependencyGraph.NETWORK_PAUSE), List.of("secrets-init", "envoy", "log-router"), List.of("app"));
        assertThat(plan.graph().dependenciesOf("app")).extracting(Edge::toString).containsExactly(
                "app -> secrets-init SUCCESS (dependsOn)",
                "app -> envoy HEALTHY (dependsOn)",
                "app -> log-router START (FireLens)",
                "app -> ~internal~ecs~pause RESOURCES_PROVISIONED (awsvpc network namespace)");
        assertThat(names(plan.stopOrder())).containsExactly(
                List.of("app"), List.of("secrets-init", "envoy", "log-router"), List.of(DependencyGraph.NETWORK_PAUSE));
    }

    private static List<List<String>> names(List<List<Node>> steps) {
        return steps.stream().map(step -> step.stream().map(Node::name).toList()).toList();
    }

    @Test
    void links_add_START_and_volumesFrom_add_CREATE() {
        assertThat(edges(json("{'family':'t','containerDefinitions':["
                + "{'name':'data','image':'i','memory':64,'essential':false},"
                + "{'name':'db','image':'i','memory':64},"
                + "{'name':'web','image':'i','memory':64,'links':['db:database'],'volumesFrom':[{'sourceContainer':'data'}]}]}")))
                .containsExactly("web -> db START (links)", "web -> data CREATE (volumesFrom)");
    }

    @Test
    void FireLens_adds_START_on_the_router_unless_the_container_already_depends_on_it() {
        assertThat(edges(json("{'family':'t','containerDefinitions':["
                + "{'name':'router','image':'i','memory':64,'firelensConfiguration':{'type':'fluentbit'}},"
                + "{'name':'a','image':'i','memory':64,'logConfiguration':{'logDriver':'awsfirelens'}},"
                + "{'name':'b','image':'i','memory':64,'logConfiguration':{'logDriver':'awsfirelens'},"
                + "'dependsOn':[{'containerName':'router','condition':'START'}]}]}")))
                .containsExactly("a -> router START (FireLens)", "b -> router START (dependsOn)");
    }

    @Test
    void FireLens_adds_nothing_when_the_router_has_a_dependsOn_of_its_own() {
        // The agent skips the edges entirely to avoid cycles (ECS-SEMANTICS §1.5, §12.14).
        assertThat(edges(json("{'family':'t','containerDefinitions':["
                + "{'name':'init','image':'i','memory':64,'essential':false},"
                + "{'name':'router','image':'i','memory':64,'firelensConfiguration':{'type':'fluentbit'},"
                + "'dependsOn':[{'containerName':'init','condition':'SUCCESS'}]},"
                + "{'name':'app','image':'i','memory':64,'logConfiguration':{'logDriver':'awsfirelens'}}]}")))
                .containsExactly("router -> init SUCCESS (dependsOn)");
    }

    @Test
    void task_pid_and_ipc_namespaces_add_a_namespace_holder_that_starts_first_and_stops_last() {
        Plan plan = plan(json("{'family':'t','pidMode':'task','containerDefinitions':[{'name':'app','image':'i','memory':64}]}"));
        assertThat(plan.graph().edges()).extracting(Edge::toString)
                .containsExactly("app -> ~internal~ecs~pause~namespace START (pidMode/ipcMode task)");
        assertThat(names(plan.startOrder())).containsExactly(List.of(DependencyGraph.NAMESPACE_PAUSE), List.of("app"));
        assertThat(names(plan.stopOrder())).containsExactly(List.of("app"), List.of(DependencyGraph.NAMESPACE_PAUSE));
    }

    @Test
    void shutdown_waits_along_a_chain_and_is_parallel_otherwise() {
        // ECS-SEMANTICS §2: reverse dependency order, otherwise in parallel; stopTimeouts add up along a chain.
        String text = PlanText.render(plan(json("{'family':'chain','containerDefinitions':["
                + "{'name':'db','image':'i','memory':64,'stopTimeout':5},"
                + "{'name':'cache','image':'i','memory':64},"
                + "{'name':'api','image':'i','memory':64,'stopTimeout':20,'dependsOn':[{'containerName':'db','condition':'START'}]},"
                + "{'name':'web','image':'i','memory':64,'dependsOn':[{'containerName':'api','condition':'START'},"
                + "{'containerName':'cache','condition':'START'}]}]}")));
        assertThat(text).isEqualTo("""
                Plan for chain:1 (networkMode bridge, 4 containers)

                Start order (a container starts as soon as everything it waits for is satisfied)
                   1  db
                      cache
                   2  api    waits for db START (dependsOn)
                   3  web    waits for api START (dependsOn)
                             waits for cache START (dependsOn)

                Stop order (reverse dependency order: a container stops after everything that waits for it;
                            each gets its stop signal, then SIGKILL after its stopTimeout)
                   1  web    stopTimeout 30s (default)
                   2  cache  stopTimeout 30s (default)
                      api    stopTimeout 20s
                   3  db     stopTimeout 5s
                """);
    }

    @Test
    void the_cycle_search_returns_the_edges_that_close_it() {
        TaskDefinition task = Fixtures.check(json("{'family':'t','containerDefinitions':["
                + "{'name':'a','image':'i','memory':64,'dependsOn':[{'containerName':'b','condition':'START'}]},"
                + "{'name':'b','image':'i','memory':64,'dependsOn':[{'containerName':'c','condition':'START'}]},"
                + "{'name':'c','image':'i','memory':64,'dependsOn':[{'containerName':'b','condition':'HEALTHY'}],"
                + "'healthCheck':{'command':['CMD','true']}}]}")).taskDefinition();
        assertThat(DependencyGraph.of(task).findCycle()).get().asList().extracting(Object::toString)
                .containsExactly("b -> c START (dependsOn)", "c -> b HEALTHY (dependsOn)");
    }

    @Test
    void the_json_form_carries_steps_and_causes() {
        PlanJson.View view = PlanJson.of(plan(json("{'family':'t','networkMode':'awsvpc','containerDefinitions':["
                + "{'name':'app','image':'i','memory':64}]}")));
        assertThat(view.startOrder()).containsExactly(List.of(DependencyGraph.NETWORK_PAUSE), List.of("app"));
        assertThat(view.containers().get(1).waitsFor()).containsExactly(
                new PlanJson.WaitView(DependencyGraph.NETWORK_PAUSE, "RESOURCES_PROVISIONED", "awsvpc network namespace", true));
        assertThat(view.containers().get(1).stopTimeoutSeconds()).isEqualTo(30);
    }

    @ParameterizedTest(name = "samples/{0} drawn as {1}")
    @org.junit.jupiter.params.provider.CsvSource({"payments, DOT, payments.dot", "nginx-proxy, MERMAID, nginx-proxy.mmd"})
    void the_graph_of_a_sample_matches_its_golden_drawing(String sample, PlanGraph.Format format, String golden) throws IOException {
        Path file = Fixtures.projectDir().resolve("samples").resolve(sample).resolve("taskdef.json");
        TaskDefinitionCheck.Result result = new TaskDefinitionCheck().check(file, null,
                dev.ecslocal.simulator.validate.ValidationOptions.DEFAULT);
        String drawn = PlanGraph.render(Plan.of(result.taskDefinition(), result.source().revision()), format);
        try (InputStream expected = PlanTest.class.getResourceAsStream("/plans/" + golden)) {
            assertThat(drawn).isEqualTo(new String(expected.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void the_graph_draws_every_edge_once_conditions_on_arrows_and_implicit_edges_dashed_with_their_cause() {
        Plan plan = plan(json("{'family':'t','containerDefinitions':[" + "{'name':'web','image':'i','memory':8,'links':['db'],"
                + "'volumesFrom':[{'sourceContainer':'data'}],'dependsOn':[{'containerName':'db','condition':'HEALTHY'}]},"
                + "{'name':'db','image':'i','memory':8,'startTimeout':30,'healthCheck':{'command':['CMD','true']}},"
                + "{'name':'data','image':'i','memory':8,'essential':false}]}"));
        String dot = PlanGraph.render(plan, PlanGraph.Format.DOT);
        assertThat(dot.lines().filter(line -> line.contains(" -> "))).containsExactlyInAnyOrder(
                "  \"db\" -> \"web\" [label=\"HEALTHY, startTimeout 30s\"];",
                "  \"db\" -> \"web\" [label=\"START (links)\", style=dashed];",
                "  \"data\" -> \"web\" [label=\"CREATE (volumesFrom)\", style=dashed];");
        assertThat(dot).contains("\"data\" [label=\"data\\nessential: false\"];", "\"db\" [label=\"db\\nessential\", penwidth=2.5];");
        String mermaid = PlanGraph.render(plan, PlanGraph.Format.MERMAID);
        assertThat(mermaid.lines().filter(line -> line.contains("->"))).hasSize(3)
                .contains("  n1 -->|\"HEALTHY, startTimeout 30s\"| n0", "  n2 -.->|\"CREATE (volumesFrom)\"| n0");
        assertThat(mermaid).contains("  class n0,n1 essential\n");
    }

    @Test
    void the_golden_files_exist_for_every_sample() throws IOException {
        try (var samples = Files.list(Fixtures.projectDir().resolve("samples"))) {
            List<String> withTaskDefinitions = samples.filter(dir -> Files.exists(dir.resolve("taskdef.json")))
                    .map(dir -> dir.getFileName().toString()).sorted().toList();
            assertThat(withTaskDefinitions).containsExactly("nginx-proxy", "payments", "shared-logs");
        }
    }
}
