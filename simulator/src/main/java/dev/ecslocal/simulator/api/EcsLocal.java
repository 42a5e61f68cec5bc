package dev.ecslocal.simulator.api;

import dev.ecslocal.simulator.docker.ContainerRuntime;
import dev.ecslocal.simulator.event.TaskListener;
import dev.ecslocal.simulator.launch.TaskLaunch;
import dev.ecslocal.simulator.parse.ReadOptions;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import dev.ecslocal.simulator.validate.ValidationOptions;

import java.io.IOException;
import java.nio.file.Path;

/**
 * ecs-local as a library: read a task definition, prepare a run of it, start it on a Docker daemon, and get a
 * {@link RunningTask} back. The CLI, the JUnit extension, the integration tests and the benchmarks all start here.
 *
 * <pre>{@code
 * TaskDefinitionFile payments = EcsLocal.read(Path.of("samples/payments/taskdef.json"));
 * try (RunningTask task = EcsLocal.prepare(payments, RunOptions.defaults().withSecretsFile(secrets))
 *         .start(Daemon.connect(), event -> System.out.println(event))) {
 *     task.awaitStatus(TaskStatus.RUNNING, Duration.ofMinutes(1));
 *     int port = task.hostPort("app", 8080);
 *     ...
 * }
 * }</pre>
 */
public final class EcsLocal {
    private EcsLocal() {
    }

    /**
     * Reads and checks a task definition file as people keep it (RegisterTaskDefinition JSON or YAML,
     * describe-task-definition output, a Terraform container_definitions array or terraform show -json output, a
     * CloudFormation template in JSON or YAML, CDK's and Copilot's included).
     *
     * @throws InvalidTaskDefinitionException with every problem ECS would refuse it for, at once
     */
    public static TaskDefinitionFile read(Path file) throws IOException, InvalidTaskDefinitionException {
        return read(file, ReadOptions.DEFAULT, false);
    }

    /**
     * @param family  the family to use (a Terraform array has none: its file name is used); null: the file's
     * @param fargate also apply the Fargate launch type's rules (on by itself with requiresCompatibilities FARGATE)
     */
    public static TaskDefinitionFile read(Path file, String family, boolean fargate) throws IOException, InvalidTaskDefinitionException {
        return read(file, ReadOptions.family(family), fargate);
    }

    /**
     * A file with what a user says beyond its content: for a CloudFormation template or terraform show output the
     * resource and the parameters, for a Terraform array the task level its .tf sets.
     */
    public static TaskDefinitionFile read(Path file, ReadOptions read, boolean fargate) throws IOException, InvalidTaskDefinitionException {
        return of(new TaskDefinitionCheck().check(file, read, new ValidationOptions(fargate)), file);
    }

    /** A task definition given as JSON text, named {@code name} in messages. */
    public static TaskDefinitionFile parse(String json, String name) throws InvalidTaskDefinitionException {
        return of(new TaskDefinitionCheck().check(json, Path.of(name), null, ValidationOptions.DEFAULT), null);
    }

    /**
     * A task definition registered in the user's account, read with ecs:DescribeTaskDefinition (tags included) with the
     * user's AWS credentials, and checked as a file is.
     *
     * @param taskDefinition {@code FAMILY} (its latest ACTIVE revision), {@code FAMILY:REVISION} or its ARN
     * @param region         where to look unless an ARN says; null: AWS_REGION, AWS_DEFAULT_REGION, the AWS config's, else us-east-1
     * @param account        where the call goes: {@code AwsAccount::connect} for the user's own account; closed after the call
     * @throws IllegalArgumentException           when {@code taskDefinition} is none of those forms (the message says why)
     * @throws TaskDefinitionUnavailableException when AWS does not give it, in AWS's words
     * @throws InvalidTaskDefinitionException     with every problem ECS would refuse it for, located by JSON path
     */
    public static TaskDefinitionFile describe(String taskDefinition, String region, java.util.function.Supplier<dev.ecslocal.simulator.aws.AwsAccount> account)
            throws TaskDefinitionUnavailableException, InvalidTaskDefinitionException {
        return RegisteredTaskDefinitions.of(account).read(TaskDefinitionReference.parse(taskDefinition), region, false);
    }

    /** A task definition already checked (by `validate`, or a front end that shows its problems itself). */
    public static TaskDefinitionFile of(TaskDefinitionCheck.Result result, Path file) throws InvalidTaskDefinitionException {
        return of(result, file, file == null ? "the task definition" : file.toString());
    }

    /** @param source what messages call it where it is no file ({@code ecs:DescribeTaskDefinition web:3}) */
    public static TaskDefinitionFile of(TaskDefinitionCheck.Result result, Path file, String source) throws InvalidTaskDefinitionException {
        if (!result.isValid()) {
            throw new InvalidTaskDefinitionException(source, result);
        }
        return new TaskDefinitionFile(result.taskDefinition(), result.source().revision(), file, result.warnings(),
                result.source().registeredArn());
    }

    /**
     * The region a run takes, whose ARNs are in it: {@code given}, else AWS_REGION, AWS_DEFAULT_REGION, the AWS config's,
     * else us-east-1.
     */
    public static String region(String given) {
        return TaskLaunch.region(RunOptions.defaults().withRegion(given));
    }

    /** The region a run of a registered task definition takes: {@code given}, else its ARN's, else as {@link #region(String)}. */
    public static String region(String given, String registeredArn) {
        return TaskLaunch.region(RunOptions.defaults().withRegion(given), registeredArn);
    }

    /**
     * Checks the options against the task, before Docker is asked anything.
     *
     * @throws RunRefusedException naming the option that cannot work, and why
     */
    public static PreparedRun prepare(TaskDefinitionFile task, RunOptions options) throws RunRefusedException {
        return TaskLaunch.prepare(task, options);
    }

    /** {@link #prepare} and {@link PreparedRun#start} at once. */
    public static RunningTask start(TaskDefinitionFile task, RunOptions options, ContainerRuntime runtime, TaskListener listener)
            throws RunRefusedException, DockerUnavailableException {
        return prepare(task, options).start(runtime, listener);
    }
}
