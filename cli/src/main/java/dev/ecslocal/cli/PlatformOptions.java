package dev.ecslocal.cli;

import dev.ecslocal.simulator.api.RunOptions;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What `run` is told about the world around the task (ECS-SEMANTICS §8, §9): where its secrets and environment
 * files are, its region, the task role's keys. The library reads and checks them before Docker is asked anything:
 * a bad file is a usage error.
 */
final class PlatformOptions {
    @Option(names = "--secrets", paramLabel = "FILE",
            description = "Local values for the task's secrets and secret log options: a JSON object or NAME=value lines, "
                    + "keyed by a Secrets Manager ARN or secret name (a JSON object as value: its json keys), an SSM "
                    + "parameter name or ARN, or the secret's own name. A secret without a value fails the task before any "
                    + "container, as ECS does. Values are shown as ****.")
    Path secretsFile;

    @Option(names = "--env-file-map", paramLabel = "ARN=PATH",
            description = "A local copy of an environmentFiles S3 object: arn:aws:s3:::bucket/app.env=./app.env. Repeatable.")
    Map<String, Path> envFileMap = new LinkedHashMap<>();

    @Option(names = "--env-files", paramLabel = "DIR",
            description = "A directory holding the environmentFiles objects as DIR/bucket/key or DIR/key.")
    Path envFilesDirectory;

    @Option(names = "--region", paramLabel = "REGION",
            description = "The task's region, for AWS_REGION and AWS_DEFAULT_REGION (set only where nothing sets them, as "
                    + "ECS does). Default: $AWS_REGION, $AWS_DEFAULT_REGION, your AWS config's region, else us-east-1.")
    String region;

    @Option(names = "--task-role-credentials", paramLabel = "SOURCE", defaultValue = "none",
            description = "What the credentials endpoint gives a task with a taskRoleArn: env (the AWS keys in ecs-local's "
                    + "environment), profile:NAME (from your AWS credentials file), none (default: an error that says how; "
                    + "ecs-local assumes no role and invents no keys). Keys are read when a container asks, never printed or saved.")
    String taskRoleCredentials;

    /** These flags, on top of {@code run}: the library checks them against the task. */
    RunOptions apply(RunOptions run) {
        RunOptions applied = run.withSecretsFile(secretsFile).withEnvironmentFilesDirectory(envFilesDirectory)
                .withRegion(region).withTaskRoleCredentials(taskRoleCredentials);
        for (Map.Entry<String, Path> copy : envFileMap.entrySet()) {
            applied = applied.withEnvironmentFile(copy.getKey(), copy.getValue());
        }
        return applied;
    }
}
