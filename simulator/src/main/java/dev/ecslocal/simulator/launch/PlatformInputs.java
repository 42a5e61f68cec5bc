package dev.ecslocal.simulator.launch;

import dev.ecslocal.simulator.api.RunOptions;
import dev.ecslocal.simulator.api.RunRefusedException;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.platform.AwsProfiles;
import dev.ecslocal.simulator.platform.CredentialsSource;
import dev.ecslocal.simulator.platform.EnvironmentFileSource;
import dev.ecslocal.simulator.platform.SecretStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What a run is told about the world around the task (ECS-SEMANTICS §8, §9): where its secrets and environment
 * files are, its region, the task role's keys. Read and checked before Docker is asked anything: a bad file or an
 * ARN the task does not use is a refusal that names the option.
 */
final class PlatformInputs {
    static final String DEFAULT_REGION = "us-east-1";

    private PlatformInputs() {
    }

    /** The secrets file's values, or the options' own. */
    static SecretStore secrets(RunOptions options) throws RunRefusedException {
        Path file = options.secretsFile();
        if (file == null) {
            return options.secrets().isEmpty() ? SecretStore.empty() : SecretStore.of(options.secrets());
        }
        if (!options.secrets().isEmpty()) {
            throw new RunRefusedException("secrets are given both as a file (" + file + ") and as values: give one of them");
        }
        try {
            return SecretStore.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RunRefusedException("--secrets cannot read " + file + ": " + (e instanceof NoSuchFileException ? "no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : Files.isDirectory(file) ? "it is a directory" : e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new RunRefusedException("--secrets " + file + ": " + e.getMessage());
        }
    }

    /** Each local copy names one of the task's environment files, and a file that can be read. */
    static EnvironmentFileSource environmentFiles(TaskDefinition task, RunOptions options) throws RunRefusedException {
        Set<String> used = task.containerDefinitions().stream().flatMap(c -> c.environmentFiles().stream())
                .map(ContainerDefinition.EnvironmentFile::value).collect(Collectors.toCollection(TreeSet::new));
        for (Map.Entry<String, Path> copy : options.environmentFiles().entrySet()) {
            String arn = copy.getKey();
            Path path = copy.getValue();
            if (!used.contains(arn)) {
                throw new RunRefusedException("--env-file-map " + arn + ": no container's environmentFiles names it"
                        + (used.isEmpty() ? "" : " (they name " + String.join(", ", used) + ")"));
            }
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new RunRefusedException("--env-file-map " + arn + "=" + path + ": cannot read " + path.toAbsolutePath()
                        + (Files.exists(path) ? "" : " (no such file)"));
            }
        }
        Path directory = options.environmentFilesDirectory();
        if (directory != null && !Files.isDirectory(directory)) {
            throw new RunRefusedException("--env-files " + directory + ": not a directory");
        }
        return new EnvironmentFileSource(options.environmentFiles(), directory);
    }

    /** The options' region, else the user's AWS settings as the AWS CLI reads them, else us-east-1. */
    static String region(RunOptions options) {
        if (options.region() != null) {
            return options.region();
        }
        Map<String, String> environment = options.environment();
        for (String variable : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        String profile = environment.getOrDefault("AWS_PROFILE", "default");
        Path config = environment.containsKey("AWS_CONFIG_FILE") ? Path.of(environment.get("AWS_CONFIG_FILE"))
                : options.home().resolve(".aws/config");
        return read(config).flatMap(profiles -> profiles.config(profile, "region")).orElse(DEFAULT_REGION);
    }

    /**
     * {@code env}, {@code profile:NAME}, {@code assume} or {@code none}.
     *
     * @param assumed what serves the assumed role's keys, once the run has assumed it
     */
    static CredentialsSource credentials(RunOptions options, TaskDefinition task, RunIdentity run,
                                         Supplier<CredentialsSource.Result> assumed) throws RunRefusedException {
        String source = options.taskRoleCredentials();
        Map<String, String> environment = options.environment();
        if (source.equals("none")) {
            return new CredentialsSource.None();
        }
        if (source.equals("env")) {
            return new CredentialsSource.Environment(environment);
        }
        if (source.startsWith("profile:") && source.length() > "profile:".length()) {
            Path file = environment.containsKey("AWS_SHARED_CREDENTIALS_FILE")
                    ? Path.of(environment.get("AWS_SHARED_CREDENTIALS_FILE")) : options.home().resolve(".aws/credentials");
            return new CredentialsSource.Profile(source.substring("profile:".length()), () -> read(file));
        }
        if (source.equals("assume")) {
            if (task.taskRoleArn() == null) {
                throw new RunRefusedException("--task-role-credentials assume: the task definition has no taskRoleArn, so there "
                        + "is no role to assume: add the role's ARN as taskRoleArn, or run without the option");
            }
            return new CredentialsSource.Assumed(task.taskRoleArn(), run.roleSessionName(), assumed);
        }
        throw new RunRefusedException("--task-role-credentials " + source + ": say env, profile:NAME, assume or none");
    }

    /** A file the user may not have, or may not let us read: then it says nothing. */
    private static Optional<AwsProfiles> read(Path file) {
        try {
            return Files.isReadable(file) ? Optional.of(AwsProfiles.parse(Files.readString(file, StandardCharsets.UTF_8)))
                    : Optional.empty();
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }
}
