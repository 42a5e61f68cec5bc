package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.event.PublishedPort;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.ContainerLog;
import dev.ecslocal.simulator.event.TaskOutcome;
import dev.ecslocal.simulator.event.StopCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.ecslocal.simulator.engine.EngineHarness.HEALTH;
import static dev.ecslocal.simulator.engine.EngineHarness.container;
import static dev.ecslocal.simulator.engine.EngineHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine on the fake runtime and a manual clock: each test one behaviour of ECS-SEMANTICS, asserted
 * on the timeline (the events the engine emits), the runtime calls, and the outcome.
 */
class TaskEngineTest {


    // ---- dependsOn conditions (§1.1) ----------------------------------------------------------------

    @Test
    void START_waits_for_the_dependency_to_be_started() {
        EngineHarness run = new EngineHarness(task(
                container("app", "'dependsOn':[{'containerName':'db','condition':'START'}]"),
                container("db", ""))).start();
        assertThat(run.startsAndStops()).containsExactly("start db", "start app");
        assertThat(run.timeline()).containsExactly(
                "0s app waits for db to start",
                "0s task PENDING",
                "0s db RUNNING",
                "0s app RUNNING",
                "0s task RUNNING");
    }

    @Test
    void COMPLETE_is_satisfied_by_an_exit_with_any_code() {
        EngineHarness run = new EngineHarness(task(
                container("init", "'essential':false"),
                container("app", "'dependsOn':[{'containerName':'init','condition':'COMPLETE'}]")));
        run.runtime.script("init").exits(1, Duration.ofSeconds(5));
        run.start().advanceSeconds(4);
        assertThat(run.startsAndStops()).containsExactly("start init");
        run.advanceSeconds(1);
        assertThat(run.startsAndStops()).containsExactly("start init", "start app");
        assertThat(run.timeline()).contains("5s init STOPPED exit=1", "5s app RUNNING", "5s task RUNNING");
    }

    @Test
    void SUCCESS_is_satisfied_by_exit_code_0() {
        EngineHarness run = new EngineHarness(task(
                container("init", "'essential':false"),
                container("app", "'dependsOn':[{'containerName':'init','condition':'SUCCESS'}]")));
        run.runtime.script("init").exits(0, Duration.ofSeconds(3));
        run.start().advanceSeconds(10);
        assertThat(run.timeline()).contains("3s init STOPPED exit=0", "3s app RUNNING");
    }

    @Test
    void HEALTHY_waits_for_the_dependency_to_report_healthy() {
        EngineHarness run = new EngineHarness(task(
                container("envoy", HEALTH),
                container("app", "'dependsOn':[{'containerName':'envoy','condition':'HEALTHY'}]")));
        run.runtime.script("envoy").healthyAfter(Duration.ofSeconds(10));
        run.start().advanceSeconds(30);
        assertThat(run.timeline()).containsSubsequence("10s envoy health HEALTHY", "10s app RUNNING", "10s task RUNNING");
    }

    @Test
    void volumesFrom_needs_only_the_source_to_be_created() {
        // ECS-SEMANTICS §1.5: an implicit CREATE dependency; the data container need not stay running.
        EngineHarness run = new EngineHarness(task(
                container("data", "'essential':false"),
                container("app", "'volumesFrom':[{'sourceContainer':'data'}]")));
        run.runtime.script("data").failsToStart("exec: \"bogus\": executable file not found in $PATH");
        run.start();
        assertThat(run.runtime.calls()).containsSubsequence("create data", "create app", "start app");
        assertThat(run.timeline()).contains("0s data STOPPED reason=CannotStartContainerError: exec: \"bogus\": "
                + "executable file not found in $PATH", "0s app RUNNING");
    }

    // ---- "never" (§1.3) ------------------------------------------------------------------------------

