package dev.ecslocal.simulator.validate;

import dev.ecslocal.simulator.model.Compatibility;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.NetworkMode;
import dev.ecslocal.simulator.model.PidMode;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.model.Volume;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the Fargate launch type adds to ECS's rules (ECS-SEMANTICS §10, "Fargate-only restrictions"). */
final class FargateRules implements Rule {
    private static final String WHY = "Fargate does not support it.";
    private static final String NAMES_FARGATE = "requiresCompatibilities names FARGATE, so ECS applies Fargate's rules: ";
    private static final List<String> LOG_DRIVERS = List.of("awslogs", "splunk", "awsfirelens");

    /** Valid task memory (MiB) for each task cpu: {min, max, step}. */
    private static final Map<Integer, int[]> SIZES = Map.of(
            256, new int[] {512, 2048, 0},
            512, new int[] {1024, 4096, 1024},
            1024, new int[] {2048, 8192, 1024},
            2048, new int[] {4096, 16384, 1024},
            4096, new int[] {8192, 30720, 1024},
            8192, new int[] {16384, 61440, 4096},
            16384, new int[] {32768, 122880, 8192});

    @Override
    public void check(TaskDefinition task, Findings findings) {
        // A field Fargate requires and the file lacks has no place of its own in the file: such a problem points at
        // what made the rule apply, requiresCompatibilities, when the file names FARGATE (not when --fargate did).
        Optional<String> because = fargateEntry(task);
        if (task.networkMode() == null && task.effectiveNetworkMode() != NetworkMode.AWSVPC) {
            findings.error(because.orElse("networkMode"), "Fargate requires networkMode awsvpc, found "
                    + task.effectiveNetworkMode().ecsName() + " (the default)", because.map(b -> NAMES_FARGATE).orElse("")
                    + "Set \"networkMode\": \"awsvpc\" on the task.");
        } else if (task.effectiveNetworkMode() != NetworkMode.AWSVPC) {
            findings.error("networkMode", "Fargate requires networkMode awsvpc, found " + task.effectiveNetworkMode().ecsName(),
                    "Set \"networkMode\": \"awsvpc\".");
        }
        checkSize(task, findings, because);
        if (task.pidMode() != null && task.pidMode() != PidMode.TASK) {
            findings.error("pidMode", "Fargate supports only pidMode task", null);
        }
        if (task.ipcMode() != null) {
            findings.error("ipcMode", "ipcMode is not supported on Fargate", WHY);
        }
        if (!task.placementConstraints().isEmpty()) {
            findings.error("placementConstraints", "placementConstraints are not supported on Fargate", WHY);
        }
        if (!task.inferenceAccelerators().isEmpty()) {
            findings.error("inferenceAccelerators", "inferenceAccelerators are not supported on Fargate", WHY);
        }
        for (int i = 0; i < task.volumes().size(); i++) {
            Volume volume = task.volumes().get(i);
            if (volume.isBindMount()) {
                findings.error("volumes[" + i + "].host.sourcePath", "host.sourcePath is not supported on Fargate",
                        "Remove sourcePath to get a task-scoped volume (Fargate ephemeral storage).");
            }
            if (volume.dockerVolumeConfiguration() != null) {
                findings.error("volumes[" + i + "].dockerVolumeConfiguration", "dockerVolumeConfiguration is not supported on Fargate", WHY);
            }
        }
        Findings.eachContainer(task, findings, (in, container) -> checkContainer(in, container));
    }

    /** {@code requiresCompatibilities[i]} where the file names FARGATE. */
    private static Optional<String> fargateEntry(TaskDefinition task) {
        int index = task.requiresCompatibilities().indexOf(Compatibility.FARGATE);
        return index < 0 ? Optional.empty() : Optional.of("requiresCompatibilities[" + index + "]");
    }

