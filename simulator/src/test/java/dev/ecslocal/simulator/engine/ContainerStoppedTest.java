package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.docker.RuntimeEvent;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.event.StopCode;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskOutcome;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static dev.ecslocal.simulator.engine.EngineHarness.HEALTH;
import static dev.ecslocal.simulator.engine.EngineHarness.container;
import static dev.ecslocal.simulator.engine.EngineHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a container becomes STOPPED: it is said exactly once per container, with the exit code and reason
 * of that way, and the task stops as ECS's would (or not at all).
 */
class ContainerStoppedTest {


    @Test
    void a_dependency_that_can_never_resolve_stops_the_dependent_once_with_143_and_fails_the_task_to_start() {
        EngineHarness run = new EngineHarness(task(
                container("init", "'essential':false"),
                container("app", "'dependsOn':[{'containerName':'init','condition':'SUCCESS'}]")));
        run.runtime.script("init").exits(1, Duration.ofSeconds(2));
        run.start().advanceSeconds(5);
        String reason = "CannotStartContainerError: dependency graph: failed to resolve container ordering dependency "
                + "[init] for target [app] as dependency did not exit successfully.";
        assertThat(stops(run)).containsExactly("init exit=1 reason=null", "app exit=143 reason=" + reason);
        assertTaskStopped(run, StopCode.TaskFailedToStart, reason, "app");
    }

    @Test
    void a_container_the_runtime_cannot_start_stops_once_without_exit_code_and_fails_the_task_to_start() {
        EngineHarness run = new EngineHarness(task(container("app", "")));
        run.runtime.script("app").failsToStart("port is already allocated");
        run.start();
        String reason = "CannotStartContainerError: port is already allocated";
        assertThat(stops(run)).containsExactly("app exit=null reason=" + reason);
        assertTaskStopped(run, StopCode.TaskFailedToStart, reason, "app");
    }

    @Test
    void a_non_essential_container_that_cannot_be_created_stops_once_and_the_task_runs_on() {
        EngineHarness run = new EngineHarness(task(container("app", ""), container("job", "'essential':false")));
        run.runtime.script("job").failsToCreate("no space left on device");
        run.start().advanceSeconds(60);
        assertThat(stops(run)).containsExactly("job exit=null reason=CannotCreateContainerError: no space left on device");
        assertThat(run.timeline()).endsWith("0s task RUNNING");
        assertThat(run.ended()).isFalse();
    }

    @Test
    void an_essential_exit_stops_the_container_once_with_its_code_and_stops_the_task() {
        EngineHarness run = new EngineHarness(task(container("app", ""), container("sidecar", "'essential':false")));
        run.runtime.script("app").exits(3, Duration.ofSeconds(5));
        run.start().advanceSeconds(5);
        assertThat(stops(run)).containsExactly("app exit=3 reason=null", "sidecar exit=143 reason=null");
        assertTaskStopped(run, StopCode.EssentialContainerExited, StopCode.ESSENTIAL_CONTAINER_EXITED, "app");
        assertThat(run.timeline()).containsSubsequence("5s app STOPPED exit=3", "5s task STOPPING EssentialContainerExited",
                "5s sidecar STOPPED exit=143", "5s task STOPPED EssentialContainerExited");
    }

    @Test
    void an_out_of_memory_kill_is_the_container_s_reason() {
        EngineHarness run = new EngineHarness(task(container("app", "")))
                .runtimeSeenByEngine(diesOutOfMemory("app"));
        run.runtime.script("app").exits(137, Duration.ofSeconds(5));
        run.start().advanceSeconds(5);
        assertThat(stops(run)).containsExactly("app exit=137 reason=OutOfMemoryError: Container killed due to memory usage");
        assertTaskStopped(run, StopCode.EssentialContainerExited, StopCode.ESSENTIAL_CONTAINER_EXITED, "app");
    }