    @Test
    void a_SUCCESS_dependency_exiting_1_stops_the_dependent_with_143_and_the_agent_reason() {
        EngineHarness run = new EngineHarness(task(
                container("init", "'essential':false"),
                container("app", "'dependsOn':[{'containerName':'init','condition':'SUCCESS'}]")));
        run.runtime.script("init").exits(1, Duration.ofSeconds(2));
        run.start().advanceSeconds(5);
        String reason = "CannotStartContainerError: dependency graph: failed to resolve container ordering dependency "
                + "[init] for target [app] as dependency did not exit successfully.";
        assertThat(run.timeline()).containsSubsequence("2s init STOPPED exit=1", "2s app STOPPED exit=143 reason=" + reason,
                "2s task STOPPED TaskFailedToStart");
        assertThat(run.runtime.calls()).doesNotContain("create app");
        TaskOutcome outcome = run.outcome();
        assertThat(outcome.stopCode()).isEqualTo(StopCode.TaskFailedToStart);
        assertThat(outcome.stoppedReason()).isEqualTo(reason);
        assertThat(outcome.exitCode()).isEqualTo(1);
    }

    @Test
    void a_blocked_non_essential_container_does_not_stop_the_task() {
        // ECS-SEMANTICS §1.3 point 4 and §12.4.
        EngineHarness run = new EngineHarness(task(
                container("init", "'essential':false"),
                container("sidecar", "'essential':false,'dependsOn':[{'containerName':'init','condition':'SUCCESS'}]"),
                container("app", "")));
        run.runtime.script("init").exits(1, Duration.ofSeconds(2));
        run.start().advanceSeconds(60);
        assertThat(run.timeline()).contains("2s sidecar STOPPED exit=143 reason=CannotStartContainerError: dependency graph: "
                + "failed to resolve container ordering dependency [init] for target [sidecar] as dependency did not exit successfully.",
                "2s task RUNNING");
        assertThat(run.ended()).isFalse();
    }

    @Test
    void a_dependency_that_will_never_start_is_terminal_for_its_dependents() {
        EngineHarness run = new EngineHarness(task(
                container("db", "'essential':false"),
                container("app", "'dependsOn':[{'containerName':'db','condition':'START'}]")));
        run.runtime.script("db").failsToStart("port is already allocated");
        run.start();
        assertThat(run.timeline()).contains("0s app STOPPED exit=143 reason=CannotStartContainerError: dependency graph: "
                + "failed to resolve container ordering dependency [db] for target [app] because dependency will never start");
        assertThat(run.outcome().stopCode()).isEqualTo(StopCode.TaskFailedToStart);
    }

    @Test
    void an_UNHEALTHY_dependency_without_startTimeout_keeps_the_dependent_and_the_task_pending_and_says_why() {
        // ECS-SEMANTICS §1.3: not terminal; ECS leaves the task PENDING for ever.
        EngineHarness run = new EngineHarness(task(
                container("envoy", HEALTH),
                container("app", "'dependsOn':[{'containerName':'envoy','condition':'HEALTHY'}]")));
        run.runtime.script("envoy").unhealthyAfter(Duration.ofSeconds(15), "connection refused\n");
        run.start().advance(Duration.ofHours(1));
        assertThat(run.runtime.calls()).doesNotContain("create app");
        assertThat(run.timeline()).containsSubsequence(
                "0s app waits for envoy HEALTHY; its health is not known yet",
                "15s envoy health UNHEALTHY",
                "15s app waits for envoy HEALTHY; it is UNHEALTHY (last check output: connection refused) [stuck]");
        assertThat(run.timeline()).doesNotContain("0s task RUNNING");
        assertThat(run.ended()).isFalse();
    }

    @Test
    void the_task_start_timeout_stops_a_task_ECS_would_leave_pending() {
        EngineHarness run = new EngineHarness(task(
                container("envoy", HEALTH),
                container("app", "'dependsOn':[{'containerName':'envoy','condition':'HEALTHY'}]")))
                .taskStartTimeout(Duration.ofSeconds(60));
        run.runtime.script("envoy").unhealthyAfter(Duration.ofSeconds(15), "connection refused");
        run.start().advanceSeconds(61);
        TaskOutcome outcome = run.outcome();
        assertThat(outcome.stopCode()).isEqualTo(StopCode.TaskFailedToStart);
        assertThat(outcome.stoppedReason()).isEqualTo("Task did not reach RUNNING within 60s (--task-start-timeout): "
                + "app is waiting for envoy HEALTHY; it is UNHEALTHY (last check output: connection refused)");
        assertThat(run.timeline()).containsSubsequence("60s task STOPPING TaskFailedToStart", "60s app STOPPED",
                "60s envoy STOPPED exit=143", "60s task STOPPED TaskFailedToStart");
    }