    private static void checkSize(TaskDefinition task, Findings findings, Optional<String> because) {
        Optional<Integer> cpu = TaskSize.cpuUnits(task.cpu());
        Optional<Integer> memory = TaskSize.memoryMiB(task.memory());
        String why = because.map(b -> NAMES_FARGATE).orElse("");
        if (task.cpu() == null) {
            findings.error(because.orElse("cpu"), "Fargate requires the task's cpu, and the task has none",
                    why + "Add a task-level cpu, e.g. \"cpu\": \"256\" (0.25 vCPU).");
        }
        if (task.memory() == null) {
            findings.error(because.orElse("memory"), "Fargate requires the task's memory, and the task has none",
                    why + "Add a task-level memory that goes with its cpu, e.g. \"memory\": \"512\" (MiB).");
        }
        if (cpu.isEmpty() || memory.isEmpty()) {
            return;
        }
        int[] range = SIZES.get(cpu.get());
        if (range == null) {
            findings.error("cpu", "task cpu " + cpu.get() + " is not a Fargate size",
                    "Fargate takes 256, 512, 1024, 2048, 4096, 8192 or 16384 CPU units.");
            return;
        }
        int mib = memory.get();
        boolean valid = cpu.get() == 256 ? (mib == 512 || mib == 1024 || mib == 2048)
                : mib >= range[0] && mib <= range[1] && (mib - range[0]) % range[2] == 0;
        if (!valid) {
            findings.error("memory", "task memory " + mib + " MiB does not go with cpu " + cpu.get() + " on Fargate",
                    "With cpu " + cpu.get() + ", memory may be " + (cpu.get() == 256 ? "512, 1024 or 2048"
                            : range[0] + " to " + range[1] + " in steps of " + range[2]) + " MiB.");
        }
    }

    private static void checkContainer(Findings.InContainer in, ContainerDefinition container) {
        if (Boolean.TRUE.equals(container.privileged())) {
            in.error("privileged", "privileged containers are not supported on Fargate", WHY);
        }
        if (!container.links().isEmpty()) {
            in.error("links", "links are not supported on Fargate", "Containers reach each other on localhost.");
        }
        if (!container.dockerSecurityOptions().isEmpty()) {
            in.error("dockerSecurityOptions", "dockerSecurityOptions are not supported on Fargate", WHY);
        }
        var linux = container.linuxParameters();
        if (linux != null) {
            if (!linux.devices().isEmpty()) {
                in.error("linuxParameters.devices", "linuxParameters.devices is not supported on Fargate", WHY);
            }
            if (linux.maxSwap() != null) {
                in.error("linuxParameters.maxSwap", "linuxParameters.maxSwap is not supported on Fargate", WHY);
            }
            if (linux.swappiness() != null) {
                in.error("linuxParameters.swappiness", "linuxParameters.swappiness is not supported on Fargate", WHY);
            }
            if (linux.sharedMemorySize() != null) {
                in.error("linuxParameters.sharedMemorySize", "linuxParameters.sharedMemorySize is not supported on Fargate", WHY);
            }
            if (!linux.tmpfs().isEmpty()) {
                in.error("linuxParameters.tmpfs", "linuxParameters.tmpfs is not supported on Fargate", WHY);
            }
            if (linux.capabilities() != null) {
                for (int i = 0; i < linux.capabilities().add().size(); i++) {
                    String capability = linux.capabilities().add().get(i);
                    if (!"SYS_PTRACE".equals(capability)) {
                        in.error("linuxParameters.capabilities.add[" + i + "]", "capability " + capability
                                + " cannot be added on Fargate", "Fargate allows adding only SYS_PTRACE.");
                    }
                }
            }
        }
        var log = container.logConfiguration();
        if (log != null && log.logDriver() != null && !LOG_DRIVERS.contains(log.logDriver())) {
            in.error("logConfiguration.logDriver", "log driver \"" + log.logDriver() + "\" is not supported on Fargate",
                    "Fargate takes awslogs, splunk or awsfirelens.");
        }
        if (log != null && "awslogs".equals(log.logDriver()) && !log.options().containsKey("awslogs-stream-prefix")) {
            in.error("logConfiguration.options", "Fargate requires the awslogs-stream-prefix option with awslogs",
                    "e.g. \"awslogs-stream-prefix\": \"ecs\".");
        }
        if (container.isFirelensRouter()) {
            String fileType = container.firelensConfiguration().options().get("config-file-type");
            if (fileType != null && !fileType.equals("file")) {
                in.error("firelensConfiguration.options[\"config-file-type\"]", "Fargate supports only config-file-type file", WHY);
            }
        }
        if (container.resourceRequirements().stream().anyMatch(r -> "GPU".equals(r.type()))) {
            in.error("resourceRequirements", "GPUs are not supported on Fargate", WHY);
        }
        if (container.stopTimeout() != null && container.stopTimeout() > 120) {
            in.error("stopTimeout", "stopTimeout " + container.stopTimeout() + " is more than Fargate's 120 seconds", null);
        }
        if (container.startTimeout() != null && (container.startTimeout() < 2 || container.startTimeout() > 120)) {
            in.error("startTimeout", Findings.outside("startTimeout", container.startTimeout(), 2, 120, "seconds")
                    + " (Fargate's range)", null);
        }
    }
}
