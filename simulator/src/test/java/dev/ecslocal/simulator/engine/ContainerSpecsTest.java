package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.Fixtures;
import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.plan.DependencyGraph;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What Docker is asked to create for a container definition (ECS-SEMANTICS §4.1, §5.5, §8.6). */
class ContainerSpecsTest {
    private static final String TASK = ("{'family':'payments','networkMode':'awsvpc','containerDefinitions':[{'name':'app',"
            + "'image':'app:1','memory':64,'entryPoint':['sh','-c'],'command':['exec httpd -f'],"
            + "'environment':[{'name':'MODE','value':'local'},{'name':'EMPTY','value':''}],"
            + "'dockerLabels':{'team':'pay','com.amazonaws.ecs.cluster':'mine'},"
            + "'portMappings':[{'containerPort':8080}],"
            + "'healthCheck':{'command':['CMD-SHELL','wget -q -O- localhost:8080'],'interval':10}}]}").replace('\'', '"');

    private final TaskDefinition task = Fixtures.check(TASK).taskDefinition();
    private final DependencyGraph graph = DependencyGraph.of(task);
    private final ContainerSpecs specs = new ContainerSpecs(task, 3, "a1b2c3", "ecs-local/pause:latest", "127.0.0.1",
            TaskVolumes.of(task, 3, "a1b2c3"));

    @Test
    void a_container_in_awsvpc_joins_the_netns_holder_and_carries_ECS_and_ecs_local_labels() {
        ContainerSpec app = specs.spec(graph.node("app").orElseThrow(), name -> "id-" + name);
        assertThat(app.name()).isEqualTo("ecs-local-payments-3-app-a1b2c3");
        assertThat(app.image()).isEqualTo("app:1");
        assertThat(app.entryPoint()).containsExactly("sh", "-c");
        assertThat(app.command()).containsExactly("exec httpd -f");
        assertThat(app.environment()).containsExactly("MODE=local", "EMPTY=");
        assertThat(app.networkMode()).isEqualTo("container:id-~internal~ecs~pause");
        assertThat(app.labels()).containsEntry("team", "pay")
                .containsEntry("com.amazonaws.ecs.cluster", "ecs-local") // ECS's label wins over the user's
                .containsEntry("com.amazonaws.ecs.task-arn", "arn:aws:ecs:local:000000000000:task/ecs-local/a1b2c3")
                .containsEntry("com.amazonaws.ecs.container-name", "app")
                .containsEntry("com.amazonaws.ecs.task-definition-family", "payments")
                .containsEntry("com.amazonaws.ecs.task-definition-version", "3")
                .containsEntry("ecs-local.task-id", "a1b2c3")
                .containsEntry("ecs-local.container", "app");
    }

    @Test
    void a_health_check_gets_ECS_defaults_not_Docker_ones() {
        ContainerSpec.HealthCheck check = specs.spec(graph.node("app").orElseThrow(), name -> "x").healthCheck();
        assertThat(check.test()).containsExactly("CMD-SHELL", "wget -q -O- localhost:8080");
        assertThat(check.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(check.retries()).isEqualTo(3);
        assertThat(check.startPeriod()).isEqualTo(Duration.ZERO);
    }

    @Test
    void the_netns_holder_runs_the_pause_image_on_the_bridge() {
        ContainerSpec pause = specs.spec(graph.node(DependencyGraph.NETWORK_PAUSE).orElseThrow(), name -> "x");
        assertThat(pause.image()).isEqualTo("ecs-local/pause:latest");
        assertThat(pause.networkMode()).isEqualTo("bridge");
        assertThat(pause.command()).isEqualTo(ContainerSpecs.PAUSE_COMMAND);
        assertThat(pause.name()).isEqualTo("ecs-local-payments-3-internalecspause-a1b2c3");
        assertThat(pause.labels()).containsEntry("ecs-local.container", DependencyGraph.NETWORK_PAUSE);
        assertThat(pause.healthCheck()).isNull();
        assertThat(pause.environment()).isEqualTo(List.of());
    }

    @Test
    void in_awsvpc_ports_are_published_on_the_netns_holder_with_hostPort_equal_to_containerPort() {
        ContainerSpec pause = specs.spec(graph.node(DependencyGraph.NETWORK_PAUSE).orElseThrow(), name -> "x");
        ContainerSpec app = specs.spec(graph.node("app").orElseThrow(), name -> "x");
        assertThat(pause.ports()).containsExactly(new ContainerSpec.PortBinding(8080, "tcp", "127.0.0.1", 8080));
        assertThat(app.ports()).as("Docker refuses ports on a container: network member").isEmpty();
    }

    @Test
    void in_bridge_mode_ports_links_mounts_volumesFrom_and_limits_are_the_container_own() {
        TaskDefinition bridge = Fixtures.check(("{'family':'web','volumes':[{'name':'data'},{'name':'conf','host':{'sourcePath':'/etc/web'}}],"
                + "'containerDefinitions':[{'name':'db','image':'db:1','memory':64},"
                + "{'name':'web','image':'web:1','memory':128,'memoryReservation':64,'cpu':1,'hostname':'web','user':'1000',"
                + "'links':['db:database'],'volumesFrom':[{'sourceContainer':'db','readOnly':true}],"
                + "'mountPoints':[{'sourceVolume':'data','containerPath':'/data'},{'sourceVolume':'conf','containerPath':'/etc/web','readOnly':true}],"
                + "'portMappings':[{'containerPort':80},{'containerPort':53,'hostPort':5353,'protocol':'udp'}]}]}").replace('\'', '"'))
                .taskDefinition();
        ContainerSpecs bridgeSpecs = new ContainerSpecs(bridge, 1, "r1", "pause", "0.0.0.0", TaskVolumes.of(bridge, 1, "r1"));
        ContainerSpec web = bridgeSpecs.spec(DependencyGraph.of(bridge).node("web").orElseThrow(), name -> "id-" + name);
        assertThat(web.networkMode()).isEqualTo("bridge");
        assertThat(web.ports()).containsExactly(new ContainerSpec.PortBinding(80, "tcp", "0.0.0.0", 0),
                new ContainerSpec.PortBinding(53, "udp", "0.0.0.0", 5353));
        assertThat(web.links()).containsExactly("ecs-local-web-1-db-r1:database");
        assertThat(web.volumesFrom()).containsExactly("id-db:ro");
        assertThat(web.mounts()).containsExactly(
                new ContainerSpec.Mount(ContainerSpec.Mount.Type.VOLUME, "ecs-local-web-1-data-r1", "/data", false),
                new ContainerSpec.Mount(ContainerSpec.Mount.Type.BIND, "/etc/web", "/etc/web", true));
        assertThat(web.limits()).isEqualTo(new ContainerSpec.Limits(128, 64, 2));
        assertThat(web.hostname()).isEqualTo("web");
        assertThat(web.user()).isEqualTo("1000");
    }
}
