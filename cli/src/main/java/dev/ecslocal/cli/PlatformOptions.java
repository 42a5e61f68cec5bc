package dev.ecslocal.cli;

import dev.ecslocal.simulator.api.RunOptions;
import dev.ecslocal.simulator.api.AccountInput;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What `run` is told about the world around the task (ECS-SEMANTICS §8, §9): where its secrets and environment
 * files are, its region, the task role's keys. The library reads and checks them before Docker is asked anything:
 * a bad file is a usage error.
 */
final class PlatformOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--secrets", paramLabel = "FILE|aws",
            description = "Where the task's secrets, secret log options and repositoryCredentials come from. FILE: local "
                    + "values, a JSON object or NAME=value lines, keyed by a Secrets Manager ARN or secret name (a JSON object "
                    + "as value: its json keys), an SSM parameter name or ARN, or the secret's own name. aws: your account, "
                    + "with your AWS credentials (secretsmanager:GetSecretValue, ssm:GetParameters, kms:Decrypt), in each "
                    + "ARN's region. Give both (--secrets aws --secrets FILE): the file's values win per secret. A secret "
                    + "without a value fails the task before any container, as ECS does. Values are shown as ****.")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--env-file-map", paramLabel = "ARN=PATH",
            description = "A local copy of an environmentFiles S3 object: arn:aws:s3:::bucket/app.env=./app.env. Repeatable.")
    Map<String, Path> envFileMap = new LinkedHashMap<>();

    @Option(names = "--env-files", paramLabel = "DIR|aws",
            description = "Where the environmentFiles objects come from: DIR holds them as DIR/bucket/key or DIR/key; aws "
                    + "fetches them from S3 with your AWS credentials (s3:GetObject). Give both: a local copy wins "
                    + "(--env-file-map too).")
    List<String> envFiles = new ArrayList<>();

    @Option(names = "--region", paramLabel = "REGION",
            description = "The task's region, for AWS_REGION and AWS_DEFAULT_REGION (set only where nothing sets them, as "
                    + "ECS does). Default: $AWS_REGION, $AWS_DEFAULT_REGION, your AWS config's region, else us-east-1.")
    String region;

    /** Where pulls get credentials: Docker's config alone, or also ECR tokens from the account. */
    enum PullCredentials { DOCKER, AWS }

    @Option(names = "--pull-credentials", paramLabel = "SOURCE", defaultValue = "docker",
            description = "Credentials for pulls: docker (default: what Docker's config.json gives, credential helpers "
                    + "included), aws (also: for an Amazon ECR image Docker has no working login for, a token from "
                    + "ecr:GetAuthorizationToken with your AWS credentials, as ECS gets one with the execution role).")
    PullCredentials pullCredentials;

    @Option(names = "--task-role-credentials", paramLabel = "SOURCE", defaultValue = "none",
            description = "What the credentials endpoint gives a task with a taskRoleArn: env (the AWS keys in ecs-local's "
                    + "environment), profile:NAME (from your AWS credentials file), assume (the task role's own keys, as on "
                    + "ECS: ecs-local calls sts:AssumeRole on the taskRoleArn with your AWS credentials before anything "
                    + "starts, and again before the keys expire; the role's trust policy must allow you, and your policies "
                    + "the IAM action sts:AssumeRole), none (default: an error that says how; no keys are invented). "
                    + "Keys are never printed or saved.")
    String taskRoleCredentials;

    /** The word that names the user's AWS account where a file or directory could be given. */
    static final String AWS = "aws";

    /** These flags, on top of {@code run}: the library checks them against the task. */
    RunOptions apply(RunOptions run) {
        RunOptions applied = run.withSecretsFile(oneLocal("--secrets", "FILE", secrets))
                .withEnvironmentFilesDirectory(oneLocal("--env-files", "DIR", envFiles))
                .withRegion(region).withTaskRoleCredentials(taskRoleCredentials);
        if (secrets.contains(AWS)) {
            applied = applied.withFromAccount(AccountInput.SECRETS);
        }
        if (envFiles.contains(AWS)) {
            applied = applied.withFromAccount(AccountInput.ENVIRONMENT_FILES);
        }
        if (pullCredentials == PullCredentials.AWS) {
            applied = applied.withFromAccount(AccountInput.REGISTRY_TOKENS);
        }
        for (Map.Entry<String, Path> copy : envFileMap.entrySet()) {
            applied = applied.withEnvironmentFile(copy.getKey(), copy.getValue());
        }
        return applied;
    }

    /** The one local path among {@code values} (the others say aws); null when there is none. */
    private Path oneLocal(String option, String what, List<String> values) {
        List<String> local = values.stream().filter(value -> !value.equals(AWS)).toList();
        if (local.size() > 1) {
            throw new ParameterException(spec.commandLine(), option + " is given " + local.size() + " " + what + "s ("
                    + String.join(", ", local) + "): give one, and aws besides if the account should be asked too");
        }
        return local.isEmpty() ? null : Path.of(local.get(0));
    }
}
