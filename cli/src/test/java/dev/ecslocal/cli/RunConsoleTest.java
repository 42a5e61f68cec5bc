package dev.ecslocal.cli;

import dev.ecslocal.simulator.event.PublishedPort;
import dev.ecslocal.simulator.docker.ContainerSnapshot;
import dev.ecslocal.simulator.event.ContainerLog;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.HealthStatus;
import dev.ecslocal.simulator.event.StopCode;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskOutcome;
import dev.ecslocal.simulator.report.EventJson;
import dev.ecslocal.simulator.report.Timeline;
import dev.ecslocal.simulator.event.TaskStatus;
import dev.ecslocal.simulator.plan.DependencyGraph;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a person reads while a task runs, exactly (no colour: a pipe or a CI log). */
class RunConsoleTest {
    private final StringWriter text = new StringWriter();
    private final RunConsole console = new RunConsole(new PrintWriter(text), new Style(false),
            List.of(DependencyGraph.NETWORK_PAUSE, "envoy", "app"), false, "ecs-local/pause:latest");

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void state_changes_and_lines_are_told_with_times_and_aligned_names() {
        console.event(new TaskEvent.TaskChanged(ms(10), TaskStatus.PENDING, null, null));
        console.event(new TaskEvent.Waiting(ms(20), "app", DependencyGraph.NETWORK_PAUSE + " to start", false));
        console.event(new TaskEvent.ContainerChanged(ms(300), DependencyGraph.NETWORK_PAUSE, ContainerStatus.RUNNING, null, null, null));
        console.event(new TaskEvent.PortsPublished(ms(310), DependencyGraph.NETWORK_PAUSE,
                List.of(new PublishedPort(8080, "tcp", "127.0.0.1", 8080))));
        console.log(new ContainerLog("envoy", ContainerLog.Stream.STDOUT, "ready", Instant.EPOCH));
        console.event(new TaskEvent.HealthChanged(ms(10_500), "envoy", HealthStatus.UNHEALTHY, "connection refused\n"));
        console.event(new TaskEvent.ContainerChanged(ms(15_000), "app", ContainerStatus.STOPPED, 143,
                "CannotStartContainerError: dependency graph: x", null));
        console.event(new TaskEvent.TaskChanged(ms(15_000), TaskStatus.STOPPING, StopCode.TaskFailedToStart, "reason"));
        assertThat(text.toString()).isEqualTo("""
                   0.01s task PENDING
                   0.02s app   waits for pause to start
                   0.30s pause RUNNING
                   0.31s pause task ports 127.0.0.1:8080->8080/tcp
                envoy | ready
                  10.50s envoy UNHEALTHY (last check output: connection refused)
                  15.00s app   STOPPED exit 143: CannotStartContainerError: dependency graph: x
                  15.00s task STOPPING TaskFailedToStart: reason
                """);
    }

    @Test
    void a_health_check_the_daemon_never_runs_is_said_among_the_timed_lines() {
        console.event(new TaskEvent.Noticed(ms(40_000), new dev.ecslocal.simulator.event.Notice.HealthChecksNotRun("envoy",
                Duration.ofSeconds(40), Duration.ofSeconds(35), List.of("app"), null, true, "0123456789abcdef")));
        assertThat(text.toString()).startsWith("  health: envoy has a healthCheck, but the daemon has run none of its checks 40s "
                + "after it started (the first result was due after 35s): Podman runs health checks only through systemd timers")
                .contains("podman healthcheck run 0123456789ab.")
                .endsWith("app waits for it HEALTHY for ever (envoy has no startTimeout; --task-start-timeout ends such a run)\n");
    }

    @Test
    void a_wait_ECS_would_never_end_is_followed_once_by_what_to_do() {
        console.event(new TaskEvent.Waiting(ms(5000), "app", "envoy HEALTHY; it is UNHEALTHY", true));
        console.event(new TaskEvent.Waiting(ms(9000), "app", "envoy HEALTHY; it is UNHEALTHY (again)", true));
        assertThat(text.toString()).containsOnlyOnce("--task-start-timeout");
        assertThat(text.toString()).contains("ECS would leave the task PENDING for ever here");
    }

