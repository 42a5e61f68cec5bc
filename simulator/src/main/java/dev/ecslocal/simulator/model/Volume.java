package dev.ecslocal.simulator.model;

import java.util.Map;

/**
 * One entry of the task's {@code volumes} (ECS-SEMANTICS §6.1). With none of the configurations set
 * (or an empty {@code host}), it is an "empty host volume": a task-scoped Docker named volume.
 */
public record Volume(
        String name,
        Host host,
        DockerVolumeConfiguration dockerVolumeConfiguration,
        EfsVolumeConfiguration efsVolumeConfiguration,
        S3FilesVolumeConfiguration s3filesVolumeConfiguration,
        FsxWindowsFileServerVolumeConfiguration fsxWindowsFileServerVolumeConfiguration,
        Boolean configuredAtLaunch) {

    public boolean isBindMount() {
        return host != null && host.sourcePath() != null && !host.sourcePath().isEmpty();
    }

    public record Host(String sourcePath) {
    }

    public record DockerVolumeConfiguration(
            String scope, Boolean autoprovision, String driver,
            Map<String, String> driverOpts, Map<String, String> labels) {
        public DockerVolumeConfiguration {
            driverOpts = Immutable.map(driverOpts);
            labels = Immutable.map(labels);
        }
    }

    public record EfsVolumeConfiguration(
            String fileSystemId, String rootDirectory, String transitEncryption,
            Integer transitEncryptionPort, EfsAuthorizationConfig authorizationConfig) {
    }

    public record EfsAuthorizationConfig(String accessPointId, String iam) {
    }

    /**
     * {@code s3filesVolumeConfiguration}: an Amazon S3 Files file system, which the container instance mounts through the
     * S3 Files mount helper as it mounts EFS through EFS's. The lowercase "files" is the API's own spelling.
     */
    public record S3FilesVolumeConfiguration(
            String fileSystemArn, String rootDirectory, Integer transitEncryptionPort, String accessPointArn) {
    }

    public record FsxWindowsFileServerVolumeConfiguration(
            String fileSystemId, String rootDirectory, FsxAuthorizationConfig authorizationConfig) {
    }

    public record FsxAuthorizationConfig(String credentialsParameter, String domain) {
    }
}
