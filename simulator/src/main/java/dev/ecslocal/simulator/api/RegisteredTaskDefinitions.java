package dev.ecslocal.simulator.api;

import dev.ecslocal.simulator.aws.AwsAccount;
import dev.ecslocal.simulator.aws.AwsCallFailure;
import dev.ecslocal.simulator.launch.TaskLaunch;
import dev.ecslocal.simulator.validate.TaskDefinitionCheck;
import dev.ecslocal.simulator.validate.ValidationOptions;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The task definitions registered in the user's account, read with ecs:DescribeTaskDefinition (tags included) and
 * checked as a file is. The account is connected only when a definition is read, and closed once it is: a front end
 * can hold one of these without loading the AWS SDK.
 *
 * <pre>{@code
 * TaskDefinitionFile web = RegisteredTaskDefinitions.ofUserAccount().read(TaskDefinitionReference.parse("web:3"), null, false);
 * }</pre>
 */
public final class RegisteredTaskDefinitions {
    static final String OPERATION = "ecs:DescribeTaskDefinition";

    private final Supplier<AwsAccount> account;

    private RegisteredTaskDefinitions(Supplier<AwsAccount> account) {
        this.account = Objects.requireNonNull(account);
    }

    /** Those of the account the user's AWS settings give, as {@link AwsAccount#connect()} finds it. */
    public static RegisteredTaskDefinitions ofUserAccount() {
        return new RegisteredTaskDefinitions(AwsAccount::connect);
    }

    /** Those of the account {@code account} gives (a test's fake); each account it gives is closed after its call. */
    public static RegisteredTaskDefinitions of(Supplier<AwsAccount> account) {
        return new RegisteredTaskDefinitions(account);
    }

    /**
     * The registered definition, checked against ECS's rules; its problems are located by JSON path, in the task
     * definition's own terms ({@code containerDefinitions[1].image}).
     *
     * @param region where to look when the reference is no ARN (an ARN says its own); null: the region a run would
     *               take from the user's AWS settings
     * @throws TaskDefinitionUnavailableException when AWS does not give it, in AWS's words with the next step
     */
    public TaskDefinitionCheck.Result check(TaskDefinitionReference reference, String region, ValidationOptions options)
            throws TaskDefinitionUnavailableException {
        String where = regionOf(reference, region);
        String response;
        try (AwsAccount connected = account.get()) {
            response = connected.describeTaskDefinition(where, reference.asGiven());
        } catch (AwsCallFailure failure) {
            throw unavailable(reference, where, failure);
        }
        return new TaskDefinitionCheck().checkRegistered(response, options);
    }

    /**
     * {@link #check}, as a definition ready to run.
     *
     * @param fargate also apply the Fargate launch type's rules (on by itself with requiresCompatibilities FARGATE)
     * @throws InvalidTaskDefinitionException with every problem ECS would refuse it for, at once
     */
    public TaskDefinitionFile read(TaskDefinitionReference reference, String region, boolean fargate)
            throws TaskDefinitionUnavailableException, InvalidTaskDefinitionException {
        TaskDefinitionCheck.Result result = check(reference, region, new ValidationOptions(fargate));
        return EcsLocal.of(result, null, sourceName(reference));
    }

    /** What messages call a registered definition where they would name a file: {@code ecs:DescribeTaskDefinition web:3}. */
    public static String sourceName(TaskDefinitionReference reference) {
        return OPERATION + " " + reference;
    }

    /** The ARN's region, else the one given, else the one a run would take from the user's AWS settings. */
    public static String regionOf(TaskDefinitionReference reference, String region) {
        if (reference.region() != null) {
            return reference.region();
        }
        return region != null ? region : TaskLaunch.region(RunOptions.defaults());
    }

    /** The failure in AWS's words, with what was asked and the next step for each kind. */
    static TaskDefinitionUnavailableException unavailable(TaskDefinitionReference reference, String region, AwsCallFailure failure) {
        String asked = "--task-definition " + reference.asGiven() + ": " + OPERATION + " of " + reference + " in " + region;
        String listed = "aws ecs list-task-definitions --family-prefix " + reference.family() + " --region " + region;
        String message;
        String hint;
        switch (failure.kind()) {
            case NO_CREDENTIALS -> {
                // The adapter's message says how to sign in, as the AWS CLI does; the other way is a file.
                message = asked + " found no AWS credentials to sign with: " + failure.getMessage();
                hint = "Or give the task definition as a file, from wherever you can sign in: aws ecs describe-task-definition "
                        + "--task-definition " + reference.asGiven() + " --region " + region + " > taskdef.json";
            }
            case UNREACHABLE -> {
                message = asked + " got no answer: " + failure.getMessage();
                hint = "Check the network and the region (" + region + "); AWS_ENDPOINT_URL, if set, must be an endpoint "
                        + "that answers ECS's API.";
            }
            default -> {
                String code = failure.errorCode() == null ? "" : failure.errorCode();
                if (failure.credentialsRejected()) {
                    message = asked + " was refused: " + failure.getMessage();
                    hint = "Y" + AwsCallFailure.CREDENTIALS_FIX.substring(1) + ".";
                } else if (code.equals("AccessDeniedException") || code.equals("AccessDenied")
                        || code.equals("UnauthorizedOperation")) {
                    message = asked + " was refused: " + failure.getMessage();
                    hint = "Your AWS identity needs the IAM action " + OPERATION + " (on the task definition, or *); "
                            + "`aws sts get-caller-identity` shows which identity was used.";
                } else if (code.equals("ClientException")) {
                    // ECS's one answer for a family or revision it does not have: "Unable to describe task definition."
                    message = asked + " found no such task definition: " + failure.getMessage();
                    hint = "See what is registered there: " + listed;
                } else {
                    message = asked + " failed: " + failure.getMessage();
                    hint = "See what is registered there: " + listed;
                }
            }
        }
        return new TaskDefinitionUnavailableException(message, hint, failure);
    }
}