    // ---- startTimeout (§1.4) ---------------------------------------------------------------------------

    @Test
    void startTimeout_is_read_from_the_dependency_and_counts_from_its_start() {
        EngineHarness run = new EngineHarness(task(
                container("envoy", HEALTH + ",'startTimeout':30"),
                container("app", "'dependsOn':[{'containerName':'envoy','condition':'HEALTHY'}]")));
        run.runtime.script("envoy").unhealthyAfter(Duration.ofSeconds(5), "503");
        run.start().advanceSeconds(29);
        assertThat(run.ended()).isFalse();
        run.advanceSeconds(1);
        assertThat(run.timeline()).contains("30s app STOPPED exit=143 reason=CannotStartContainerError: dependency graph: "
                + "container ordering dependency [envoy] for target [app] has timed out.");
        assertThat(run.outcome().stopCode()).isEqualTo(StopCode.TaskFailedToStart);
    }

    @Test
    void startTimeout_does_not_apply_to_START() {
        EngineHarness run = new EngineHarness(task(
                container("init", "'essential':false,'startTimeout':5"),
                container("app", "'dependsOn':[{'containerName':'init','condition':'START'}]")));
        run.start().advanceSeconds(60);
        assertThat(run.timeline()).contains("0s app RUNNING");
        assertThat(run.ended()).isFalse();
    }

    @Test
    void startTimeout_on_a_SUCCESS_dependency_that_runs_too_long() {
        // The agent's own functional test: container-ordering-timedout (sleep 70, startTimeout 5).
        EngineHarness run = new EngineHarness(task(
                container("init", "'essential':false,'startTimeout':5"),
                container("app", "'dependsOn':[{'containerName':'init','condition':'SUCCESS'}]")));
        run.runtime.script("init").exits(0, Duration.ofSeconds(70));
        run.start().advanceSeconds(6);
        assertThat(run.timeline()).contains("5s app STOPPED exit=143 reason=CannotStartContainerError: dependency graph: "
                + "container ordering dependency [init] for target [app] has timed out.");
    }

    // ---- essential and stopping (§2, §3.1) -------------------------------------------------------------

    @Test
    void an_essential_container_exiting_0_stops_the_task_and_the_run_succeeds() {
        EngineHarness run = new EngineHarness(task(container("app", ""), container("sidecar", "'essential':false")));
        run.runtime.script("app").exits(0, Duration.ofSeconds(5));
        run.start().advanceSeconds(5);
        TaskOutcome outcome = run.outcome();
        assertThat(outcome.stopCode()).isEqualTo(StopCode.EssentialContainerExited);
        assertThat(outcome.stoppedReason()).isEqualTo("Essential container in task exited");
        assertThat(outcome.stoppedBy()).isEqualTo("app");
        assertThat(outcome.exitCode()).isZero();
        assertThat(run.timeline()).containsSubsequence("5s app STOPPED exit=0", "5s task STOPPING EssentialContainerExited",
                "5s sidecar STOPPED exit=143", "5s task STOPPED EssentialContainerExited");
        assertThat(run.runtime.calls()).containsSubsequence("stop sidecar 30s", "remove sidecar", "remove app");
    }

