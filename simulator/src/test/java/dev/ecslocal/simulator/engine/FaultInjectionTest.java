package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.fault.Fault;
import dev.ecslocal.simulator.fault.FaultInjector;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskOutcome;
import dev.ecslocal.simulator.event.StopCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Faults injected from the outside; what follows is ECS's (ECS-SEMANTICS §3.1: an essential exit stops the task). */
class FaultInjectionTest {
    private static final String TASK = "{'family':'t','containerDefinitions':["
            + "{'name':'envoy','image':'e','memory':8,'healthCheck':{'command':['CMD','true']}},"
            + "{'name':'metrics','image':'m','memory':8,'essential':false},"
            + "{'name':'app','image':'a','memory':8,'stopTimeout':5,'dependsOn':[{'containerName':'envoy','condition':'HEALTHY'}]}]}";

    @Test
    void the_forms_parse_into_anchor_delay_signal_and_duration() {
        assertThat(Fault.parse(Fault.Kind.KILL, "envoy@healthy+2s")).isEqualTo(
                new Fault(Fault.Kind.KILL, "envoy", Fault.Anchor.HEALTHY, Duration.ofSeconds(2), "SIGKILL", null));
        assertThat(Fault.parse(Fault.Kind.KILL, "envoy@5s:term").signal()).isEqualTo("SIGTERM");
        assertThat(Fault.parse(Fault.Kind.KILL, "envoy@5s").anchor()).isEqualTo(Fault.Anchor.TASK_START);
        assertThat(Fault.parse(Fault.Kind.STOP, "app@running").delay()).isZero();
        Fault pause = Fault.parse(Fault.Kind.PAUSE, "log-router@running+1s for 500ms");
        assertThat(pause.pauseFor()).isEqualTo(Duration.ofMillis(500));
        assertThat(pause.describe()).isEqualTo("pause at RUNNING+1s for 0.500s");
        assertThat(Fault.parse(Fault.Kind.KILL, "envoy@healthy+2s").describe()).isEqualTo("kill with SIGKILL at HEALTHY+2s");
    }

    @Test
    void a_malformed_fault_names_the_option_and_the_form() {
        assertThatThrownBy(() -> Fault.parse(Fault.Kind.KILL, "envoy")).hasMessage("--kill envoy: write --kill NAME@WHEN[:SIGNAL], "
                + "WHEN being 5s (after the task started), running+2s or healthy+5s");
        assertThatThrownBy(() -> Fault.parse(Fault.Kind.STOP, "envoy@soon")).hasMessageStartingWith("--stop envoy@soon: 'soon' is not a duration");
        assertThatThrownBy(() -> Fault.parse(Fault.Kind.STOP, "envoy@5s:KILL")).hasMessageStartingWith("--stop envoy@5s:KILL: write --stop NAME@WHEN,");
    }

    @Test
    void killing_an_essential_sidecar_once_healthy_stops_the_task_as_ECS_does() {
        EngineHarness run = new EngineHarness(TASK).faults(Fault.parse(Fault.Kind.KILL, "envoy@healthy+2s"));
        run.runtime.script("envoy").healthyAfter(Duration.ofSeconds(3));
        run.start().advanceSeconds(4);
        assertThat(run.ended()).isFalse();
        run.advanceSeconds(1);

        TaskOutcome outcome = run.outcome();
        assertThat(outcome.stopCode()).isEqualTo(StopCode.EssentialContainerExited);
        assertThat(outcome.container("envoy").orElseThrow().exitCode()).isEqualTo(137);
        assertThat(run.runtime.calls()).containsSubsequence("signal envoy SIGKILL", "stop app 5s");
        assertThat(run.events).filteredOn(TaskEvent.Injected.class::isInstance).singleElement()
                .satisfies(e -> assertThat(e.t()).isEqualTo(Duration.ofSeconds(5)));
    }

    @Test
    void killing_a_non_essential_container_leaves_the_task_running() {
        EngineHarness run = new EngineHarness(TASK).faults(Fault.parse(Fault.Kind.KILL, "metrics@running+1s"));
        run.start().advanceSeconds(10);
        assertThat(run.ended()).isFalse();
        assertThat(run.runtime.calls()).contains("signal metrics SIGKILL");
        assertThat(run.timeline()).contains("1s metrics STOPPED exit=137");
        run.stop();
        assertThat(run.outcome().stopCode()).isEqualTo(StopCode.UserInitiated);
    }

    @Test
    void a_fault_whose_moment_comes_after_the_task_stopped_is_not_injected_and_said_so() {
        EngineHarness run = new EngineHarness(TASK).faults(Fault.parse(Fault.Kind.PAUSE, "app@60s"));
        run.runtime.script("envoy").healthyAfter(Duration.ofSeconds(1));
        run.runtime.script("app").exits(0, Duration.ofSeconds(2));
        run.start().advanceSeconds(70);
        assertThat(run.outcome().stopCode()).isEqualTo(StopCode.EssentialContainerExited);
        assertThat(run.runtime.calls()).noneMatch(call -> call.startsWith("pause"));
        assertThat(run.events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(TaskEvent.Progress.class,
                p -> assertThat(p.message()).startsWith("not injected (pause at 60s after the task started")));
    }

