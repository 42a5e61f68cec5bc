package dev.ecslocal.simulator.validate;

import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.ContainerDefinition.MountPoint;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.model.Volume;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Task volumes and the mounts that use them (ECS-SEMANTICS §6). */
final class VolumeRules implements Rule {

    @Override
    public void check(TaskDefinition task, Findings findings) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < task.volumes().size(); i++) {
            checkVolume(task.volumes().get(i), "volumes[" + i + "]", seen, findings);
            checkS3Files(task, task.volumes().get(i), "volumes[" + i + "]", findings);
        }
        List<String> volumeNames = task.volumes().stream().map(Volume::name).filter(n -> n != null).distinct().toList();
        List<String> containerNames = Findings.containerNames(task);
        Findings.eachContainer(task, findings, (in, container) -> {
            for (int i = 0; i < container.mountPoints().size(); i++) {
                MountPoint mount = container.mountPoints().get(i);
                String path = "mountPoints[" + i + "]";
                if (mount.sourceVolume() == null || mount.sourceVolume().isEmpty()) {
                    in.error(path + ".sourceVolume", "sourceVolume is required", Findings.defined("volumes", volumeNames));
                } else if (!volumeNames.contains(mount.sourceVolume())) {
                    in.error(path + ".sourceVolume", Findings.unknownName("volume in the task's volumes", mount.sourceVolume(), volumeNames),
                            Findings.defined("volumes", volumeNames) + " Define it in the task's \"volumes\".");
                }
                absolute(in, path + ".containerPath", mount.containerPath());
            }
            for (int i = 0; i < container.volumesFrom().size(); i++) {
                String source = container.volumesFrom().get(i).sourceContainer();
                String path = "volumesFrom[" + i + "].sourceContainer";
                if (source == null || source.isEmpty()) {
                    in.error(path, "sourceContainer is required", Findings.defined("containers", containerNames));
                } else if (source.equals(container.name())) {
                    in.error(path, "container \"" + source + "\" takes volumes from itself", null);
                } else if (!containerNames.contains(source)) {
                    in.error(path, Findings.unknownName("container", source, containerNames),
                            Findings.defined("containers", containerNames));
                }
            }
            checkLinuxParameters(in, container);
        });
    }

    private static void checkVolume(Volume volume, String path, Set<String> seen, Findings findings) {
        if (volume.name() == null || volume.name().isEmpty()) {
            findings.error(path + ".name", "volume name is required", null);
        } else if (!TaskRules.NAME.matcher(volume.name()).matches()) {
            findings.error(path + ".name", "volume name \"" + volume.name() + "\" may contain only letters, digits, "
                    + "hyphens and underscores, up to 255 of them", null);
        } else if (!seen.add(volume.name())) {
            findings.error(path + ".name", "volume name \"" + volume.name() + "\" is defined twice", null);
        }
        List<String> kinds = new ArrayList<>();
        if (volume.isBindMount()) {
            kinds.add("host.sourcePath");
        }
        if (volume.dockerVolumeConfiguration() != null) {
            kinds.add("dockerVolumeConfiguration");
        }
        if (volume.efsVolumeConfiguration() != null) {
            kinds.add("efsVolumeConfiguration");
        }
        if (volume.s3filesVolumeConfiguration() != null) {
            kinds.add("s3filesVolumeConfiguration");
        }
        if (volume.fsxWindowsFileServerVolumeConfiguration() != null) {
            kinds.add("fsxWindowsFileServerVolumeConfiguration");
        }
        if (kinds.size() > 1) {
            findings.error(path, "volume \"" + volume.name() + "\" has " + String.join(" and ", kinds)
                    + ": a volume is of one kind", "Keep one of them.");
        }
        if (volume.isBindMount() && !volume.host().sourcePath().startsWith("/")
                && !dev.ecslocal.simulator.model.WindowsTask.isDrivePath(volume.host().sourcePath())) {
            findings.error(path + ".host.sourcePath", "host.sourcePath \"" + volume.host().sourcePath()
                    + "\" is not an absolute path", null);
        }
        Volume.DockerVolumeConfiguration docker = volume.dockerVolumeConfiguration();
        if (docker != null) {
            Findings.oneOf(findings::error, path + ".dockerVolumeConfiguration.scope", docker.scope(), ApiEnums.DOCKER_VOLUME_SCOPES);
            if (Boolean.TRUE.equals(docker.autoprovision()) && !"shared".equals(docker.scope())) {
                findings.error(path + ".dockerVolumeConfiguration.autoprovision",
                        "autoprovision is only allowed with scope \"shared\"",
                        "A task-scoped volume is always created for the task: remove autoprovision, or set scope to \"shared\".");
            }
        }
        Volume.EfsVolumeConfiguration efs = volume.efsVolumeConfiguration();
        if (efs != null) {
            String efsPath = path + ".efsVolumeConfiguration";
            if (efs.fileSystemId() == null || efs.fileSystemId().isEmpty()) {
                findings.error(efsPath + ".fileSystemId", "fileSystemId is required", null);
            }
            Findings.oneOf(findings::error, efsPath + ".transitEncryption", efs.transitEncryption(), ApiEnums.ENABLED_DISABLED);
            if (efs.authorizationConfig() != null) {
                Findings.oneOf(findings::error, efsPath + ".authorizationConfig.iam", efs.authorizationConfig().iam(),
                        ApiEnums.ENABLED_DISABLED);
            }
            boolean needsEncryption = efs.authorizationConfig() != null
                    && (efs.authorizationConfig().accessPointId() != null || "ENABLED".equals(efs.authorizationConfig().iam()));
            if (needsEncryption && !"ENABLED".equals(efs.transitEncryption())) {
                findings.error(efsPath + ".transitEncryption", "transitEncryption must be ENABLED when an access point "
                        + "or IAM authorization is used", null);
            }
            if (efs.authorizationConfig() != null && efs.authorizationConfig().accessPointId() != null
                    && efs.rootDirectory() != null && !efs.rootDirectory().equals("/")) {
                findings.error(efsPath + ".rootDirectory", "rootDirectory must be omitted or \"/\" when an access point "
                        + "is used", "The access point sets the directory.");
            }
            findings.warning(efsPath, "EFS is not reachable locally: ecs-local will mount an empty local volume for "
                    + named(volume, path), "Data written there stays on this machine and is removed with the task.");
        }
        if (volume.fsxWindowsFileServerVolumeConfiguration() != null) {
            checkFsxWindows(volume.fsxWindowsFileServerVolumeConfiguration(), path + ".fsxWindowsFileServerVolumeConfiguration", findings);
            findings.warning(path + ".fsxWindowsFileServerVolumeConfiguration", "FSx for Windows File Server volumes "
                    + "are for Windows containers: ecs-local will mount an empty local volume for " + named(volume, path), null);
        }
        if (Boolean.TRUE.equals(volume.configuredAtLaunch())) {
            findings.warning(path + ".configuredAtLaunch", "volume " + named(volume, path) + " is configured at launch "
                    + "(an EBS volume): ecs-local will mount an empty local volume", null);
        }
    }

    /**
     * S3 Files volumes: the file system's ARN is required, an access point sets the directory (as with EFS), and the task
     * needs a task role to attach the file system with. ECS documents the role as required without saying whether
     * registration refuses a task without one, so its absence is a warning.
     */
    private static void checkS3Files(TaskDefinition task, Volume volume, String path, Findings findings) {
        Volume.S3FilesVolumeConfiguration s3files = volume.s3filesVolumeConfiguration();
        if (s3files == null) {
            return;
        }
        String s3Path = path + ".s3filesVolumeConfiguration";
        if (s3files.fileSystemArn() == null || s3files.fileSystemArn().isEmpty()) {
            findings.error(s3Path + ".fileSystemArn", "fileSystemArn is required", "Give the full ARN of the S3 Files file system.");
        }
        if (s3files.accessPointArn() != null && s3files.rootDirectory() != null && !s3files.rootDirectory().equals("/")) {
            findings.error(s3Path + ".rootDirectory", "rootDirectory must be omitted or \"/\" when an access point is used",
                    "The access point sets the directory.");
        }
        if (task.taskRoleArn() == null || task.taskRoleArn().isEmpty()) {
            findings.warning(s3Path, "an S3 Files volume needs a task role, and the task definition has no taskRoleArn",
                    "Add taskRoleArn: a role the task may attach the file system with.");
        }
        findings.warning(s3Path, "S3 Files is not reachable locally: ecs-local will mount an empty local volume for "
                + named(volume, path), "Data written there stays on this machine and is removed with the task.");
    }

    /** A volume as messages name it: its name, or where it is when it has none (its own error says so). */
    private static String named(Volume volume, String path) {
        return volume.name() == null ? path + " (no name)" : "\"" + volume.name() + "\"";
    }

    /** FSx for Windows File Server volumes: every field is required (the model's own rule). */
    private static void checkFsxWindows(Volume.FsxWindowsFileServerVolumeConfiguration fsx, String fsxPath, Findings findings) {
        required(findings, fsxPath + ".fileSystemId", fsx.fileSystemId(), "Give the FSx file system's id, e.g. \"fs-0123456789abcdef0\".");
        required(findings, fsxPath + ".rootDirectory", fsx.rootDirectory(), "Give the directory of the file system to mount, e.g. \"share\".");
        Volume.FsxAuthorizationConfig authorization = fsx.authorizationConfig();
        if (authorization == null) {
            findings.error(fsxPath + ".authorizationConfig", "authorizationConfig is required",
                    "Give credentialsParameter (the ARN of the Secrets Manager secret or SSM parameter holding the "
                            + "domain user's credentials) and domain (the fully qualified domain name).");
            return;
        }
        required(findings, fsxPath + ".authorizationConfig.credentialsParameter", authorization.credentialsParameter(),
                "Give the ARN of the Secrets Manager secret or SSM parameter holding the domain user's credentials.");
        required(findings, fsxPath + ".authorizationConfig.domain", authorization.domain(),
                "Give the fully qualified domain name of the Active Directory, e.g. \"example.com\".");
    }

    private static void required(Findings findings, String path, String value, String hint) {
        if (value == null || value.isEmpty()) {
            findings.error(path, path.substring(path.lastIndexOf('.') + 1) + " is required", hint);
        }
    }

    private static void checkLinuxParameters(Findings.InContainer in, ContainerDefinition container) {
        if (container.linuxParameters() == null) {
            return;
        }
        var tmpfs = container.linuxParameters().tmpfs();
        for (int i = 0; i < tmpfs.size(); i++) {
            absolute(in, "linuxParameters.tmpfs[" + i + "].containerPath", tmpfs.get(i).containerPath());
            Integer size = tmpfs.get(i).size();
            if (size == null || size <= 0) {
                in.error("linuxParameters.tmpfs[" + i + "].size", "tmpfs size (MiB) is required and must be positive", null);
            }
        }
        var devices = container.linuxParameters().devices();
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i).hostPath() == null || devices.get(i).hostPath().isEmpty()) {
                in.error("linuxParameters.devices[" + i + "].hostPath", "device hostPath is required", null);
            }
            List<String> permissions = devices.get(i).permissions();
            for (int p = 0; p < permissions.size(); p++) {
                Findings.oneOf(in::error, "linuxParameters.devices[" + i + "].permissions[" + p + "]", permissions.get(p),
                        ApiEnums.DEVICE_PERMISSIONS);
            }
        }
        Integer maxSwap = container.linuxParameters().maxSwap();
        if (maxSwap != null && maxSwap < 0) {
            in.error("linuxParameters.maxSwap", "linuxParameters.maxSwap " + maxSwap + " MiB is negative",
                    "Write 0 for no swap, or the MiB of swap the container may use on top of its memory.");
        }
        Integer swappiness = container.linuxParameters().swappiness();
        Findings.within(in::error, "linuxParameters.swappiness", swappiness, 0, 100, "");
        if (swappiness != null && maxSwap == null) {
            // ECS's documentation: without maxSwap, swappiness is ignored (and ecs-local ignores it too).
            in.warning("linuxParameters.swappiness", "linuxParameters.swappiness is ignored without linuxParameters.maxSwap",
                    "Set maxSwap as well, or remove swappiness.");
        }
        Integer shm = container.linuxParameters().sharedMemorySize();
        if (shm != null && shm <= 0) {
            in.error("linuxParameters.sharedMemorySize", "sharedMemorySize " + shm + " MiB must be positive", null);
        }
    }

    private static void absolute(Findings.InContainer in, String path, String value) {
        if (value == null || value.isEmpty()) {
            in.error(path, "containerPath is required", null);
        } else if (!value.startsWith("/") && !dev.ecslocal.simulator.model.WindowsTask.isDrivePath(value)) {
            // A Windows task's paths start with a drive (C:\fsx), which ECS registers as it does "/data".
            in.error(path, "containerPath \"" + value + "\" is not an absolute path", "Write it from the root, e.g. \"/" + value + "\".");
        }
    }
}
