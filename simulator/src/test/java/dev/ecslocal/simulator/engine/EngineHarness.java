package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.fault.Fault;
import dev.ecslocal.simulator.agent.ContainerSpecs;
import dev.ecslocal.simulator.agent.TaskVolumes;
import dev.ecslocal.simulator.agent.FirelensSetup;
import dev.ecslocal.simulator.agent.TaskPlatform;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskListener;
import dev.ecslocal.simulator.event.ContainerLog;
import dev.ecslocal.simulator.event.TaskOutcome;
import dev.ecslocal.simulator.event.ContainerStatus;
import dev.ecslocal.simulator.Fixtures;
import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.launch.Clockwork;
import dev.ecslocal.simulator.launch.TaskLaunch;
import dev.ecslocal.simulator.docker.FakeContainerRuntime;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.plan.DependencyGraph;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the engine on the fake runtime and a manual clock, deterministically: the loop is a queue the
 * harness drains, runtime calls run inline (their results still arrive as loop messages), and timers
 * fire only when the test moves the clock.
 */
final class EngineHarness {
    /** A task definition of these containers, in the single quotes the harness reads as double. */
    static String task(String... containers) {
        return "{'family':'t','containerDefinitions':[" + String.join(",", containers) + "]}";
    }

    /** A container of image {@code img} with 64 MiB, and {@code extra} fields. */
    static String container(String name, String extra) {
        return "{'name':'" + name + "','image':'img','memory':64" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    /** A health check that passes. */
    static final String HEALTH = "'healthCheck':{'command':['CMD','true']}";

    final ManualScheduler scheduler = new ManualScheduler();
    final FakeContainerRuntime runtime = new FakeContainerRuntime(scheduler);
    final List<TaskEvent> events = new ArrayList<>();
    final List<ContainerLog> logs = new ArrayList<>();
    private final ArrayDeque<Runnable> loop = new ArrayDeque<>();
    private final DependencyGraph graph;
    private final List<TaskVolume> volumes;
    private final ContainerSpecs specs;
    private TaskEngine engine;
    private CompletableFuture<TaskOutcome> outcome;
    private Duration taskStartTimeout;
    private ContainerRuntime.PullPolicy pullPolicy = ContainerRuntime.PullPolicy.MISSING;
    private boolean keep;
    private List<Fault> faults = List.of();
    private UnaryOperator<ContainerRuntime> engineSees = fake -> fake;
    private TaskDefinition task;

    EngineHarness(String singleQuotedJson) {
        this(singleQuotedJson, task -> null);
    }

    /** @param firelens who does the FireLens router's work, made from the task definition */
    EngineHarness(String singleQuotedJson, java.util.function.Function<TaskDefinition, FirelensSetup> firelens) {
        this(singleQuotedJson, firelens, TaskPlatform::none);
    }

    /** @param platform the secrets, environment files, endpoints and region, made from the task definition */
    EngineHarness(String singleQuotedJson, java.util.function.Function<TaskDefinition, FirelensSetup> firelens,
                  java.util.function.Function<TaskDefinition, TaskPlatform> platform) {
        TaskDefinitionCheck.Result result = Fixtures.check(singleQuotedJson.replace('\'', '"'));
        assertThat(result.errors()).as("the fixture must be a valid task definition").isEmpty();
        task = result.taskDefinition();
        graph = DependencyGraph.of(result.taskDefinition());
        RunIdentity run = new RunIdentity(task.family(), 1, "t1");
        volumes = TaskVolumes.of(result.taskDefinition(), run);
        specs = new ContainerSpecs(result.taskDefinition(), run, volumes, new ContainerSpecs.Settings("pause", "127.0.0.1", Map.of()),
                firelens.apply(result.taskDefinition()), platform.apply(result.taskDefinition()));
    }

    EngineHarness taskStartTimeout(Duration timeout) {
        this.taskStartTimeout = timeout;
        return this;
    }

    /** Injected by a {@link FaultInjector} between the engine and the recorded events, as `run` does. */
    EngineHarness faults(Fault... faults) {
        this.faults = List.of(faults);
        return this;
    }

    /** The engine calls the fake through {@code wrap}: for what the fake's scripts cannot do (a stop that fails). */
    EngineHarness runtimeSeenByEngine(UnaryOperator<ContainerRuntime> wrap) {
        this.engineSees = wrap;
        return this;
    }

    /** Images pulled as the policy says (the fake's images are all present: only ALWAYS pulls). */
    EngineHarness pull(ContainerRuntime.PullPolicy policy) {
        this.pullPolicy = policy;
        return this;
    }

    /** The engine's latest picture of the task. */
    dev.ecslocal.simulator.event.TaskView view() {
        return engine.view();
    }

    EngineHarness keep() {
        this.keep = true;
        return this;
    }

    EngineHarness start() {
        TaskListener recording = new TaskListener() {
            @Override
            public void event(TaskEvent event) {
                events.add(event);
            }

            @Override
            public void log(ContainerLog line) {
                logs.add(line);
            }
        };
        // The one wiring of an engine, as every run makes it; the loop is a queue this harness drains.
        engine = TaskLaunch.engine(graph, volumes, engineSees.apply(runtime), specs,
                new TaskEngine.Options("t1", pullPolicy, taskStartTimeout, keep), faults, task,
                new Clockwork(loop::add, Runnable::run, scheduler, () -> { }), recording);
        outcome = engine.start();
        drain();
        return this;
    }

    EngineHarness advance(Duration duration) {
        scheduler.run(loop, duration);
        return this;
    }

    EngineHarness advanceSeconds(long seconds) {
        return advance(Duration.ofSeconds(seconds));
    }

    void stop() {
        engine.stop();
        drain();
    }

    void kill() {
        engine.kill();
        drain();
    }

    private void drain() {
        ManualScheduler.drain(loop);
    }

    TaskOutcome outcome() {
        assertThat(outcome).as("the task has ended").isDone();
        return outcome.join();
    }

    boolean ended() {
        return outcome.isDone();
    }

    /** The events as short lines: {@code 5s app RUNNING}, {@code 9s task STOPPING EssentialContainerExited}. */
    List<String> timeline() {
        List<String> lines = new ArrayList<>();
        for (TaskEvent event : events) {
            String t = event.t().toSeconds() + "s ";
            if (event instanceof TaskEvent.ContainerChanged c) {
                if (c.status() == ContainerStatus.PULLED || c.status() == ContainerStatus.CREATED) {
                    continue; // the steps before RUNNING would only lengthen every expectation
                }
                lines.add(t + c.container() + " " + c.status() + (c.exitCode() == null ? "" : " exit=" + c.exitCode())
                        + (c.reason() == null ? "" : " reason=" + c.reason()));
            } else if (event instanceof TaskEvent.TaskChanged task) {
                lines.add(t + "task " + task.status() + (task.stopCode() == null ? "" : " " + task.stopCode()));
            } else if (event instanceof TaskEvent.HealthChanged h) {
                lines.add(t + h.container() + " health " + h.health());
            } else if (event instanceof TaskEvent.Restarted r) {
                lines.add(t + r.container() + " restarted after exit=" + r.exitCode() + " (restart " + r.restartCount() + ")");
            } else if (event instanceof TaskEvent.Waiting w) {
                lines.add(t + w.container() + " waits for " + w.forWhat() + (w.stuck() ? " [stuck]" : ""));
            } else if (event instanceof TaskEvent.PortsPublished p) {
                lines.add(t + p.container() + " ports " + p.ports());
            }
        }
        return lines;
    }

    /** Only the starts and stops the runtime was asked for, in order. */
    List<String> startsAndStops() {
        return runtime.calls().stream().filter(c -> c.startsWith("start ") || c.startsWith("stop ")).toList();
    }
}