    @Test
    void containers_are_removed_newest_first_so_that_none_goes_before_one_that_joined_it() {
        // Podman refuses to remove a container whose namespace or volumes another still uses.
        EngineHarness run = new EngineHarness("{'family':'t','networkMode':'awsvpc','containerDefinitions':["
                + container("app", "'dependsOn':[{'containerName':'db','condition':'START'}]") + ","
                + container("db", "'essential':false") + "]}");
        run.runtime.script("app").exits(0, Duration.ofSeconds(5));
        run.start().advanceSeconds(5);
        assertThat(run.runtime.calls()).filteredOn(call -> call.startsWith("remove ") && !call.startsWith("remove volume"))
                .containsExactly("remove app", "remove db", "remove " + dev.ecslocal.simulator.plan.DependencyGraph.NETWORK_PAUSE);
    }

    @Test
    void an_essential_container_exiting_non_zero_makes_the_run_fail() {
        EngineHarness run = new EngineHarness(task(container("app", ""), container("worker", "")));
        run.runtime.script("worker").exits(2, Duration.ofSeconds(1));
        run.start().advanceSeconds(1);
        assertThat(run.outcome().exitCode()).isEqualTo(1);
        assertThat(run.outcome().container("app").orElseThrow().exitCode()).isEqualTo(143);
    }

    @Test
    void a_non_essential_exit_changes_nothing() {
        EngineHarness run = new EngineHarness(task(container("app", ""), container("job", "'essential':false")));
        run.runtime.script("job").exits(3, Duration.ofSeconds(1));
        run.start().advanceSeconds(60);
        assertThat(run.ended()).isFalse();
        assertThat(run.timeline()).contains("1s job STOPPED exit=3");
    }

    @Test
    void shutdown_runs_in_reverse_dependency_order_and_in_parallel_otherwise() {
        EngineHarness run = new EngineHarness(task(
                container("db", ""),
                container("cache", ""),
                container("api", "'dependsOn':[{'containerName':'db','condition':'START'}]"),
                container("web", "'dependsOn':[{'containerName':'api','condition':'START'},{'containerName':'cache','condition':'START'}]")));
        run.runtime.script("api").ignoresStopSignal();
        run.start();
        run.stop();
        // web first; then cache and api together; db only once api has gone (SIGKILL after api's 30 s).
        assertThat(run.startsAndStops()).containsExactly("start db", "start cache", "start api", "start web",
                "stop web 30s", "stop cache 30s", "stop api 30s");
        run.advanceSeconds(30);
        assertThat(run.startsAndStops()).endsWith("stop db 30s");
        assertThat(run.timeline()).contains("30s api STOPPED exit=137", "30s db STOPPED exit=143");
    }

    @Test
    void a_container_ignoring_its_stop_signal_is_killed_after_its_stopTimeout() {
        EngineHarness run = new EngineHarness(task(container("app", "'stopTimeout':10")));
        run.runtime.script("app").ignoresStopSignal();
        run.start();
        run.stop();
        run.advanceSeconds(9);
        assertThat(run.ended()).isFalse();
        run.advanceSeconds(1);
        assertThat(run.timeline()).contains("10s app STOPPED exit=137");
        assertThat(run.outcome().stopCode()).isEqualTo(StopCode.UserInitiated);
    }

    @Test
    void the_user_stopping_the_task_is_UserInitiated_and_exits_130() {
        EngineHarness run = new EngineHarness(task(container("app", "")));
        run.start().advanceSeconds(3);
        run.stop();
        TaskOutcome outcome = run.outcome();
        assertThat(outcome.stopCode()).isEqualTo(StopCode.UserInitiated);
        assertThat(outcome.stoppedReason()).isEqualTo("Task stopped by user");
        assertThat(outcome.exitCode()).isEqualTo(130);
        assertThat(run.timeline()).containsSubsequence("3s task STOPPING UserInitiated", "3s app STOPPED exit=143",
                "3s task STOPPED UserInitiated");
    }

    @Test
    void a_second_interrupt_kills_everything_at_once() {
        EngineHarness run = new EngineHarness(task(
                container("db", ""), container("app", "'dependsOn':[{'containerName':'db','condition':'START'}]")));
        run.runtime.script("app").ignoresStopSignal();
        run.start();
        run.stop();
        run.kill();
        // Every running container at once, with no grace: db does not wait for app any more.
        assertThat(run.startsAndStops()).containsExactly("start db", "start app", "stop app 30s", "stop db 0s", "stop app 0s");
        assertThat(run.outcome().container("app").orElseThrow().exitCode()).isEqualTo(137);
    }