    @Test
    void failing_a_HEALTHY_dependency_before_its_dependent_starts_leaves_it_waiting_then_startTimeout_stops_it() {
        // ECS-SEMANTICS §1.3/§1.4: a HEALTHY dependency that turns UNHEALTHY never releases its dependent; with
        // startTimeout on the dependency, the dependent is stopped with the agent's dependency-timeout error.
        String task = TASK.replace("'healthCheck':{'command':['CMD','true']}}", "'healthCheck':{'command':['CMD','true']},'startTimeout':20}");
        EngineHarness run = new EngineHarness(task).faults(Fault.parse(Fault.Kind.FAIL_HEALTH, "envoy@running+1s"));
        run.runtime.script("envoy").healthyAfter(Duration.ofSeconds(5));
        run.start().advanceSeconds(3);
        assertThat(run.runtime.calls()).contains("exec envoy /bin/sh -c touch " + FaultInjector.FAIL_HEALTH_SWITCH);
        assertThat(run.runtime.specOf("envoy").healthCheck().test()).containsExactly("CMD-SHELL", "test -e "
                + FaultInjector.FAIL_HEALTH_SWITCH + " && { echo 'failing: ecs-local --fail-health'; exit 1; }; exec 'true'");
        assertThat(run.timeline()).contains("2s envoy health UNHEALTHY");
        run.advanceSeconds(10);
        assertThat(run.ended()).as("app still waits").isFalse();
        assertThat(run.runtime.calls()).doesNotContain("start app");
        run.advanceSeconds(10);
        assertThat(run.outcome().stopCode()).isEqualTo(StopCode.TaskFailedToStart);
        assertThat(run.outcome().container("app").orElseThrow().reason()).contains("has timed out");
    }

    @Test
    void a_shell_health_check_keeps_its_own_words_behind_the_switch() {
        var wrapped = FaultInjector.switchable(new dev.ecslocal.simulator.docker.ContainerSpec.HealthCheck(
                java.util.List.of("CMD-SHELL", "curl -f http://localhost/ || exit 1"), Duration.ofSeconds(5), Duration.ofSeconds(2), 3,
                Duration.ZERO));
        assertThat(wrapped.test().get(1)).endsWith("; curl -f http://localhost/ || exit 1");
        assertThat(wrapped.retries()).isEqualTo(3);
    }

    private static final String ROUTED = "{'family':'t','containerDefinitions':["
            + "{'name':'log-router','image':'fb','memory':8,'firelensConfiguration':{'type':'fluentbit'}},"
            + "{'name':'app','image':'a','memory':8,'logConfiguration':{'logDriver':'awsfirelens','options':{'Name':'stdout'}}}]}";

    private static java.util.List<String> progressOf(EngineHarness run, String container) {
        return run.events.stream().filter(TaskEvent.Progress.class::isInstance).map(TaskEvent.Progress.class::cast)
                .filter(p -> p.container().equals(container)).map(TaskEvent.Progress::message).toList();
    }

    @Test
    void a_log_router_still_paused_when_it_stops_is_said_to_have_dropped_what_it_held() {
        EngineHarness run = new EngineHarness(ROUTED).faults(Fault.parse(Fault.Kind.PAUSE, "log-router@running+1s"));
        run.runtime.script("app").exits(0, Duration.ofSeconds(3));
        run.start().advanceSeconds(60);
        assertThat(run.ended()).isTrue();
        assertThat(run.runtime.calls()).anyMatch(call -> call.startsWith("pause"));
        assertThat(progressOf(run, "log-router")).singleElement().asString()
                .startsWith("stopped while still paused: the records it held were dropped");
    }

    @Test
    void the_stand_ins_place_holder_paused_past_the_stop_held_no_records_and_nothing_is_said() {
        EngineHarness run = new EngineHarness(ROUTED, task -> new dev.ecslocal.simulator.agent.FirelensSetup.StandIn(
                new dev.ecslocal.simulator.agent.RouterFiles(java.nio.file.Path.of("/tmp/ecs-local-firelens-t1"),
                        dev.ecslocal.simulator.firelens.FirelensConfig.of(task, 1, "ecs-local",
                                new dev.ecslocal.simulator.event.RunIdentity(task.family(), 1, "t1").taskArn()).orElseThrow(),
                        null, null), "tcp://127.0.0.1:40000", null, 0))
                .faults(Fault.parse(Fault.Kind.PAUSE, "log-router@running+1s"));
        run.runtime.script("app").exits(0, Duration.ofSeconds(3));
        run.start().advanceSeconds(60);
        assertThat(run.ended()).isTrue();
        assertThat(run.runtime.calls()).anyMatch(call -> call.startsWith("pause"));
        assertThat(progressOf(run, "log-router")).noneMatch(message -> message.contains("dropped"));
    }

    @Test
    void a_log_router_thawed_before_it_stops_drops_nothing_and_nothing_is_said() {
        EngineHarness run = new EngineHarness(ROUTED).faults(Fault.parse(Fault.Kind.PAUSE, "log-router@running+1s for 1s"));
        run.runtime.script("app").exits(0, Duration.ofSeconds(3));
        run.start().advanceSeconds(60);
        assertThat(run.ended()).isTrue();
        assertThat(progressOf(run, "log-router")).noneMatch(message -> message.contains("dropped"));
    }

    @Test
    void another_container_paused_past_the_stop_is_not_a_log_router_and_holds_no_records() {
        EngineHarness run = new EngineHarness(ROUTED).faults(Fault.parse(Fault.Kind.PAUSE, "app@running+1s"),
                Fault.parse(Fault.Kind.STOP, "log-router@running+2s"));
        run.start().advanceSeconds(60);
        assertThat(run.ended()).isTrue();
        assertThat(progressOf(run, "app")).noneMatch(message -> message.contains("dropped"));
    }
}
