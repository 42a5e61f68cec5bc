package dev.ecslocal.junit;

import dev.ecslocal.simulator.api.RunOptions;
import dev.ecslocal.simulator.parse.ReadOptions;
import dev.ecslocal.simulator.api.RunningTask;
import dev.ecslocal.simulator.api.TaskDefinitionReference;
import dev.ecslocal.simulator.event.TaskListener;
import dev.ecslocal.simulator.event.TaskStatus;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an ECS task definition on the local Docker daemon, with ECS's semantics, for JUnit 5 tests.
 *
 * <pre>{@code
 * class PaymentsTest {
 *     @RegisterExtension
 *     static EcsLocalExtension payments = EcsLocalExtension.task(Path.of("../payments/taskdef.json"))
 *             .withSecretsFile(Path.of("../payments/secrets.json"))
 *             .awaitingHealthy("envoy");
 *
 *     @Test
 *     void the_app_authorises_payments(RunningTask task) throws Exception {
 *         assertThat(task.awaitOutcome(Duration.ofMinutes(1)).exitCode()).isZero();
 *         assertThat(payments.task().logs("app")).contains("payments: payment 1 authorised by envoy");
 *     }
 * }
 * }</pre>
 *
 * <p>In a static field, the task starts before the class's first test (and its {@code @BeforeAll} methods) and is
 * stopped and removed after its last; in an instance field, each test gets its own. A test gets the task from
 * {@link #task()}, or as a {@link RunningTask} parameter (with one such extension in scope: with several, JUnit
 * refuses the parameter as ambiguous, and {@link #task()} names each).
 *
 * <p>A task that stops before it reaches what is awaited (RUNNING by default), or does not reach it within the start
 * timeout, is stopped and removed, and the class (or the test) fails with its stopCode and stoppedReason, the container
 * that stopped it and that container's last lines. When no Docker daemon answers, the tests are skipped, not failed,
 * with the daemon's words: a laptop without Docker can still run the rest of the build.
 *
 * <p>Each {@code with…} and {@code awaiting…} returns a changed copy; configure it where the field is declared.
 */
public final class EcsLocalExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver, ExecutionCondition {
    /** Long enough for a task whose images are here and whose health checks take a few intervals. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(2);

    private final TaskStart start;
    /** The task this extension started, and the JUnit context (a class, or one test) that owns it. */
    private final AtomicReference<Started> started = new AtomicReference<>();

    private record Started(RunningTask task, String owner) {
    }

    private EcsLocalExtension(TaskStart start) {
        this.start = start;
    }

    /**
     * The task definition in {@code file} (any form `ecs-local run` reads: RegisterTaskDefinition JSON or YAML,
     * describe-task-definition output, a CloudFormation template, terraform show -json output, a Terraform
     * container_definitions array), run with `ecs-local run`'s defaults and awaited RUNNING. A relative path is resolved
     * against the working directory: a Maven module's directory under Surefire.
     */
    public static EcsLocalExtension task(Path file) {
        return of(new TaskSource.File(file, ReadOptions.DEFAULT));
    }

    /**
     * A task definition registered in the user's AWS account, as `ecs-local run --task-definition` reads it: {@code FAMILY}
     * (its latest ACTIVE revision), {@code FAMILY:REVISION} or its ARN, read with ecs:DescribeTaskDefinition when the task
     * starts, through the run's AWS account and in its region (an ARN's own, else {@link RunOptions#withRegion}, else the
     * user's AWS settings'): the user's credentials unless {@link #withOptions} gives {@link RunOptions#withAwsAccount}.
     *
     * @throws IllegalArgumentException when {@code taskDefinition} is none of those forms (the message says why)
     */
    public static EcsLocalExtension registered(String taskDefinition) {
        return of(new TaskSource.Registered(TaskDefinitionReference.parse(taskDefinition)));
    }

    private static EcsLocalExtension of(TaskSource source) {
        return new EcsLocalExtension(new TaskStart(source, RunOptions.defaults(), new Awaited.Status(TaskStatus.RUNNING),
                DEFAULT_START_TIMEOUT, event -> { }, LocalDocker.SYSTEM));
    }

    /**
     * Reads the file with what it cannot say itself: a CloudFormation template's parameters and the resource to take,
     * a Terraform array's task level (as `ecs-local run --parameter`, `--resource`, `--cpu`, … do). Replaces any set before.
     */
    public EcsLocalExtension withReadOptions(ReadOptions read) {
        return with(new TaskStart(new TaskSource.File(file().path(), read), start.options(), start.awaited(),
                start.startTimeout(), start.listener(), start.host()));
    }

    /** A CloudFormation template's parameter value, as `ecs-local run --parameter NAME=VALUE` gives it. */
    public EcsLocalExtension withParameter(String name, String value) {
        Map<String, String> parameters = new LinkedHashMap<>(file().readOptions().parameters());
        parameters.put(name, value);
        return withReadOptions(file().readOptions().withParameters(parameters));
    }

    /** The file read options are for; a registered task definition is read as ECS has it. */
    private TaskSource.File file() {
        if (start.source() instanceof TaskSource.File file) {
            return file;
        }
        throw new IllegalStateException("ecs-local: withReadOptions and withParameter say how to read a file, and "
                + start.source() + " is read as ECS has registered it: drop them");
    }

    /** Runs it with these options (secrets, FireLens mode, faults to inject, …): they replace the defaults and any set before. */
    public EcsLocalExtension withOptions(RunOptions options) {
        return with(new TaskStart(start.source(), options, start.awaited(), start.startTimeout(), start.listener(), start.host()));
    }

    /** Local values for the task's secrets: a JSON object or NAME=value lines, as `ecs-local run --secrets` reads. */
    public EcsLocalExtension withSecretsFile(Path file) {
        return withOptions(start.options().withSecretsFile(file));
    }

    /** Hears every event, line and FireLens record of the run as it comes, on the run's threads (to print them, say). */
    public EcsLocalExtension withListener(TaskListener listener) {
        return with(new TaskStart(start.source(), start.options(), start.awaited(), start.startTimeout(), listener, start.host()));
    }

    /** The tests start once the task is at least {@code status} (RUNNING by default; STOPPED for a batch task). */
    public EcsLocalExtension awaiting(TaskStatus status) {
        return awaiting(new Awaited.Status(status));
    }

    /** The tests start once the container's healthCheck reports HEALTHY. */
    public EcsLocalExtension awaitingHealthy(String container) {
        return awaiting(new Awaited.Healthy(container));
    }

    /** The tests start as soon as the task was started: they wait for what they need themselves. */
    public EcsLocalExtension awaitingNothing() {
        return awaiting(new Awaited.Nothing());
    }

    /** How long the task may take to reach what is awaited ({@link #DEFAULT_START_TIMEOUT} by default). */
    public EcsLocalExtension startTimeout(Duration timeout) {
        return with(new TaskStart(start.source(), start.options(), start.awaited(), timeout, start.listener(), start.host()));
    }

    /** On another host than the local Docker daemon: the extension's own tests run it without Docker. */
    EcsLocalExtension onHost(TaskHost host) {
        return with(new TaskStart(start.source(), start.options(), start.awaited(), start.startTimeout(), start.listener(), host));
    }

    private EcsLocalExtension awaiting(Awaited awaited) {
        return with(new TaskStart(start.source(), start.options(), awaited, start.startTimeout(), start.listener(), start.host()));
    }

    private EcsLocalExtension with(TaskStart changed) {
        if (started.get() != null) {
            throw new IllegalStateException("configure the extension where it is declared, before its task starts: " + this);
        }
        return new EcsLocalExtension(changed);
    }

    /**
     * The running task: its status, logs, host ports, events, outcome.
     *
     * @throws IllegalStateException outside the tests it was started for
     */
    public RunningTask task() {
        Started now = started.get();
        if (now == null) {
            throw new IllegalStateException("ecs-local: " + start.source() + " is not running here: an extension in a static "
                    + "field runs its task for the tests of its class, one in an instance field for each test");
        }
        return now.task();
    }

    /** Skips the class (or the test) with the daemon's words when no Docker daemon answers. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return start.host().unavailableReason()
                .map(reason -> ConditionEvaluationResult.disabled("ecs-local: no Docker daemon answers (" + reason
                        + "); these tests need one"))
                .orElseGet(() -> ConditionEvaluationResult.enabled("ecs-local: " + start.host()));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws InterruptedException {
        startFor(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws InterruptedException {
        startFor(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopFor(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopFor(context);
    }

    /**
     * Starts the task unless it runs already: a static field's task was started for its class (and serves its
     * {@code @Nested} classes and every test); JUnit calls an instance field's extension from its tests only.
     */
    private synchronized void startFor(ExtensionContext context) throws InterruptedException {
        if (started.get() == null) {
            started.set(new Started(start.start(), context.getUniqueId()));
        }
    }

    /** Stops and removes the task when the context ending is the one it was started for. */
    private synchronized void stopFor(ExtensionContext context) {
        Started now = started.get();
        if (now != null && now.owner().equals(context.getUniqueId())) {
            started.set(null);
            now.task().close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningTask.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Started now = started.get();
        if (now == null) {
            throw new ParameterResolutionException("ecs-local: no task runs for " + parameter.getDeclaringExecutable()
                    + ": " + start.source() + " runs for tests and their @BeforeEach/@AfterEach methods (and, in a static "
                    + "field, for @BeforeAll/@AfterAll ones)");
        }
        return now.task();
    }

    /** {@code samples/payments/taskdef.json awaiting RUNNING within 120s: payments:1 task 4106… RUNNING}. */
    @Override
    public String toString() {
        Started now = started.get();
        return "EcsLocalExtension " + start + (now == null ? "" : ": " + now.task());
    }
}
