package dev.ecslocal.simulator.validate;

import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.NetworkMode;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.problem.ContainerLabel;

import java.util.Optional;
import java.util.regex.Pattern;

/** Task-level fields: family, container count, task size and the container sizes it bounds. */
final class TaskRules implements Rule {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    /** Service quota "Containers per task definition" (not adjustable). */
    static final int MAX_CONTAINERS = 10;
    /** The documented limits of ephemeralStorage.sizeInGiB (Fargate's task storage). */
    static final int MIN_EPHEMERAL_STORAGE_GIB = 21;
    static final int MAX_EPHEMERAL_STORAGE_GIB = 200;
    static final int MAX_PLACEMENT_CONSTRAINTS = 10;
    /** The API model's limits on tags: 50 per task definition, keys of 1–128 characters, values of up to 256. */
    static final int MAX_TAGS = 50;
    static final int MAX_TAG_KEY_LENGTH = 128;
    static final int MAX_TAG_VALUE_LENGTH = 256;
    /** Docker 20.10+ refuses memory limits below 6 MiB. */
    static final int DOCKER_MINIMUM_MEMORY_MIB = 6;

    @Override
    public void check(TaskDefinition task, Findings findings) {
        if (task.family() == null || task.family().isEmpty()) {
            findings.error("family", "family is required",
                    "Name the task definition with \"family\" (for a Terraform array, pass --family NAME).");
        } else if (!NAME.matcher(task.family()).matches()) {
            findings.error("family", "family \"" + task.family() + "\" may contain only letters, digits, "
                    + "hyphens and underscores, up to 255 of them", "Rename it (or pass --family NAME).");
        }
        if (task.containerDefinitions().isEmpty()) {
            findings.error("containerDefinitions", "containerDefinitions is empty: a task needs at least one container", null);
        } else if (task.containerDefinitions().size() > MAX_CONTAINERS) {
            findings.error("containerDefinitions", "the task has " + task.containerDefinitions().size()
                    + " containers; ECS allows at most " + MAX_CONTAINERS + " per task definition",
                    "Move some containers into a task of their own.");
        }
        if (task.networkMode() == NetworkMode.DEFAULT && dev.ecslocal.simulator.model.WindowsTask.why(task) == null) {
            findings.error("networkMode", "networkMode \"default\" is for Windows containers",
                    "On Linux use bridge (the default), host, awsvpc or none.");
        }
        Optional<Integer> taskCpu = sized(task.cpu(), "cpu", TaskSize.cpuUnits(task.cpu()), findings,
                "CPU units (\"256\") or vCPUs (\"0.25 vCPU\")");
        Optional<Integer> taskMemory = sized(task.memory(), "memory", TaskSize.memoryMiB(task.memory()), findings,
                "MiB (\"512\") or GB (\"1GB\")");

        int memorySum = 0;
        int cpuSum = 0;
        for (ContainerDefinition container : task.containerDefinitions()) {
            memorySum += container.memory() == null ? 0 : container.memory();
            cpuSum += container.cpu() == null ? 0 : container.cpu();
        }
        int totalMemory = memorySum;
        int totalCpu = cpuSum;
        Findings.eachContainer(task, findings, (in, container) -> {
            if (taskMemory.isEmpty() && container.memory() == null && container.memoryReservation() == null) {
                // ECS's own words (seen from the RegisterTaskDefinition API).
                in.error("", "Invalid setting for " + ContainerLabel.container(in.index(), container.name(), '\'')
                        + ". At least one of 'memory' or 'memoryReservation' must be specified.",
                        "Set memory (hard limit, MiB) or memoryReservation (soft limit, MiB) on the container, "
                                + "or memory on the task.");
            }
            if (container.memory() != null && container.memory() < DOCKER_MINIMUM_MEMORY_MIB) {
                in.error("memory", "memory " + container.memory() + " MiB is below Docker's minimum of "
                        + DOCKER_MINIMUM_MEMORY_MIB + " MiB", null);
            }
            if (container.memory() != null && container.memoryReservation() != null
                    && container.memoryReservation() > container.memory()) {
                in.error("memoryReservation", "memoryReservation " + container.memoryReservation()
                        + " MiB is greater than memory " + container.memory() + " MiB",
                        "memory is the hard limit and memoryReservation the soft one: memory must be the larger.");
            }
            taskMemory.filter(limit -> container.memory() != null && container.memory() > limit).ifPresent(limit ->
                    in.error("memory", "container memory " + container.memory() + " MiB is greater than the task's "
                            + "memory " + limit + " MiB", null));
            if (container.cpu() != null && container.cpu() < 0) {
                in.error("cpu", "cpu " + container.cpu() + " is negative", null);
            }
        });
        taskMemory.filter(limit -> totalMemory > limit).ifPresent(limit -> findings.error("memory",
                "the containers' memory adds up to " + totalMemory + " MiB, more than the task's " + limit + " MiB",
                "Raise the task's memory or lower the containers'."));
        taskCpu.filter(limit -> totalCpu > limit).ifPresent(limit -> findings.error("cpu",
                "the containers' cpu adds up to " + totalCpu + " units, more than the task's " + limit,
                "Raise the task's cpu or lower the containers'."));

        checkApiValues(task, findings);
        if (task.proxyConfiguration() != null && task.proxyConfiguration().containerName() != null
                && task.container(task.proxyConfiguration().containerName()).isEmpty()) {
            findings.warning("proxyConfiguration.containerName",
                    Findings.unknownName("container", task.proxyConfiguration().containerName(), Findings.containerNames(task))
                            + " App Mesh would have no proxy to redirect traffic to.",
                    Findings.defined("containers", Findings.containerNames(task)));
        }
    }

