package dev.ecslocal.junit;

import dev.ecslocal.simulator.api.DockerUnavailableException;
import dev.ecslocal.simulator.api.RunningTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The extension's part, without Docker: sample test classes (the static classes below, which Surefire does not run by
 * themselves) run on JUnit's engine with a fake host, and what JUnit reported is asserted: skipped and why, failed and
 * with which message, which task each test got, and that every task was closed.
 */
class EcsLocalExtensionTest {
    static final Path SLEEPER = Path.of("src/test/resources/tasks/sleeper.json");
    static final Path FAILING = Path.of("src/test/resources/tasks/failing.json");
    static final Path INVALID = Path.of("src/test/resources/tasks/invalid.json");
    static final Path TEMPLATE = Path.of("src/test/resources/tasks/greeter.yaml");

    /** What Docker's adapter says when DOCKER_HOST names a socket nobody listens on. */
    static final String DAEMONS_WORDS = "cannot reach Docker at unix:///nonexistent.sock (from DOCKER_HOST): No such file or "
            + "directory. Start Docker, or point DOCKER_HOST at a running daemon.";
    static final AtomicInteger CONNECTIONS = new AtomicInteger();
    static final LocalDocker NO_DAEMON = new LocalDocker(() -> {
        CONNECTIONS.incrementAndGet();
        throw new DockerUnavailableException(DAEMONS_WORDS, null);
    });

    static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    /** The one thing that failed (a class, or a test), as JUnit reported it. */
    static Throwable failure(EngineExecutionResults results) {
        List<Throwable> failures = results.allEvents().failed().stream()
                .map(event -> event.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                        .getThrowable().orElseThrow())
                .toList();
        assertThat(failures).as("what failed").hasSize(1);
        return failures.get(0);
    }

    /** The reasons JUnit gave for what it skipped (classes and tests). */
    static List<String> skipReasons(EngineExecutionResults results) {
        return results.allEvents().skipped().stream().map(event -> event.getPayload(String.class).orElseThrow()).toList();
    }

    static class StaticTaskWithoutDaemon {
        @RegisterExtension
        static EcsLocalExtension task = EcsLocalExtension.task(SLEEPER).onHost(NO_DAEMON);

        @Test
        void needs_the_task() {
            task.task();
        }
    }

    static class TaskPerTestWithoutDaemon {
        @RegisterExtension
        EcsLocalExtension task = EcsLocalExtension.task(SLEEPER).onHost(NO_DAEMON);

        @Test
        void needs_a_task() {
            task.task();
        }

        @Test
        void needs_another_task() {
            task.task();
        }
    }

    @Test
    void without_a_daemon_a_class_with_a_static_task_is_skipped_with_the_daemons_words() {
        EngineExecutionResults results = run(StaticTaskWithoutDaemon.class);

        assertThat(skipReasons(results)).containsExactly(
                "ecs-local: no Docker daemon answers (" + DAEMONS_WORDS + "); these tests need one");
        assertThat(results.allEvents().failed().count()).isZero();
        assertThat(results.testEvents().started().count()).isZero();
    }

    @Test
    void without_a_daemon_each_test_with_its_own_task_is_skipped() {
        EngineExecutionResults results = run(TaskPerTestWithoutDaemon.class);

        results.testEvents().assertStatistics(stats -> stats.skipped(2).started(0).failed(0));
        assertThat(skipReasons(results)).allSatisfy(reason -> assertThat(reason).startsWith("ecs-local: no Docker daemon answers ("));
    }

    @Test
    void the_daemon_is_asked_once_however_many_classes_and_tests_need_it() {
        run(StaticTaskWithoutDaemon.class);
        int first = CONNECTIONS.get();
        run(TaskPerTestWithoutDaemon.class);
        run(StaticTaskWithoutDaemon.class);

        assertThat(first).isEqualTo(1);
        assertThat(CONNECTIONS.get()).isEqualTo(1);
    }

    static class OneTaskForTheClass {
        static final FakeTaskHost HOST = new FakeTaskHost(FakeRunningTask::running);
        /** The task each method got, in the order they ran. */
        static final List<RunningTask> SEEN = Collections.synchronizedList(new ArrayList<>());
        static final List<Boolean> CLOSED_IN_AFTER_ALL = Collections.synchronizedList(new ArrayList<>());

        @RegisterExtension
        static EcsLocalExtension task = EcsLocalExtension.task(SLEEPER).onHost(HOST);

        @BeforeAll
        static void before_all(RunningTask running) {
            SEEN.add(running);
        }

        @Test
        void first(RunningTask running) {
            SEEN.add(running);
            SEEN.add(task.task());
        }

        @Test
        void second(RunningTask running) {
            SEEN.add(running);
        }

        @Nested
        class Inner {
            @Test
            void third(RunningTask running) {
                SEEN.add(running);
            }
        }

        @AfterAll
        static void after_all(RunningTask running) {
            SEEN.add(running);
            CLOSED_IN_AFTER_ALL.add(((FakeRunningTask) running).closed());
        }
    }

