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
import dev.ecslocal.simulator.platform.SecretMask;
import dev.ecslocal.simulator.platform.SecretReference;
import dev.ecslocal.simulator.platform.TaskSecrets;
import dev.ecslocal.simulator.platform.UnresolvedSecret;
import dev.ecslocal.simulator.aws.AccountObjects;
import dev.ecslocal.simulator.aws.AwsCallFailure;
import dev.ecslocal.simulator.docker.PullAuth;

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
 * from the user's local store or account, its {@code environmentFiles} from local copies of the S3 objects or the
 * account, its {@code repositoryCredentials} (docs/ecs-semantics.md §9, §3.1).
 * The agent fetches both as task resources before any container is created, and a single missing value fails the
 * task (TaskFailedToStart, ResourceInitializationError); so does this, in the agent's words, followed by which
 * container and secret it was and the local fix. Values are kept in memory only.
 */
public final class TaskInputs implements HostResource {
    /** The agent's words before a secret's failure (Fargate's and the EC2 agent's ResourceInitializationError). */
    static final String SECRETS_FAILED = "unable to pull secrets or registry auth: execution resource retrieval failed: ";

    private final TaskDefinition task;
    private final TaskSecrets secrets;
    private final EnvironmentFileSource files;
    /** null: the run may not fetch environment files from the account */
    private final AccountObjects objects;
    private final SecretMask mask;
    private final Map<String, PullAuth> registryAuth = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> secretEnvironment = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> fileEnvironment = new LinkedHashMap<>();
    private final Map<String, String> routerEnvironment = new LinkedHashMap<>();

    /**
     * @param objects null: environment files only from local copies
     * @param mask    told every value fetched, before it is handed on
     */
    public TaskInputs(TaskDefinition task, TaskSecrets secrets, EnvironmentFileSource files, AccountObjects objects, SecretMask mask) {
        this.task = task;
        this.secrets = secrets;
        this.files = files;
        this.objects = objects;
        this.mask = mask;
    }

    /** From local values only. */
    public TaskInputs(TaskDefinition task, SecretStore secrets, EnvironmentFileSource files) {
        this(task, TaskSecrets.local(secrets), files, null, new SecretMask(secrets.values()));
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
        Map<String, PullAuth> registries = new LinkedHashMap<>();
        List<ContainerDefinition> containers = task.containerDefinitions();
        for (int index = 0; index < containers.size(); index++) {
            ContainerDefinition container = containers.get(index);
            if (container.repositoryCredentials() != null) {
                PullAuth auth = repositoryCredentials(container);
                if (auth != null) {
                    registries.put(container.name(), auth);
                }
            }
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
            registryAuth.putAll(registries);
            secretEnvironment.putAll(secretValues);
            fileEnvironment.putAll(fileValues);
            routerEnvironment.putAll(router);
        }
    }