    @Test
    void containers_that_never_started_stop_without_a_runtime_call_and_without_exit_code() {
        EngineHarness run = new EngineHarness(task(
                container("envoy", HEALTH),
                container("app", "'dependsOn':[{'containerName':'envoy','condition':'HEALTHY'}]")));
        run.start();
        run.stop();
        assertThat(run.timeline()).contains("0s app STOPPED");
        assertThat(run.runtime.calls()).doesNotContain("create app", "stop app 30s");
        assertThat(run.outcome().container("app").orElseThrow().exitCode()).isNull();
    }

    @Test
    void an_image_that_cannot_be_pulled_fails_the_task_to_start_with_the_registry_message() {
        EngineHarness run = new EngineHarness(task(container("app", "")).replace("'img'", "'nope:1'"));
        run.runtime.withoutImage("nope:1");
        run.start();
        TaskOutcome outcome = run.outcome();
        assertThat(outcome.stopCode()).isEqualTo(StopCode.TaskFailedToStart);
        assertThat(outcome.stoppedReason()).isEqualTo("CannotPullContainerError: pull access denied for nope:1, "
                + "repository does not exist or may require 'docker login'");
        assertThat(run.runtime.calls()).isEmpty();
    }

    @Test
    void health_is_reported_only_for_containers_with_a_healthCheck_in_the_task_definition() {
        // ECS-SEMANTICS §4.1: an image-only HEALTHCHECK runs in Docker, but ECS reports UNKNOWN.
        EngineHarness run = new EngineHarness(task(container("app", "")));
        run.runtime.script("app").healthyAfter(Duration.ofSeconds(1));
        run.start().advanceSeconds(5);
        assertThat(run.events).noneMatch(e -> e instanceof TaskEvent.HealthChanged);
    }

    // ---- restartPolicy (§3.2) --------------------------------------------------------------------------

    @Test
    void restartPolicy_restarts_a_container_that_ran_at_least_restartAttemptPeriod() {
        EngineHarness run = new EngineHarness(task(container("app", "'restartPolicy':{'enabled':true,'restartAttemptPeriod':60}")));
        run.runtime.script("app").exits(1, Duration.ofSeconds(90));
        run.start().advanceSeconds(200);
        assertThat(run.timeline()).contains("90s app restarted after exit=1 (restart 1)", "180s app restarted after exit=1 (restart 2)");
        assertThat(run.ended()).isFalse();
        assertThat(run.startsAndStops()).containsExactly("start app", "start app", "start app");
    }

    @Test
    void an_essential_container_crashing_within_restartAttemptPeriod_stops_the_task() {
        EngineHarness run = new EngineHarness(task(container("app", "'restartPolicy':{'enabled':true}")));
        run.runtime.script("app").exits(1, Duration.ofSeconds(299));
        run.start().advanceSeconds(299);
        assertThat(run.outcome().stopCode()).isEqualTo(StopCode.EssentialContainerExited);
        assertThat(run.outcome().container("app").orElseThrow().restartCount()).isZero();
    }

    @Test
    void ignoredExitCodes_are_not_restarted() {
        EngineHarness run = new EngineHarness(task(container("app",
                "'restartPolicy':{'enabled':true,'ignoredExitCodes':[0],'restartAttemptPeriod':60}")));
        run.runtime.script("app").exits(0, Duration.ofSeconds(100));
        run.start().advanceSeconds(100);
        assertThat(run.outcome().stopCode()).isEqualTo(StopCode.EssentialContainerExited);
        assertThat(run.outcome().exitCode()).isZero();
    }

    // ---- volumes (§6.1) ---------------------------------------------------------------------------------