    /** The task-level enums and ranges of the API. */
    private static void checkApiValues(TaskDefinition task, Findings findings) {
        TaskDefinition.RuntimePlatform platform = task.runtimePlatform();
        if (platform != null) {
            Findings.oneOf(findings::error, "runtimePlatform.cpuArchitecture", platform.cpuArchitecture(), ApiEnums.CPU_ARCHITECTURES);
            Findings.oneOf(findings::error, "runtimePlatform.operatingSystemFamily", platform.operatingSystemFamily(),
                    ApiEnums.OS_FAMILIES);
        }
        if (task.placementConstraints().size() > MAX_PLACEMENT_CONSTRAINTS) {
            findings.error("placementConstraints", "the task has " + task.placementConstraints().size()
                    + " placement constraints; ECS allows at most " + MAX_PLACEMENT_CONSTRAINTS, "Combine their expressions.");
        }
        for (int i = 0; i < task.placementConstraints().size(); i++) {
            Findings.oneOf(findings::error, "placementConstraints[" + i + "].type", task.placementConstraints().get(i).type(),
                    ApiEnums.PLACEMENT_CONSTRAINT_TYPES);
        }
        if (task.proxyConfiguration() != null) {
            Findings.oneOf(findings::error, "proxyConfiguration.type", task.proxyConfiguration().type(),
                    ApiEnums.PROXY_CONFIGURATION_TYPES);
        }
        if (task.ephemeralStorage() != null) {
            Findings.within(findings::error, "ephemeralStorage.sizeInGiB", task.ephemeralStorage().sizeInGiB(),
                    MIN_EPHEMERAL_STORAGE_GIB, MAX_EPHEMERAL_STORAGE_GIB, "GiB");
        }
        if (task.tags().size() > MAX_TAGS) {
            findings.error("tags", "the task definition has " + task.tags().size() + " tags; ECS allows at most " + MAX_TAGS, null);
        }
        for (int i = 0; i < task.tags().size(); i++) {
            TaskDefinition.Tag tag = task.tags().get(i);
            if (tag.key() == null || tag.key().isEmpty() || tag.key().length() > MAX_TAG_KEY_LENGTH) {
                findings.error("tags[" + i + "].key", "a tag key has 1 to " + MAX_TAG_KEY_LENGTH + " characters"
                        + (tag.key() == null ? "; it is missing" : ", found " + tag.key().length()), null);
            }
            if (tag.value() != null && tag.value().length() > MAX_TAG_VALUE_LENGTH) {
                findings.error("tags[" + i + "].value", "a tag value has up to " + MAX_TAG_VALUE_LENGTH
                        + " characters, found " + tag.value().length(), null);
            }
        }
    }

    private static Optional<Integer> sized(String raw, String path, Optional<Integer> parsed, Findings findings, String how) {
        if (raw != null && !raw.isBlank() && parsed.isEmpty()) {
            findings.error(path, "task " + path + " \"" + raw + "\" is not a size ECS understands", "Write it as " + how + ".");
        }
        return parsed;
    }
}