    @Test
    void the_summary_has_ECS_words_a_table_the_failing_container_last_lines_and_a_hint() {
        console.log(new ContainerLog("app", ContainerLog.Stream.STDERR, "panic: no key", Instant.EPOCH));
        TaskOutcome outcome = new TaskOutcome(StopCode.EssentialContainerExited, "Essential container in task exited", "app",
                true, Duration.ofMillis(12_345), List.of(
                new TaskOutcome.ContainerOutcome("envoy", "img", true, ContainerStatus.STOPPED, 143, null, HealthStatus.HEALTHY,
                        true, 0, "id1"),
                new TaskOutcome.ContainerOutcome("app", "img", true, ContainerStatus.STOPPED, 2, null, HealthStatus.UNKNOWN,
                        false, 1, "id2")));
        List<TaskEvent> events = List.of(
                new TaskEvent.Waiting(ms(20), "app", "envoy HEALTHY; its health is not known yet", false),
                new TaskEvent.Released(ms(30), "envoy", List.of()),
                new TaskEvent.ContainerChanged(ms(400), "envoy", ContainerStatus.RUNNING, null, null, null),
                new TaskEvent.HealthChanged(ms(10_470), "envoy", HealthStatus.HEALTHY, ""),
                new TaskEvent.Released(ms(10_480), "app", List.of(new TaskEvent.Dependency("envoy", "HEALTHY"))),
                new TaskEvent.ContainerChanged(ms(10_500), "app", ContainerStatus.PULLED, null, null, null),
                new TaskEvent.ContainerChanged(ms(10_520), "app", ContainerStatus.CREATED, null, null, null),
                new TaskEvent.ContainerChanged(ms(10_600), "app", ContainerStatus.RUNNING, null, null, null),
                new TaskEvent.ContainerChanged(ms(12_300), "app", ContainerStatus.STOPPED, 2, null, null),
                new TaskEvent.StopRequested(ms(12_300), "envoy", Duration.ofSeconds(30)),
                new TaskEvent.ContainerChanged(ms(12_345), "envoy", ContainerStatus.STOPPED, 143, null, null));
        console.summary(outcome, "t1", 1, Timeline.of(events.stream().map(EventJson::of).toList()));
        assertThat(text.toString()).isEqualTo("""
                app   | panic: no key

                task t1 STOPPED after 12.35s
                  stopCode       EssentialContainerExited
                  stoppedReason  Essential container in task exited
                  stopped by     app (exit 2)

                  CONTAINER  ESSENTIAL  STATUS   EXIT  HEALTH   RESTARTS  REASON
                  envoy      yes        STOPPED  143   HEALTHY  0
                  app        yes        STOPPED  2     -        1

                  timeline, in seconds since the run started
                  CONTAINER  PULLED  CREATED  STARTED  HEALTHY  STOPPING  STOPPED  EXIT  WAITED
                  app        10.50   10.52    10.60    -        -         12.30    2     10.46s for envoy HEALTHY
                  envoy      -       -        0.40     10.47    12.30     12.35    143   -

                last lines of app:
                  panic: no key

                exit code 1
                """);
    }

    @Test
    void a_taken_host_port_gets_a_hint() {
        String reason = "CannotStartContainerError: driver failed programming external connectivity: Bind for 127.0.0.1:8080 "
                + "failed: port is already allocated";
        assertThat(Hints.forReason(reason, "p")).startsWith("Another task or program holds that host port.");
        assertThat(Hints.forReason("CannotPullContainerError: pull access denied for ecs-local/pause:latest",
                "ecs-local/pause:latest")).contains("./scripts/setup.sh builds it offline");
        assertThat(Hints.forReason("Essential container in task exited", "p")).isNull();
        assertThat(Hints.forReason("CannotPullContainerError: registry 127.0.0.1:5000 refused the pull of 127.0.0.1:5000/a:1 "
                + "(no basic auth credentials); ecs-local sent no credentials (…). Log in with `docker login 127.0.0.1:5000` "
                + "and run again.", "ecs-local/pause:latest")).as("the reason names its fix: no hint to build the image").isNull();
        assertThat(Hints.forReason("CannotPullContainerError: manifest for a:1 not found", "ecs-local/pause:latest"))
                .startsWith("The image is not on this machine");
    }

    @Test
    void a_program_missing_from_the_image_is_named_with_the_container() {
        String missing = "CannotStartContainerError: failed to create shim task: OCI runtime create failed: runc create failed: "
                + "unable to start container process: exec: \"/usr/bin/nothere\": stat /usr/bin/nothere: no such file or directory: unknown";
        assertThat(Hints.forContainer(missing, "web", "busybox:1", "p"))
                .startsWith("The image busybox:1 has no program \"/usr/bin/nothere\" to start: check web's entryPoint and command")
                .contains("--entrypoint sh busybox:1");
        String notInPath = "CannotStartContainerError: OCI runtime create failed: exec: \"gunicorn\": executable file not found in $PATH";
        assertThat(Hints.forContainer(notInPath, "api", "py:3", "p")).contains("no program \"gunicorn\"").contains("api's entryPoint");
        assertThat(Hints.forContainer("CannotStartContainerError: error mounting \"/x\": no such file or directory", "web", "b", "p"))
                .as("a missing mount source is not a missing program").isNull();
    }
}
