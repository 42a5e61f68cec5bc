package dev.ecslocal.simulator.report;

import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.event.PublishedPort;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecslocal.simulator.Fixtures;
import dev.ecslocal.simulator.docker.ContainerSnapshot;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.HealthStatus;
import dev.ecslocal.simulator.event.StopCode;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskOutcome;
import dev.ecslocal.simulator.event.TaskStatus;
import dev.ecslocal.simulator.model.TaskDefinition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The machine forms of a run: one JSON line per event, and the run as a describe-tasks Task. */
class ReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void every_event_line_has_the_eight_fields_even_when_they_do_not_apply() throws Exception {
        String line = JSON.writeValueAsString(EventJson.of(new TaskEvent.ContainerChanged(Duration.ofMillis(1234), "app",
                ContainerStatus.STOPPED, 0, null, null)));
        assertThat(line).isEqualTo("{\"t\":1234,\"kind\":\"container\",\"container\":\"app\",\"status\":\"STOPPED\","
                + "\"health\":null,\"exitCode\":0,\"reason\":null,\"stopCode\":null}");
        String task = JSON.writeValueAsString(EventJson.of(new TaskEvent.TaskChanged(Duration.ofMillis(5), TaskStatus.STOPPING,
                StopCode.EssentialContainerExited, "Essential container in task exited")));
        assertThat(task).isEqualTo("{\"t\":5,\"kind\":\"task\",\"container\":null,\"status\":\"STOPPING\",\"health\":null,"
                + "\"exitCode\":null,\"reason\":null,\"stopCode\":\"EssentialContainerExited\","
                + "\"stoppedReason\":\"Essential container in task exited\"}");
        String waiting = JSON.writeValueAsString(EventJson.of(new TaskEvent.Waiting(Duration.ZERO, "app", "envoy HEALTHY", true)));
        assertThat(waiting).endsWith("\"stopCode\":null,\"waitingFor\":\"envoy HEALTHY\",\"stuck\":true}");
    }

    private static final TaskDefinition BRIDGE = Fixtures.check(("{'family':'web','containerDefinitions':["
            + "{'name':'web','image':'web:1','memory':64,'cpu':10,'portMappings':[{'containerPort':80}],"
            + "'healthCheck':{'command':['CMD','true']}},"
            + "{'name':'job','image':'job:1','memory':32,'essential':false}]}").replace('\'', '"')).taskDefinition();

    @Test
    void the_report_is_a_describe_tasks_Task_filled_from_the_events() {
        Instant start = Instant.parse("2026-11-22T10:00:00Z");
        List<TaskEvent> events = List.of(
                new TaskEvent.TaskChanged(Duration.ZERO, TaskStatus.PENDING, null, null),
                new TaskEvent.PortsPublished(Duration.ofMillis(300), "web",
                        List.of(new PublishedPort(80, "tcp", "127.0.0.1", 49153))),
                new TaskEvent.TaskChanged(Duration.ofMillis(400), TaskStatus.RUNNING, null, null),
                new TaskEvent.TaskChanged(Duration.ofSeconds(5), TaskStatus.STOPPING, StopCode.UserInitiated, "Task stopped by user"),
                new TaskEvent.TaskChanged(Duration.ofSeconds(6), TaskStatus.STOPPED, StopCode.UserInitiated, "Task stopped by user"));
        TaskOutcome outcome = new TaskOutcome(StopCode.UserInitiated, "Task stopped by user", null, true, Duration.ofSeconds(6),
                List.of(new TaskOutcome.ContainerOutcome("web", "web:1", true, ContainerStatus.STOPPED, 143, null,
                                HealthStatus.HEALTHY, true, 0, "abc"),
                        new TaskOutcome.ContainerOutcome("job", "job:1", false, ContainerStatus.STOPPED, null, null,
                                HealthStatus.UNKNOWN, false, 0, null)));
        TaskReport report = TaskReport.of(BRIDGE, new RunIdentity("web", 4, "t1"), start, events, outcome, 130);
        assertThat(report.taskArn()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:task/ecs-local/t1");
        assertThat(report.taskDefinitionArn()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:task-definition/web:4");
        assertThat(report.lastStatus()).isEqualTo("STOPPED");
        assertThat(report.stopCode()).isEqualTo("UserInitiated");
        assertThat(report.startedAt()).isEqualTo("2026-11-22T10:00:00.400Z");
        assertThat(report.stoppingAt()).isEqualTo("2026-11-22T10:00:05Z");
        assertThat(report.stoppedAt()).isEqualTo("2026-11-22T10:00:06Z");
        assertThat(report.healthStatus()).as("the only essential container is HEALTHY (ECS-SEMANTICS §4.2)").isEqualTo("HEALTHY");
        assertThat(report.launchType()).isEqualTo("EC2");
        TaskReport.Container web = report.containers().get(0);
        assertThat(web.networkBindings()).containsExactly(new TaskReport.NetworkBinding("127.0.0.1", 80, 49153, "tcp"));
        assertThat(web.runtimeId()).isEqualTo("abc");
        assertThat(web.cpu()).isEqualTo("10");
        TaskReport.Container job = report.containers().get(1);
        assertThat(job.exitCode()).isNull();
        assertThat(job.healthStatus()).isEqualTo("UNKNOWN");
        assertThat(report.ecsLocal().exitCode()).isEqualTo(130);
    }

    @Test
    void task_health_counts_only_essential_containers_and_unhealthy_wins() {
        TaskOutcome.ContainerOutcome healthy = new TaskOutcome.ContainerOutcome("a", "i", true, ContainerStatus.STOPPED, 0, null,
                HealthStatus.HEALTHY, true, 0, null);
        TaskOutcome.ContainerOutcome sickSidecar = new TaskOutcome.ContainerOutcome("b", "i", false, ContainerStatus.STOPPED, 0,
                null, HealthStatus.UNHEALTHY, true, 0, null);
        TaskOutcome.ContainerOutcome unchecked = new TaskOutcome.ContainerOutcome("c", "i", true, ContainerStatus.STOPPED, 0, null,
                HealthStatus.UNKNOWN, false, 0, null);
        assertThat(TaskReport.taskHealth(outcome(healthy, sickSidecar))).isEqualTo("HEALTHY");
        assertThat(TaskReport.taskHealth(outcome(healthy, unchecked))).isEqualTo("UNKNOWN");
        TaskOutcome.ContainerOutcome sick = new TaskOutcome.ContainerOutcome("d", "i", true, ContainerStatus.STOPPED, 0, null,
                HealthStatus.UNHEALTHY, true, 0, null);
        assertThat(TaskReport.taskHealth(outcome(healthy, unchecked, sick))).isEqualTo("UNHEALTHY");
    }

    private static TaskOutcome outcome(TaskOutcome.ContainerOutcome... containers) {
        return new TaskOutcome(StopCode.UserInitiated, "x", null, true, Duration.ZERO, List.of(containers));
    }
}