    @Test
    void task_volumes_are_created_before_any_container_and_removed_after_all_of_them() {
        EngineHarness run = new EngineHarness("{'family':'t','volumes':[{'name':'data'},{'name':'cache','dockerVolumeConfiguration':"
                + "{'scope':'shared','autoprovision':true}},{'name':'logs','host':{'sourcePath':'/var/log/t'}}],"
                + "'containerDefinitions':[" + container("app", "") + "]}");
        run.runtime.script("app").exits(0, Duration.ofSeconds(1));
        run.start().advanceSeconds(1);
        // The shared volume is created (autoprovision) and kept; the bind mount needs no volume.
        assertThat(run.runtime.calls()).containsExactly("create volume ecs-local-t-1-data-t1", "create volume cache",
                "create app", "start app", "remove app", "remove volume ecs-local-t-1-data-t1");
    }

    @Test
    void a_shared_volume_that_exists_is_reused() {
        EngineHarness run = new EngineHarness("{'family':'t','volumes':[{'name':'cache','dockerVolumeConfiguration':"
                + "{'scope':'shared','autoprovision':true}}],'containerDefinitions':[" + container("app", "") + "]}");
        run.runtime.withVolume("cache");
        run.start();
        assertThat(run.runtime.calls()).containsExactly("create app", "start app");
    }

    @Test
    void a_missing_shared_volume_without_autoprovision_fails_the_task_before_any_container() {
        EngineHarness run = new EngineHarness("{'family':'t','volumes':[{'name':'cache','dockerVolumeConfiguration':"
                + "{'scope':'shared'}}],'containerDefinitions':[" + container("app", "") + "]}");
        run.start();
        TaskOutcome outcome = run.outcome();
        assertThat(outcome.stopCode()).isEqualTo(StopCode.TaskFailedToStart);
        assertThat(outcome.stoppedReason())
                .isEqualTo("ResourceInitializationError: volume 'cache' does not exist and autoprovision is set to false");
        assertThat(run.runtime.calls()).isEmpty();
    }

    // ---- awsvpc and the whole payments shape ------------------------------------------------------------

    @Test
    void the_payments_task_starts_and_stops_in_ECS_order() {
        EngineHarness run = new EngineHarness("{'family':'payments','networkMode':'awsvpc','volumes':[{'name':'shared'}],"
                + "'containerDefinitions':["
                + container("secrets-init", "'essential':false,'mountPoints':[{'sourceVolume':'shared','containerPath':'/shared'}]") + ","
                + container("envoy", HEALTH) + ","
                + container("log-router", "'firelensConfiguration':{'type':'fluentbit'}") + ","
                + container("app", "'dependsOn':[{'containerName':'secrets-init','condition':'SUCCESS'},"
                + "{'containerName':'envoy','condition':'HEALTHY'}],'logConfiguration':{'logDriver':'awsfirelens'}") + "]}");
        run.runtime.script("secrets-init").exits(0, Duration.ofSeconds(1));
        run.runtime.script("envoy").healthyAfter(Duration.ofSeconds(5));
        run.runtime.script("app").exits(0, Duration.ofSeconds(20));
        run.start().advanceSeconds(30);
        assertThat(run.startsAndStops()).containsExactly(
                "start ~internal~ecs~pause", "start secrets-init", "start envoy", "start log-router", "start app",
                "stop envoy 30s", "stop log-router 30s", "stop ~internal~ecs~pause 0s"); // the pause container: SIGKILL at once, after all the rest
        assertThat(run.timeline()).containsSubsequence(
                "1s secrets-init STOPPED exit=0", "5s envoy health HEALTHY", "5s app RUNNING", "5s task RUNNING",
                "25s app STOPPED exit=0", "25s task STOPPING EssentialContainerExited", "25s task STOPPED EssentialContainerExited");
        assertThat(run.outcome().exitCode()).isZero();
    }
    @Test
    void a_wait_that_a_startTimeout_will_end_is_not_stuck() {
        EngineHarness run = new EngineHarness(task(
                container("envoy", HEALTH + ",'startTimeout':60"),
                container("app", "'dependsOn':[{'containerName':'envoy','condition':'HEALTHY'}]")));
        run.runtime.script("envoy").unhealthyAfter(Duration.ofSeconds(15), "503");
        run.start().advanceSeconds(20);
        assertThat(run.timeline()).contains("15s app waits for envoy HEALTHY; it is UNHEALTHY (last check output: 503)");
    }