    private String resolve(ContainerDefinition container, String field, Secret secret) throws RuntimeFailure {
        try {
            String value = secrets.resolve(secret);
            mask.add(SecretStore.maskable(value));
            return value;
        } catch (UnresolvedSecret unresolved) {
            throw new RuntimeFailure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, SECRETS_FAILED + unresolved.getMessage()
                    + " (ecs-local: container " + container.name() + ", " + field + " " + secret.name() + " from "
                    + secret.valueFrom() + ": " + unresolved.fix() + ")");
        }
    }

    /**
     * The task's credentials for a private registry (docs/ecs-semantics.md §3.1): a Secrets Manager secret holding
     * {@code username} and {@code password}, fetched like the task's secrets; the agent fails the task when it cannot
     * have them. Null when the run has nowhere to look (no --secrets aws, and no local value).
     */
    private PullAuth repositoryCredentials(ContainerDefinition container) throws RuntimeFailure {
        String arn = container.repositoryCredentials().credentialsParameter();
        String secretString;
        try {
            Optional<String> found = secrets.registryCredentials(arn);
            if (found.isEmpty()) {
                return null; // nowhere to look: Docker's own credentials, as the run said
            }
            secretString = found.get();
            mask.add(SecretStore.maskable(secretString));
        } catch (UnresolvedSecret unresolved) {
            throw new RuntimeFailure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, SECRETS_FAILED + unresolved.getMessage()
                    + " (ecs-local: container " + container.name() + ", repositoryCredentials.credentialsParameter " + arn + ": "
                    + unresolved.fix() + ")");
        }
        String username = null;
        String password = null;
        try {
            var object = new com.fasterxml.jackson.databind.ObjectMapper().readTree(secretString);
            if (object != null && object.isObject()) {
                username = object.path("username").isTextual() ? object.path("username").asText() : null;
                password = object.path("password").isTextual() ? object.path("password").asText() : null;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            // Said below, as for a JSON object without the keys.
        }
        if (username == null || password == null) {
            throw new RuntimeFailure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, SECRETS_FAILED + SecretReference.ASM_FAILED
                    + "the secret " + arn + " must be a JSON object with \"username\" and \"password\" (ecs-local: container "
                    + container.name() + ", repositoryCredentials.credentialsParameter)");
        }
        return new PullAuth(username, password, "repositoryCredentials (" + arn + ")");
    }

    /** The container's files in its order, each read with ECS's rules; the first file to set a name wins (§9.2). */
    private Map<String, String> readFiles(ContainerDefinition container) throws RuntimeFailure {
        List<Map<String, String>> read = new ArrayList<>();
        for (ContainerDefinition.EnvironmentFile file : container.environmentFiles()) {
            Optional<Path> local = files.find(file.value());
            if (local.isEmpty() && objects != null) {
                read.add(EnvironmentFile.parse(fromAccount(container, file.value())));
                continue;
            }
            if (local.isEmpty()) {
                List<Path> tried = files.candidates(file.value());
                throw new RuntimeFailure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, "failed to download env files: "
                        + file.value() + ": NoSuchKey: The specified key does not exist. (ecs-local: container " + container.name()
                        + ", environmentFiles: " + (tried.isEmpty() ? "no local copy given; run with --env-file-map "
                        + file.value() + "=PATH, --env-files DIR or --env-files aws" : "none of " + tried + " is a readable file") + ")");
            }
            read.add(EnvironmentFile.parse(readUtf8(container, file.value(), local.get())));
        }
        return EnvironmentFile.merge(read);
    }

    /** An environment file from the account: s3:GetObject, then ECS's rules as for a local copy. */
    private String fromAccount(ContainerDefinition container, String arn) throws RuntimeFailure {
        byte[] bytes;
        try {
            bytes = objects.get(arn);
        } catch (IllegalArgumentException notAnObject) {
            throw new RuntimeFailure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, "failed to download env files: "
                    + notAnObject.getMessage() + " (ecs-local: container " + container.name() + ", environmentFiles)");
        } catch (AwsCallFailure failure) {
            throw new RuntimeFailure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, "failed to download env files: file download "
                    + "command: non empty error stream: " + failure.getMessage() + " (ecs-local: container " + container.name()
                    + ", environmentFiles " + arn + ": " + AccountObjects.fix(failure, arn, "--env-file-map " + arn + "=PATH") + ")");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return text; // not masked: ECS treats environment files as configuration, and so does a local copy

        } catch (CharacterCodingException notUtf8) {
            throw new RuntimeFailure(RuntimeFailure.Kind.RESOURCE_INITIALIZATION, "failed to read env file " + arn
                    + " (ecs-local: container " + container.name() + ", the object is not UTF-8)");
        }
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

    /** The container's repositoryCredentials, fetched; null when it has none, or the run was given no secrets to look in. */
    public synchronized PullAuth registryAuth(String container) {
        return registryAuth.get(container);
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
            registryAuth.clear();
            secretEnvironment.clear();
            fileEnvironment.clear();
            routerEnvironment.clear();
        }
    }
}