    @Test
    void a_restart_that_fails_stops_the_container_once_with_the_exit_it_followed_and_the_runtime_s_reason() {
        EngineHarness run = new EngineHarness(task(container("app", "'restartPolicy':{'enabled':true,'restartAttemptPeriod':60}")))
                .runtimeSeenByEngine(failing("startContainer", "app", 2,
                        new RuntimeFailure(RuntimeFailure.Kind.CANNOT_START, "cgroup is gone")));
        run.runtime.script("app").exits(1, Duration.ofSeconds(90));
        run.start().advanceSeconds(90);
        assertThat(stops(run)).containsExactly("app exit=1 reason=CannotStartContainerError: cgroup is gone");
        assertThat(run.timeline()).containsSubsequence("90s app restarted after exit=1 (restart 1)",
                "90s app STOPPED exit=1 reason=CannotStartContainerError: cgroup is gone", "90s task STOPPED EssentialContainerExited");
        assertTaskStopped(run, StopCode.EssentialContainerExited, StopCode.ESSENTIAL_CONTAINER_EXITED, "app");
    }

    @Test
    void a_container_that_never_started_stops_once_without_a_runtime_call_when_the_task_stops() {
        EngineHarness run = new EngineHarness(task(
                container("envoy", HEALTH),
                container("app", "'dependsOn':[{'containerName':'envoy','condition':'HEALTHY'}]")));
        run.start();
        run.stop();
        assertThat(stops(run)).containsExactly("app exit=null reason=null", "envoy exit=143 reason=null");
        assertThat(run.startsAndStops()).containsExactly("start envoy", "stop envoy 30s");
        assertTaskStopped(run, StopCode.UserInitiated, StopCode.STOPPED_BY_USER, null);
    }

    @Test
    void a_container_the_runtime_cannot_stop_is_STOPPED_anyway_once_with_the_runtime_s_reason() {
        EngineHarness run = new EngineHarness(task(container("app", "")))
                .runtimeSeenByEngine(failing("stopContainer", "app", 1,
                        new RuntimeFailure(RuntimeFailure.Kind.CANNOT_STOP, "container is paused")));
        run.start().advanceSeconds(3);
        run.stop();
        assertThat(stops(run)).containsExactly("app exit=null reason=CannotStopContainerError: container is paused");
        assertTaskStopped(run, StopCode.UserInitiated, StopCode.STOPPED_BY_USER, null);
        assertThat(run.runtime.calls()).endsWith("remove app");
    }

