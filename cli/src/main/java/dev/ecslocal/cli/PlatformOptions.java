package dev.ecslocal.cli;

import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.platform.AwsProfiles;
import dev.ecslocal.simulator.platform.CredentialsSource;
import dev.ecslocal.simulator.platform.EnvironmentFileSource;
import dev.ecslocal.simulator.platform.SecretStore;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What `run` is told about the world around the task (ECS-SEMANTICS §8, §9): where its secrets and environment
 * files are, its region. Read and checked before Docker is asked anything: a bad file is a usage error.
 */
final class PlatformOptions {
    static final String DEFAULT_REGION = "us-east-1";

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

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
                    + "ECS does). Default: $AWS_REGION, $AWS_DEFAULT_REGION, your AWS config's region, else " + DEFAULT_REGION + ".")
    String region;

    @Option(names = "--task-role-credentials", paramLabel = "SOURCE", defaultValue = "none",
            description = "What the credentials endpoint gives a task with a taskRoleArn: env (the AWS keys in ecs-local's "
                    + "environment), profile:NAME (from your AWS credentials file), none (default: an error that says how; "
                    + "ecs-local assumes no role and invents no keys). Keys are read when a container asks, never printed or saved.")
    String taskRoleCredentials;

    CredentialsSource credentials(Map<String, String> environment, Path home) {
        if (taskRoleCredentials.equals("none")) {
            return new CredentialsSource.None();
        }
        if (taskRoleCredentials.equals("env")) {
            return new CredentialsSource.Environment(environment);
        }
        if (taskRoleCredentials.startsWith("profile:") && taskRoleCredentials.length() > "profile:".length()) {
            Path file = environment.containsKey("AWS_SHARED_CREDENTIALS_FILE")
                    ? Path.of(environment.get("AWS_SHARED_CREDENTIALS_FILE")) : home.resolve(".aws/credentials");
            return new CredentialsSource.Profile(taskRoleCredentials.substring("profile:".length()), () -> read(file));
        }
        throw usage("--task-role-credentials " + taskRoleCredentials + ": say env, profile:NAME or none");
    }

    /** @throws CommandLine.ParameterException naming the option and the fix */
    SecretStore secrets() {
        if (secretsFile == null) {
            return SecretStore.empty();
        }
        try {
            return SecretStore.parse(Files.readString(secretsFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw usage("--secrets " + new UnreadableFile(secretsFile, e).getMessage());
        } catch (IllegalArgumentException e) {
            throw usage("--secrets " + secretsFile + ": " + e.getMessage());
        }
    }

    /** Each --env-file-map names one of the task's environment files, and a file that can be read. */
    EnvironmentFileSource environmentFiles(TaskDefinition task) {
        Set<String> used = task.containerDefinitions().stream().flatMap(c -> c.environmentFiles().stream())
                .map(ContainerDefinition.EnvironmentFile::value).collect(Collectors.toCollection(java.util.TreeSet::new));
        envFileMap.forEach((arn, path) -> {
            if (!used.contains(arn)) {
                throw usage("--env-file-map " + arn + ": no container's environmentFiles names it"
                        + (used.isEmpty() ? "" : " (they name " + String.join(", ", used) + ")"));
            }
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw usage("--env-file-map " + arn + "=" + path + ": cannot read " + path.toAbsolutePath()
                        + (Files.exists(path) ? "" : " (no such file)"));
            }
        });
        if (envFilesDirectory != null && !Files.isDirectory(envFilesDirectory)) {
            throw usage("--env-files " + envFilesDirectory + ": not a directory");
        }
        return new EnvironmentFileSource(envFileMap, envFilesDirectory);
    }

    /** --region, else the user's AWS settings as the AWS CLI reads them, else us-east-1. */
    String region(Map<String, String> environment, Path home) {
        if (region != null) {
            return region;
        }
        for (String variable : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        String profile = environment.getOrDefault("AWS_PROFILE", "default");
        Path config = environment.containsKey("AWS_CONFIG_FILE") ? Path.of(environment.get("AWS_CONFIG_FILE"))
                : home.resolve(".aws/config");
        return read(config).flatMap(profiles -> profiles.config(profile, "region")).orElse(DEFAULT_REGION);
    }

    /** A file the user may not have, or may not let us read: then it says nothing. */
    static Optional<AwsProfiles> read(Path file) {
        try {
            return Files.isReadable(file) ? Optional.of(AwsProfiles.parse(Files.readString(file, StandardCharsets.UTF_8)))
                    : Optional.empty();
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(command.commandLine(), message);
    }
}
