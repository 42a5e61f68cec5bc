package dev.ecslocal.simulator.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecslocal.simulator.Fixtures;
import dev.ecslocal.simulator.docker.FakeContainerRuntime;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.HealthStatus;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.event.TaskStatus;
import dev.ecslocal.simulator.event.TaskView;
import dev.ecslocal.simulator.model.TaskDefinition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's pause container in the metadata, as the agent reports it (docs/ecs-semantics.md §5.5, §8.3): once it holds
 * the network it is RESOURCES_PROVISIONED, it has no limits and no container ARN, and Fargate's {@code /task} does not
 * list it.
 */
class PauseContainerMetadataTest {
    private static final String PAUSE = "~internal~ecs~pause";

    private static JsonNode task(String compatibilities) {
        TaskDefinition task = Fixtures.check(("{'family':'shop','networkMode':'awsvpc','cpu':'256','memory':'512',"
                + "'requiresCompatibilities':[" + compatibilities + "],"
                + "'containerDefinitions':[{'name':'app','image':'app:1','memory':64,'cpu':1}]}").replace('\'', '"')).taskDefinition();
        List<TaskView.ContainerView> containers = List.of(
                new TaskView.ContainerView(PAUSE, true, ContainerStatus.RUNNING, false, null, null, null, HealthStatus.UNKNOWN,
                        null, null, 0),
                new TaskView.ContainerView("app", false, ContainerStatus.RUNNING, false, null, null, null, HealthStatus.UNKNOWN,
                        null, null, 0));
        TaskMetadata metadata = new TaskMetadata(task, new RunIdentity("shop", 1, "t1", "us-east-1", RunIdentity.LOCAL_ACCOUNT,
                task.requiresFargate(), null),
                new FakeContainerRuntime(new dev.ecslocal.simulator.engine.ManualScheduler()),
                () -> new TaskView(TaskStatus.RUNNING, false, null, null, null, containers));
        return metadata.task(false);
    }

    @Test
    void on_ec2_the_pause_container_is_listed_as_the_agent_reports_it() {
        JsonNode listed = task("'EC2'").path("Containers");
        assertThat(listed.findValuesAsText("Name")).containsExactly(PAUSE, "app");
        JsonNode pause = listed.get(0);
        assertThat(pause.path("KnownStatus").asText()).isEqualTo("RESOURCES_PROVISIONED");
        assertThat(pause.path("Type").asText()).isEqualTo("CNI_PAUSE");
        assertThat(pause.path("Limits").path("CPU").asInt()).isZero();
        assertThat(pause.path("Limits").path("Memory").asInt()).isZero();
        assertThat(pause.has("ContainerARN")).isFalse();
        JsonNode app = listed.get(1);
        assertThat(app.path("KnownStatus").asText()).isEqualTo("RUNNING");
        assertThat(app.path("Limits").path("CPU").asInt()).as("the agent's minimum shares").isEqualTo(2);
        assertThat(app.has("ContainerARN")).isTrue();
    }

    @Test
    void on_fargate_the_task_route_lists_the_task_s_own_containers_only() {
        assertThat(task("'FARGATE'").path("Containers").findValuesAsText("Name")).containsExactly("app");
    }
}