    @Test
    void a_kill_the_runtime_cannot_carry_out_stops_the_container_once_with_the_runtime_s_reason() {
        EngineHarness run = new EngineHarness(task(container("app", "")))
                .runtimeSeenByEngine(failing("stopContainer", "app", 1,
                        new RuntimeFailure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, "connection refused")));
        run.start();
        run.kill();
        assertThat(stops(run)).containsExactly("app exit=null reason=DockerUnreachableError: connection refused");
        assertTaskStopped(run, StopCode.UserInitiated, StopCode.STOPPED_BY_USER, null);
    }

    @Test
    void every_container_signalled_from_outside_at_once_is_the_daemon_stopping_them_and_no_exit_of_the_task_s_own() {
        EngineHarness run = new EngineHarness(task(container("app", ""), container("side", "'essential':false")));
        run.start().advanceSeconds(5);
        run.runtime.signalledElsewhere("SIGTERM", 0, "app", "side");
        run.advanceSeconds(1);
        TaskOutcome outcome = run.outcome();
        assertThat(run.events).filteredOn(e -> e instanceof TaskEvent.Progress)
                .extracting(e -> ((TaskEvent.Progress) e).container() + " " + ((TaskEvent.Progress) e).message())
                .contains("app SIGTERM from outside this run", "side SIGTERM from outside this run");
        assertThat(outcome.stoppedBy()).isEqualTo("app");
        assertThat(outcome.elsewhere()).isEqualTo(new TaskOutcome.Elsewhere("SIGTERM", Duration.ofSeconds(5), true));
        assertThat(outcome.elsewhere().describe("app")).startsWith("Docker: every container of the task was sent SIGTERM at once");
        assertThat(outcome.exitCode()).as("the task did not end by itself, though app exited 0").isEqualTo(1);
    }

    @Test
    void one_container_signalled_from_outside_is_named_and_the_task_ends_as_its_exit_says() {
        EngineHarness run = new EngineHarness(task(container("app", ""), container("side", "'essential':false")));
        run.start().advanceSeconds(5);
        run.runtime.signalledElsewhere("SIGKILL", 137, "app");
        run.advanceSeconds(1);
        TaskOutcome outcome = run.outcome();
        assertThat(outcome.elsewhere()).isEqualTo(new TaskOutcome.Elsewhere("SIGKILL", Duration.ofSeconds(5), false));
        assertThat(outcome.elsewhere().describe("app (exit 137)"))
                .isEqualTo("app (exit 137), sent SIGKILL from outside this run (docker stop or kill, ecs-local kill)");
        assertThat(outcome.exitCode()).isEqualTo(1);
    }

    @Test
    void a_signal_from_outside_long_before_the_exit_did_not_stop_the_task() {
        EngineHarness run = new EngineHarness(task(container("app", ""), container("side", "'essential':false")));
        run.runtime.script("app").exits(0, Duration.ofSeconds(120));
        run.start().advanceSeconds(5);
        run.runtime.signalledElsewhereAndRunsOn("SIGHUP", "app");
        run.runtime.signalledElsewhereAndRunsOn("SIGHUP", "side");
        run.advanceSeconds(120);
        TaskOutcome outcome = run.outcome();
        assertThat(outcome.stoppedBy()).isEqualTo("app");
        assertThat(outcome.elsewhere()).as("a reload two minutes before app ended by itself").isNull();
        assertThat(outcome.exitCode()).isZero();
    }

    @Test
    void a_docker_that_answers_again_within_the_wait_removes_the_containers_after_all() {
        AtomicInteger removals = new AtomicInteger();
        EngineHarness run = new EngineHarness(task(container("app", "")))
                .runtimeSeenByEngine(fake -> intercepted(fake, (name, args) -> {
                    if (name.equals("removeContainer") && removals.incrementAndGet() <= 2) {
                        throw new RuntimeFailure(RuntimeFailure.Kind.DAEMON_UNREACHABLE, "no answer from Docker at unix:///x.sock: "
                                + "No such file or directory");
                    }
                }));
        run.runtime.script("app").exits(0, Duration.ofSeconds(5));
        run.start().advanceSeconds(6);
        assertThat(progress(run)).contains("Docker does not answer (no answer from Docker at unix:///x.sock: No such file or "
                + "directory); waiting up to 15 s for it to come back to remove the task's containers")
                .noneMatch(message -> message.contains("left behind"));
        assertThat(run.runtime.containerNames()).isEmpty();
    }

    @Test
    void what_the_end_of_a_run_cannot_remove_is_named_with_the_command_that_removes_it_later() {
        EngineHarness run = new EngineHarness(task(container("app", ""), container("side", "'essential':false")))
                .runtimeSeenByEngine(failing("removeContainer", "app", 1,
                        new RuntimeFailure(RuntimeFailure.Kind.CANNOT_STOP, "removal of container app is already in progress")));
        run.runtime.script("app").exits(0, Duration.ofSeconds(5));
        run.start().advanceSeconds(6);
        assertThat(progress(run)).contains("could not remove container app (id-app): removal of container app is already in progress",
                "left behind: container app (id-app). `ecs-local down t1` removes them");
    }

    private static List<String> progress(EngineHarness run) {
        return run.events.stream().filter(e -> e instanceof TaskEvent.Progress).map(e -> ((TaskEvent.Progress) e).message()).toList();
    }

    /** Every STOPPED the engine said, in order, as {@code app exit=1 reason=…}. */
    private static List<String> stops(EngineHarness run) {
        return run.events.stream()
                .filter(e -> e instanceof TaskEvent.ContainerChanged c && c.status() == ContainerStatus.STOPPED)
                .map(e -> (TaskEvent.ContainerChanged) e)
                .map(c -> c.container() + " exit=" + c.exitCode() + " reason=" + c.reason())
                .toList();
    }

    private static void assertTaskStopped(EngineHarness run, StopCode code, String reason, String by) {
        TaskOutcome outcome = run.outcome();
        assertThat(outcome.stopCode()).isEqualTo(code);
        assertThat(outcome.stoppedReason()).isEqualTo(reason);
        assertThat(outcome.stoppedBy()).isEqualTo(by);
    }

    @Test
    @SuppressWarnings("unchecked")
    void an_exit_told_before_a_failed_start_call_returns_is_the_one_STOPPED_with_its_exit_code() {
        java.util.concurrent.atomic.AtomicReference<Consumer<RuntimeEvent>> events = new java.util.concurrent.atomic.AtomicReference<>();
        EngineHarness run = new EngineHarness(task(container("app", ""))).runtimeSeenByEngine(fake -> intercepted(fake, (name, args) -> {
            if (name.equals("subscribe")) {
                events.set((Consumer<RuntimeEvent>) args[3]);
            }
            if (name.equals("startContainer") && args[0].equals("id-app")) {
                // Docker's die overtakes the answer to the start call that failed.
                events.get().accept(new RuntimeEvent.Died("id-app", 127, false, java.time.Instant.EPOCH));
                throw new RuntimeFailure(RuntimeFailure.Kind.CANNOT_START, "exec: \"serve\": executable file not found");
            }
        }));
        run.start();
        assertThat(stops(run)).containsExactly("app exit=127 reason=null");
        assertTaskStopped(run, StopCode.EssentialContainerExited, StopCode.ESSENTIAL_CONTAINER_EXITED, "app");
    }

    // ---- failures the fake's scripts cannot express ---------------------------------------------------------

    /** {@code method} fails for {@code container} from its {@code fromCall}-th call on (the first is 1). */
    private static UnaryOperator<ContainerRuntime> failing(String method, String container, int fromCall, RuntimeFailure failure) {
        AtomicInteger calls = new AtomicInteger();
        return fake -> intercepted(fake, (name, args) -> {
            // The fake names its containers' ids after them.
            if (name.equals(method) && args[0].equals("id-" + container) && calls.incrementAndGet() >= fromCall) {
                throw failure;
            }
        });
    }

    /** The container's exit is told as an out-of-memory kill, as Docker's die event after an oom one. */
    @SuppressWarnings("unchecked")
    private static UnaryOperator<ContainerRuntime> diesOutOfMemory(String container) {
        return fake -> intercepted(fake, (name, args) -> {
            if (name.equals("subscribe")) {
                Consumer<RuntimeEvent> listener = (Consumer<RuntimeEvent>) args[3];
                args[3] = (Consumer<RuntimeEvent>) event -> listener.accept(
                        event instanceof RuntimeEvent.Died died && died.containerId().equals("id-" + container)
                                ? new RuntimeEvent.Died(died.containerId(), died.exitCode(), true, died.at()) : event);
            }
        });
    }

    private interface Interception {
        /** Sees a call before the fake does: may fail it, or change its arguments. */
        void before(String method, Object[] args) throws RuntimeFailure;
    }

    private static ContainerRuntime intercepted(ContainerRuntime fake, Interception interception) {
        return (ContainerRuntime) Proxy.newProxyInstance(ContainerRuntime.class.getClassLoader(),
                new Class<?>[] {ContainerRuntime.class}, (proxy, method, args) -> {
                    interception.before(method.getName(), args == null ? new Object[0] : args);
                    try {
                        return method.invoke(fake, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