    @Test
    void a_static_task_starts_once_for_the_class_and_its_nested_classes_and_is_closed_after_them() {
        EngineExecutionResults results = run(OneTaskForTheClass.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(3).failed(0));
        assertThat(OneTaskForTheClass.HOST.started()).hasSize(1);
        FakeRunningTask started = OneTaskForTheClass.HOST.started().get(0);
        assertThat(OneTaskForTheClass.SEEN).hasSize(6).allSatisfy(seen -> assertThat(seen).isSameAs(started));
        assertThat(OneTaskForTheClass.CLOSED_IN_AFTER_ALL).containsExactly(false);
        assertThat(started.closed()).as("closed after the class").isTrue();
    }

    static class OneTaskPerTest {
        static final FakeTaskHost HOST = new FakeTaskHost(FakeRunningTask::running);
        static final List<RunningTask> SEEN = Collections.synchronizedList(new ArrayList<>());

        @RegisterExtension
        EcsLocalExtension task = EcsLocalExtension.task(SLEEPER).onHost(HOST);

        @BeforeEach
        void before_each(RunningTask running) {
            SEEN.add(running);
        }

        @Test
        void first() {
            SEEN.add(task.task());
        }

        @Test
        void second() {
            SEEN.add(task.task());
        }
    }

    @Test
    void an_instance_task_starts_for_each_test_and_is_closed_after_it() {
        EngineExecutionResults results = run(OneTaskPerTest.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        List<FakeRunningTask> started = OneTaskPerTest.HOST.started();
        assertThat(started).hasSize(2).allSatisfy(task -> assertThat(task.closed()).isTrue());
        assertThat(started.get(0)).isNotSameAs(started.get(1));
        assertThat(OneTaskPerTest.SEEN).containsExactly(started.get(0), started.get(0), started.get(1), started.get(1));
    }

    static class ExitsBeforeRunning {
        static final FakeTaskHost HOST = new FakeTaskHost(identity -> FakeRunningTask.exitingBeforeRunning(identity, "db", 3,
                List.of("db: reading /var/lib/db", "db: FATAL: data directory is corrupt")));

        @RegisterExtension
        static EcsLocalExtension task = EcsLocalExtension.task(SLEEPER).onHost(HOST);

        @Test
        void never_runs() {
        }
    }

    @Test
    void a_task_that_stops_before_RUNNING_fails_the_class_with_its_stop_code_the_container_and_its_last_lines() {
        EngineExecutionResults results = run(ExitsBeforeRunning.class);

        FakeRunningTask started = ExitsBeforeRunning.HOST.started().get(0);
        assertThat(failure(results)).isInstanceOf(AssertionFailedError.class).hasMessage(
                "ecs-local: task junit-sleeper:1 (" + started.identity().taskId() + ") stopped before it was RUNNING: "
                        + "EssentialContainerExited: Essential container in task exited (db exited 3)\n"
                        + "  last lines of db:\n"
                        + "    db: reading /var/lib/db\n"
                        + "    db: FATAL: data directory is corrupt");
        assertThat(results.testEvents().started().count()).isZero();
        assertThat(started.closed()).isTrue();
    }

    static class StaysPending {
        static final FakeTaskHost HOST = new FakeTaskHost(identity -> FakeRunningTask.stayingPending(identity, "app",
                "db HEALTHY; its health is not known yet", Map.of("db", List.of("db: replaying the journal", "db: 12% done"))));

        @RegisterExtension
        EcsLocalExtension task = EcsLocalExtension.task(SLEEPER).onHost(HOST).startTimeout(Duration.ofMillis(200));

        @Test
        void never_runs() {
        }
    }

    @Test
    void a_task_not_RUNNING_within_the_start_timeout_is_stopped_and_fails_with_what_it_waits_for_and_the_last_lines() {
        EngineExecutionResults results = run(StaysPending.class);

        FakeRunningTask started = StaysPending.HOST.started().get(0);
        assertThat(failure(results)).isInstanceOf(AssertionFailedError.class).hasMessage(
                "ecs-local: task junit-sleeper:1 (" + started.identity().taskId() + ") was not RUNNING after 0.2s: "
                        + "waited 0s for the task to be RUNNING; it is PENDING; app waits for db HEALTHY; its health is not "
                        + "known yet; the extension stopped it\n"
                        + "  last lines of db:\n"
                        + "    db: replaying the journal\n"
                        + "    db: 12% done");
        assertThat(started.closed()).isTrue();
    }

    static class InvalidTaskDefinition {
        static final FakeTaskHost HOST = new FakeTaskHost(FakeRunningTask::running);

        @RegisterExtension
        static EcsLocalExtension task = EcsLocalExtension.task(INVALID).onHost(HOST);

        @Test
        void never_runs() {
        }
    }

    @Test
    void an_invalid_task_definition_fails_with_every_problem_and_starts_nothing() {
        EngineExecutionResults results = run(InvalidTaskDefinition.class);

        assertThat(failure(results)).isInstanceOf(ExtensionConfigurationException.class)
                .message()
                .startsWith("ecs-local: " + INVALID + " is not a valid task definition (2 problems):")
                .contains("\"dbb\" does not match any container", "image is required")
                .endsWith("Nothing was started.");
        assertThat(InvalidTaskDefinition.HOST.started()).isEmpty();
    }

    static class TemplateWithParameter {
        static final FakeTaskHost HOST = new FakeTaskHost(FakeRunningTask::running);

        @RegisterExtension
        static EcsLocalExtension task = EcsLocalExtension.task(TEMPLATE).withParameter("Greeting", "hi").onHost(HOST);

        @Test
        void runs(RunningTask running) {
            assertThat(running.identity().taskDefinition()).isEqualTo("greeter-hi:1");
        }
    }

    static class TemplateWithoutParameter {
        static final FakeTaskHost HOST = new FakeTaskHost(FakeRunningTask::running);

        @RegisterExtension
        static EcsLocalExtension task = EcsLocalExtension.task(TEMPLATE).onHost(HOST);

        @Test
        void never_runs() {
        }
    }

    @Test
    void a_cloudformation_template_runs_with_the_parameters_the_extension_gives_it() {
        EngineExecutionResults given = run(TemplateWithParameter.class);
        given.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(TemplateWithParameter.HOST.started()).hasSize(1);

        EngineExecutionResults missing = run(TemplateWithoutParameter.class);
        assertThat(failure(missing)).isInstanceOf(ExtensionConfigurationException.class).message()
                .contains("parameter Greeting has no Default, and no value was given", "Pass --parameter Greeting=VALUE.");
        assertThat(TemplateWithoutParameter.HOST.started()).isEmpty();
    }

    static class ExitsBeforeHealthy {
        static final FakeTaskHost HOST = new FakeTaskHost(identity -> FakeRunningTask.exitingBeforeRunning(identity, "db", 3,
                List.of("db: FATAL: data directory is corrupt")));

        @RegisterExtension
        EcsLocalExtension task = EcsLocalExtension.task(FAILING).onHost(HOST).awaitingHealthy("db");

        @Test
        void never_runs() {
        }
    }

    @Test
    void a_task_that_stops_before_the_awaited_container_is_HEALTHY_fails_the_test_saying_so() {
        EngineExecutionResults results = run(ExitsBeforeHealthy.class);

        FakeRunningTask started = ExitsBeforeHealthy.HOST.started().get(0);
        assertThat(failure(results)).isInstanceOf(AssertionFailedError.class).message()
                .startsWith("ecs-local: task junit-failing:1 (" + started.identity().taskId() + ") stopped before it was db "
                        + "HEALTHY: EssentialContainerExited: ");
        assertThat(started.closed()).isTrue();
    }

    static class MissingFile {
        static final FakeTaskHost HOST = new FakeTaskHost(FakeRunningTask::running);

        @RegisterExtension
        static EcsLocalExtension task = EcsLocalExtension.task(Path.of("taskdef.json")).onHost(HOST);

        @Test
        void never_runs() {
        }
    }

    @Test
    void a_missing_task_definition_file_fails_saying_where_a_relative_path_starts_from() {
        EngineExecutionResults results = run(MissingFile.class);

        assertThat(failure(results)).isInstanceOf(ExtensionConfigurationException.class).hasMessage(
                "ecs-local: cannot read taskdef.json (no such file); a relative path starts from " + Path.of("").toAbsolutePath());
        assertThat(MissingFile.HOST.started()).isEmpty();
    }

    static class HealthOfAContainerWithoutHealthCheck {
        static final FakeTaskHost HOST = new FakeTaskHost(FakeRunningTask::running);

        @RegisterExtension
        static EcsLocalExtension task = EcsLocalExtension.task(SLEEPER).onHost(HOST).awaitingHealthy("app");

        @Test
        void never_runs() {
        }
    }

    @Test
    void awaiting_the_health_of_a_container_without_healthCheck_is_refused_before_anything_starts() {
        EngineExecutionResults results = run(HealthOfAContainerWithoutHealthCheck.class);

        assertThat(failure(results)).isInstanceOf(ExtensionConfigurationException.class).hasMessage(
                "awaitingHealthy(\"app\"): app has no healthCheck, so it never becomes HEALTHY. Give it one, or await RUNNING.");
        assertThat(HealthOfAContainerWithoutHealthCheck.HOST.started()).isEmpty();
    }

    @Test
    void the_task_outside_the_tests_it_runs_for_is_refused_with_why() {
        EcsLocalExtension extension = EcsLocalExtension.task(SLEEPER);

        assertThatThrownBy(extension::task).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("ecs-local: " + SLEEPER + " is not running here");
    }

    @Test
    void each_with_returns_a_changed_copy() {
        EcsLocalExtension running = EcsLocalExtension.task(SLEEPER);
        EcsLocalExtension healthy = running.awaitingHealthy("app").startTimeout(Duration.ofSeconds(30));

        assertThat(running).hasToString("EcsLocalExtension " + SLEEPER + " awaiting RUNNING within 120s");
        assertThat(healthy).hasToString("EcsLocalExtension " + SLEEPER + " awaiting app HEALTHY within 30s");
    }
}
