package dev.ecslocal.junit;

import dev.ecslocal.simulator.api.Daemon;
import dev.ecslocal.simulator.api.DockerUnavailableException;
import dev.ecslocal.simulator.api.LocalTask;
import dev.ecslocal.simulator.api.RunOptions;
import dev.ecslocal.simulator.api.RunningTask;
import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.event.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.opentest4j.AssertionFailedError;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static dev.ecslocal.junit.EcsLocalExtensionTest.FAILING;
import static dev.ecslocal.junit.EcsLocalExtensionTest.SLEEPER;
import static dev.ecslocal.junit.EcsLocalExtensionTest.failure;
import static dev.ecslocal.junit.EcsLocalExtensionTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The extension on the real daemon: sample classes (the static classes below) run on JUnit's engine, and what their
 * tests saw of the task, what JUnit reported and what is left on the daemon are asserted. Images: the samples' busybox
 * and the pause image, built by scripts/setup.sh (no registry).
 */
class ExtensionOnDockerIT {
    /**
     * No metadata endpoint: it is not what these tests are about, and on a shared daemon ECS's address and port 80
     * belong to whichever run took them first.
     */
    static final RunOptions OPTIONS = RunOptions.defaults().withoutEndpoints();

    static Daemon daemon;

    @BeforeAll
    static void the_samples_images_are_there() throws DockerUnavailableException {
        daemon = Daemon.connect();
        for (String image : List.of("ecs-local-samples/busybox:latest", RunOptions.DEFAULT_PAUSE_IMAGE)) {
            try {
                daemon.runtime().ensureImage(image, ContainerRuntime.PullPolicy.NEVER, line -> { });
            } catch (RuntimeFailure e) {
                fail(image + " is missing: run ./scripts/setup.sh first (it builds it from the local busybox)");
            }
        }
    }

    /** Every task this JVM started (ecs-local labels each container with its process), as the daemon lists them. */
    static List<LocalTask> mine() throws DockerUnavailableException {
        long pid = ProcessHandle.current().pid();
        return daemon.tasks().stream().filter(task -> task.ownerPid() != null && task.ownerPid() == pid).toList();
    }

    static Optional<LocalTask> onTheDaemon(RunningTask task) throws DockerUnavailableException {
        return daemon.tasks().stream().filter(t -> t.taskId().equals(task.identity().taskId())).findFirst();
    }

    @AfterEach
    void nothing_this_jvm_started_is_left() throws DockerUnavailableException {
        List<LocalTask> left = mine();
        // Removed before asserting, so that one failure does not leave litter for the next test; only ours, by pid.
        left.forEach(daemon::remove);
        assertThat(left).as("tasks left on the daemon").isEmpty();
    }

    /** Waits for a line the container writes soon after it starts (lines come on their own thread). */
    static boolean wrote(RunningTask task, String container, String line) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!task.logs(container).contains(line)) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    static class OneTaskForTheClass {
        /** Per test: the task's id, its status, whether app said it was ready, whether the daemon runs app. */
        static final List<String> SEEN = Collections.synchronizedList(new ArrayList<>());

        @RegisterExtension
        static EcsLocalExtension sleeper = EcsLocalExtension.task(SLEEPER).withOptions(OPTIONS);

        @Test
        void first(RunningTask task) throws Exception {
            see(task);
        }

        @Test
        void second() throws Exception {
            see(sleeper.task());
        }

        private static void see(RunningTask task) throws Exception {
            boolean appRuns = onTheDaemon(task).flatMap(t -> t.container("app")).map(LocalTask.Container::running).orElse(false);
            SEEN.add(task.identity().taskId() + " " + task.view().status() + " ready=" + wrote(task, "app", "app: ready")
                    + " running=" + appRuns);
        }
    }

    @Test
    void a_static_task_runs_for_every_test_of_the_class_and_is_gone_after_it() throws Exception {
        EngineExecutionResults results = run(OneTaskForTheClass.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(OneTaskForTheClass.SEEN).hasSize(2).containsOnly(OneTaskForTheClass.SEEN.get(0));
        assertThat(OneTaskForTheClass.SEEN.get(0)).endsWith(" " + TaskStatus.RUNNING + " ready=true running=true");
        assertThat(mine()).as("the task, after the class").isEmpty();
    }

    static class OneTaskPerTest {
        /** Per test: its task's id, and the earlier tests' tasks still on the daemon. */
        static final List<String> IDS = Collections.synchronizedList(new ArrayList<>());
        static final List<String> EARLIER_STILL_THERE = Collections.synchronizedList(new ArrayList<>());

        @RegisterExtension
        EcsLocalExtension sleeper = EcsLocalExtension.task(SLEEPER).withOptions(OPTIONS);

        @Test
        void first(RunningTask task) throws Exception {
            see(task);
        }

        @Test
        void second(RunningTask task) throws Exception {
            see(task);
        }

        private static void see(RunningTask task) throws Exception {
            for (LocalTask other : mine()) {
                if (IDS.contains(other.taskId())) {
                    EARLIER_STILL_THERE.add(other.taskId());
                }
            }
            IDS.add(task.identity().taskId());
        }
    }

    @Test
    void an_instance_task_runs_for_each_test_and_is_gone_after_it() throws Exception {
        EngineExecutionResults results = run(OneTaskPerTest.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(OneTaskPerTest.IDS).hasSize(2).doesNotHaveDuplicates();
        assertThat(OneTaskPerTest.EARLIER_STILL_THERE).as("the first test's task, during the second").isEmpty();
        assertThat(mine()).as("the tasks, after the tests").isEmpty();
    }

    static class FailsToStart {
        @RegisterExtension
        static EcsLocalExtension failing = EcsLocalExtension.task(FAILING).withOptions(OPTIONS).startTimeout(Duration.ofSeconds(60));

        @Test
        void never_runs() {
        }
    }

    @Test
    void a_task_that_stops_before_RUNNING_fails_the_class_with_its_stop_code_the_container_and_its_last_lines() throws Exception {
        EngineExecutionResults results = run(FailsToStart.class);

        assertThat(failure(results)).isInstanceOf(AssertionFailedError.class).message()
                .startsWith("ecs-local: task junit-failing:1 (")
                .contains(") stopped before it was RUNNING: EssentialContainerExited: Essential container in task exited "
                        + "(db exited 3)\n  last lines of db:\n    db: reading /var/lib/db\n    db: FATAL: data directory is corrupt");
        assertThat(results.testEvents().started().count()).isZero();
        assertThat(mine()).as("the failed task, after the class").isEmpty();
    }
}