    // ---- what a run shows and leaves (issue 3: logs, ports, --keep) -------------------------------------

    @Test
    void every_start_of_a_container_has_its_lines_followed_with_the_container_name() {
        EngineHarness run = new EngineHarness(task(container("app", "'restartPolicy':{'enabled':true,'restartAttemptPeriod':60}")));
        run.runtime.script("app").logs("hello", "world").exits(1, Duration.ofSeconds(60));
        run.start().advanceSeconds(60);
        assertThat(run.logs).extracting(ContainerLog::container, ContainerLog::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("app", "hello"), org.assertj.core.groups.Tuple.tuple("app", "world"),
                        org.assertj.core.groups.Tuple.tuple("app", "hello"), org.assertj.core.groups.Tuple.tuple("app", "world"));
    }

    @Test
    void the_host_ports_a_container_got_are_told_once_it_has_started() {
        EngineHarness run = new EngineHarness("{'family':'t','containerDefinitions':["
                + container("web", "'portMappings':[{'containerPort':80}]") + "]}");
        run.runtime.script("web").publishes(new dev.ecslocal.simulator.event.PublishedPort(80, "tcp", "127.0.0.1", 49153));
        run.start();
        assertThat(run.timeline()).containsSubsequence("0s web RUNNING", "0s web ports [127.0.0.1:49153->80/tcp]");
    }

    @Test
    void keep_leaves_containers_and_volumes_for_inspection() {
        EngineHarness run = new EngineHarness("{'family':'t','volumes':[{'name':'data'}],'containerDefinitions':["
                + container("app", "") + "]}").keep();
        run.runtime.script("app").exits(0, Duration.ofSeconds(1));
        run.start().advanceSeconds(1);
        assertThat(run.outcome().exitCode()).isZero();
        assertThat(run.runtime.calls()).noneMatch(call -> call.startsWith("remove"));
        assertThat(run.events).anyMatch(e -> e instanceof TaskEvent.Progress p && p.message().contains("--keep"));
    }

    // ---- the events stream lost and back (docs/docker-notes.md: reconcile with inspect) -------------------------

    @Test
    void an_exit_missed_while_the_events_stream_was_down_is_found_by_reconciliation() {
        EngineHarness run = new EngineHarness(task(container("app", ""), container("sidecar", "'essential':false")));
        run.runtime.script("app").exits(3, Duration.ofSeconds(10));
        run.start().advanceSeconds(5);
        run.runtime.cutEvents("EOF");
        run.advanceSeconds(10);
        assertThat(run.ended()).as("nothing was told while the stream was down").isFalse();
        run.runtime.restoreEvents();
        run.advanceSeconds(0);
        TaskOutcome outcome = run.outcome();
        assertThat(outcome.stopCode()).isEqualTo(StopCode.EssentialContainerExited);
        assertThat(outcome.container("app").orElseThrow().exitCode()).isEqualTo(3);
        assertThat(run.events).anyMatch(e -> e instanceof TaskEvent.Progress p && p.message().contains("lost Docker's events stream (EOF)"));
    }

    @Test
    void health_that_changed_while_the_events_stream_was_down_releases_the_dependent() {
        EngineHarness run = new EngineHarness(task(
                container("envoy", HEALTH),
                container("app", "'dependsOn':[{'containerName':'envoy','condition':'HEALTHY'}]")));
        run.runtime.script("envoy").healthyAfter(Duration.ofSeconds(10));
        run.start();
        run.runtime.cutEvents("daemon restarting");
        run.advanceSeconds(20);
        assertThat(run.runtime.calls()).doesNotContain("start app");
        run.runtime.restoreEvents();
        run.advanceSeconds(0);
        assertThat(run.timeline()).contains("20s envoy health HEALTHY", "20s app RUNNING");
    }
}
