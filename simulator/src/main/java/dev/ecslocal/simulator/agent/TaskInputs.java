package dev.ecslocal.simulator.agent;

import dev.ecslocal.simulator.engine.HostResource;
import dev.ecslocal.simulator.docker.RuntimeFailure;
import dev.ecslocal.simulator.firelens.FirelensConfig;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.Secret;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.platform.EnvironmentFile;
import dev.ecslocal.simulator.platform.EnvironmentFileSource;
import dev.ecslocal.simulator.platform.SecretStore;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The values a task's containers get from outside the task definition: its {@code secrets} and secret log options
 * from the user's local store, its {@code environmentFiles} from local copies of the S3 objects (ECS-SEMANTICS §9).
 * The agent fetches both as task resources before any container is created, and a single missing value fails the
 * task (TaskFailedToStart, ResourceInitializationError); so does this, in the agent's words, followed by which
 * container and secret it was and the local fix. Values are kept in memory only.
 */
public final class TaskInputs implements HostResource {
    /** The agent's words before a secret's failure (Fargate's and the EC2 agent's ResourceInitializationError). */
    static final String SECRETS_FAILED = "unable to pull secrets or registry auth: execution resource retrieval failed: ";

    private final TaskDefinition task;
    private final SecretStore secrets;
    private final EnvironmentFileSource files;
    private final Map<String, Map<String, String>> secretEnvironment = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> fileEnvironment = new LinkedHashMap<>();
    private final Map<String, String> routerEnvironment = new LinkedHashMap<>();

    public TaskInputs(TaskDefinition task, SecretStore secrets, EnvironmentFileSource files) {
        this.task = task;
        this.secrets = secrets;
        this.files = files;
    }

    /** For a task with no secrets and no environment files, or tests that do not look at them. */
    public static TaskInputs none(TaskDefinition task) {
        return new TaskInputs(task, SecretStore.empty(), EnvironmentFileSource.NONE);
    }

    @Override
    public void create() throws RuntimeFailure {
        Map<String, Map<String, String>> secretValues = new LinkedHashMap<>();
        Map<String, Map<String, String>> fileValues = new LinkedHashMap<>();
        Map<String, String> router = new LinkedHashMap<>();
        List<ContainerDefinition> containers = task.containerDefinitions();
        for (int index = 0; index < containers.size(); index++) {
            ContainerDefinition container = containers.get(index);
            Map<String, String> values = new LinkedHashMap<>();
            for (Secret secret : container.secrets()) {
                values.put(secret.name(), resolve(container, "secret", secret));
            }
            secretValues.put(container.name(), values);
            if (container.logConfiguration() != null) {
                for (Secret secret : container.logConfiguration().secretOptions()) {
                    String value = resolve(container, "secret log option", secret);
                    // awsfirelens: the router gets them as variables its configuration refers to (§7.2). Other drivers'
                    // options go to Docker's drivers, which ecs-local replaces: they are fetched, as ECS would, and unused.
                    if (container.usesAwsFirelens()) {
                        router.put(FirelensConfig.secretVariable(secret, index), value);
                    }
                }
            }
            fileValues.put(container.name(), readFiles(container));
        }
        synchronized (this) {
            secretEnvironment.putAll(secretValues);
            fileEnvironment.putAll(fileValues);
            routerEnvironment.putAll(router);
        }
    }

    private String resolve(ContainerDefinition container, String field, Secret secret) throws RuntimeFailure {
        try {
            return secrets.resolve(secret);
        } catch (SecretStore.Unresolved unresolved) {
            throw new RuntimeFailure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, SECRETS_FAILED + unresolved.getMessage()
                    + " (ecs-local: container " + container.name() + ", " + field + " " + secret.name() + " from "
                    + secret.valueFrom() + ": " + unresolved.fix() + ")");
        }
    }

    /** The container's files in its order, each read with ECS's rules; the first file to set a name wins (§9.2). */
    private Map<String, String> readFiles(ContainerDefinition container) throws RuntimeFailure {
        List<Map<String, String>> read = new ArrayList<>();
        for (ContainerDefinition.EnvironmentFile file : container.environmentFiles()) {
            Optional<Path> local = files.find(file.value());
            if (local.isEmpty()) {
                List<Path> tried = files.candidates(file.value());
                throw new RuntimeFailure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, "failed to download env files: "
                        + file.value() + ": NoSuchKey: The specified key does not exist. (ecs-local: container " + container.name()
                        + ", environmentFiles: " + (tried.isEmpty() ? "no local copy given; run with --env-file-map "
                        + file.value() + "=PATH or --env-files DIR" : "none of " + tried + " is a readable file") + ")");
            }
            read.add(EnvironmentFile.parse(readUtf8(container, file.value(), local.get())));
        }
        return EnvironmentFile.merge(read);
    }

    /** ECS takes UTF-8 files only (§9.2). */
    private static String readUtf8(ContainerDefinition container, String arn, Path path) throws RuntimeFailure {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path))).toString();
        } catch (CharacterCodingException notUtf8) {
            throw new RuntimeFailure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, "failed to read env file " + arn
                    + " (ecs-local: container " + container.name() + ", " + path + " is not UTF-8)");
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, "failed to download env files: " + arn
                    + " (ecs-local: container " + container.name() + ", cannot read " + path + ": " + e.getMessage() + ")");
        }
    }

    /** The container's resolved {@code secrets}; empty until {@link #create} has run. */
    public synchronized Map<String, String> secrets(String container) {
        return ordered(secretEnvironment.getOrDefault(container, Map.of()));
    }

    /** Its environment files, merged. */
    public synchronized Map<String, String> files(String container) {
        return ordered(fileEnvironment.getOrDefault(container, Map.of()));
    }

    /** What the FireLens router gets: each awsfirelens container's secret log options, named as §7.2 says. */
    public synchronized Map<String, String> router() {
        return ordered(routerEnvironment);
    }

    private static Map<String, String> ordered(Map<String, String> values) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    @Override
    public void remove(Consumer<String> progress) {
        synchronized (this) {
            secretEnvironment.clear();
            fileEnvironment.clear();
            routerEnvironment.clear();
        }
    }
}
