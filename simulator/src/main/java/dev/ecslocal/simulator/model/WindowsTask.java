package dev.ecslocal.simulator.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Windows task definitions, which ECS registers and runs on Windows container instances (ECS-SEMANTICS §0.2): their
 * paths start with a drive ({@code C:\fsx}). ecs-local reads and checks them; only a Windows Docker daemon could run them.
 */
public final class WindowsTask {
    private static final Pattern DRIVE_PATH = Pattern.compile("[A-Za-z]:[\\\\/].*");

    private WindowsTask() {
    }

    /** Whether a path is a Windows absolute one ({@code C:\data}, {@code D:/logs}). */
    public static boolean isDrivePath(String path) {
        return path != null && DRIVE_PATH.matcher(path).matches();
    }

    /** What makes the task a Windows one (its runtimePlatform, a path), or null when nothing does. */
    public static String why(TaskDefinition task) {
        TaskDefinition.RuntimePlatform platform = task.runtimePlatform();
        if (platform != null && platform.operatingSystemFamily() != null
                && platform.operatingSystemFamily().toUpperCase(Locale.ROOT).startsWith("WINDOWS")) {
            return "runtimePlatform.operatingSystemFamily is " + platform.operatingSystemFamily();
        }
        for (ContainerDefinition container : task.containerDefinitions()) {
            for (ContainerDefinition.MountPoint mount : container.mountPoints()) {
                if (isDrivePath(mount.containerPath())) {
                    return "container " + container.name() + " mounts at " + mount.containerPath();
                }
            }
        }
        for (Volume volume : task.volumes()) {
            if (volume.isBindMount() && isDrivePath(volume.host().sourcePath())) {
                return "volume " + volume.name() + " has host.sourcePath " + volume.host().sourcePath();
            }
        }
        return null;
    }
}
