package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.event.Notice;
import dev.ecslocal.simulator.event.StopCode;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.ecslocal.simulator.engine.EngineHarness.HEALTH;
import static dev.ecslocal.simulator.engine.EngineHarness.container;
import static dev.ecslocal.simulator.engine.EngineHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A health check the daemon never runs (Podman without systemd): said once per container when its first result was
 * due (interval 30 s + timeout 5 s, ECS's defaults, + 5 s), never on the healthy path nor for a check that runs and
 * fails, and the wait goes on as on ECS.
 */
class HealthSilenceTest {
    private static final String ENVOY_AND_APP = task(
            container("envoy", HEALTH),
            container("app", "'dependsOn':[{'containerName':'envoy','condition':'HEALTHY'}]"));

    private static List<Notice.HealthChecksNotRun> said(EngineHarness run) {
        return run.events.stream().filter(e -> e instanceof TaskEvent.Noticed).map(e -> ((TaskEvent.Noticed) e).notice())
                .filter(n -> n instanceof Notice.HealthChecksNotRun).map(n -> (Notice.HealthChecksNotRun) n).toList();
    }

    @Test
    void on_podman_without_systemd_a_HEALTHY_dependency_whose_checks_never_run_is_said_once_and_its_dependent_waits_on() {
        EngineHarness run = new EngineHarness(ENVOY_AND_APP);
        run.runtime.asPodman();
        run.runtime.runsNoHealthChecks();
        run.start().advanceSeconds(39);
        assertThat(said(run)).as("not before the first result was due, with slack").isEmpty();

        run.advanceSeconds(1);
        assertThat(said(run)).singleElement().satisfies(notice -> {
            assertThat(notice.container()).isEqualTo("envoy");
            assertThat(notice.waited()).isEqualTo(Duration.ofSeconds(40));
            assertThat(notice.topic()).isEqualTo(Notice.Topic.HEALTH);
            assertThat(notice.text()).isEqualTo("envoy has a healthCheck, but the daemon has run none of its checks 40s after "
                    + "it started (the first result was due after 35s): Podman runs health checks only through systemd timers, "
                    + "and this Podman has no systemd (its service logs \"unable to get systemd connection to add healthchecks\"); "
                    + "run on Docker Engine or under systemd, or run one check by hand: podman healthcheck run id-envoy. Its "
                    + "health stays UNKNOWN, as ECS would keep it: app waits for it HEALTHY for ever (envoy has no startTimeout; "
                    + "--task-start-timeout ends such a run)");
        });

        run.advance(Duration.ofMinutes(30));
        assertThat(said(run)).as("once per container").hasSize(1);
        assertThat(run.startsAndStops()).as("ECS's wait is unchanged: app never starts").containsExactly("start envoy");
        assertThat(run.events).filteredOn(e -> e instanceof TaskEvent.TaskChanged).extracting(e -> ((TaskEvent.TaskChanged) e).status())
                .containsExactly(TaskStatus.PENDING);
    }

    @Test
    void the_notice_names_the_dependency_s_startTimeout_which_still_ends_the_wait_as_on_ECS() {
        EngineHarness run = new EngineHarness(task(
                container("envoy", "'healthCheck':{'command':['CMD','true'],'interval':10,'timeout':2},'startTimeout':60"),
                container("app", "'dependsOn':[{'containerName':'envoy','condition':'HEALTHY'}]")));
        run.runtime.asPodman();
        run.runtime.runsNoHealthChecks();
        run.start().advanceSeconds(17);
        assertThat(said(run)).singleElement().satisfies(notice -> assertThat(notice.text())
                .contains("none of its checks 17s after it started (the first result was due after 12s)")
                .endsWith(": app waits for it HEALTHY until envoy's startTimeout (60s) ends the wait"));
        run.advanceSeconds(60);
        assertThat(run.outcome().stopCode()).isEqualTo(StopCode.TaskFailedToStart);
        assertThat(run.outcome().container("app").orElseThrow().reason()).contains("has timed out");
    }

    @Test
    void on_docker_a_container_whose_checks_never_ran_is_said_without_blaming_podman() {
        EngineHarness run = new EngineHarness(ENVOY_AND_APP);
        run.runtime.runsNoHealthChecks();
        run.start().advanceSeconds(40);
        assertThat(said(run)).singleElement().satisfies(notice -> assertThat(notice.text())
                .contains("(the first result was due after 35s): the daemon has reported no result of any check. Its health "
                        + "stays UNKNOWN")
                .doesNotContain("Podman"));
    }

    @Test
    void nothing_is_said_on_the_healthy_path() {
        EngineHarness run = new EngineHarness(ENVOY_AND_APP);
        run.runtime.asPodman();
        run.runtime.script("envoy").healthyAfter(Duration.ofSeconds(30));
        run.start().advance(Duration.ofMinutes(5));
        assertThat(run.timeline()).contains("30s envoy health HEALTHY", "30s app RUNNING");
        assertThat(said(run)).isEmpty();
    }

    @Test
    void a_check_that_runs_and_keeps_failing_in_its_start_period_is_not_said_the_daemon_did_its_part() {
        EngineHarness run = new EngineHarness(task(
                container("envoy", "'healthCheck':{'command':['CMD','false'],'startPeriod':120}"),
                container("app", "'dependsOn':[{'containerName':'envoy','condition':'HEALTHY'}]")));
        run.start().advance(Duration.ofMinutes(5));
        assertThat(said(run)).isEmpty();
    }

    @Test
    void a_container_that_stopped_before_its_first_result_was_due_is_not_said() {
        EngineHarness run = new EngineHarness(task(
                container("envoy", HEALTH + ",'essential':false"),
                container("app", "")));
        run.runtime.runsNoHealthChecks();
        run.runtime.script("envoy").exits(1, Duration.ofSeconds(20));
        run.start().advance(Duration.ofMinutes(2));
        assertThat(said(run)).isEmpty();
    }

    @Test
    void each_silent_container_is_said_once_with_only_the_dependents_still_waiting_for_it() {
        EngineHarness run = new EngineHarness(task(
                container("envoy", HEALTH),
                container("cache", "'healthCheck':{'command':['CMD','true'],'interval':5,'timeout':2}"),
                container("worker", ""),
                container("app", "'dependsOn':[{'containerName':'envoy','condition':'HEALTHY'},"
                        + "{'containerName':'cache','condition':'HEALTHY'}]"),
                container("web", "'dependsOn':[{'containerName':'envoy','condition':'START'}]")));
        run.runtime.asPodman();
        run.runtime.runsNoHealthChecks();
        run.start().advance(Duration.ofMinutes(10));
        assertThat(said(run)).extracting(Notice.HealthChecksNotRun::container, Notice.HealthChecksNotRun::healthyDependents)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("cache", List.of("app")),
                        org.assertj.core.groups.Tuple.tuple("envoy", List.of("app")));
    }
}
