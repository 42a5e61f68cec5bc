package dev.ecslocal.simulator.agent;

import dev.ecslocal.simulator.engine.TaskVolume;
import dev.ecslocal.simulator.docker.VolumeSpec;
import dev.ecslocal.simulator.event.RunIdentity;
import dev.ecslocal.simulator.model.TaskDefinition;
import dev.ecslocal.simulator.model.Volume;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task's volumes as Docker will have them (ECS-SEMANTICS §6.1): an empty host volume, a task-scoped
 * dockerVolumeConfiguration, and the local stand-in for EFS/FSx/EBS become named volumes named as the agent
 * names them and removed with the task (a named volume, not a bind mount, so Docker copies the image's
 * content in on first use: §12.13); a shared dockerVolumeConfiguration keeps its exact name and outlives
 * the task; host.sourcePath is a bind mount.
 */
public final class TaskVolumes {
    private TaskVolumes() {
    }

    public static List<TaskVolume> of(TaskDefinition task, RunIdentity run) {
        Map<String, TaskVolume> volumes = new LinkedHashMap<>();
        for (Volume volume : task.volumes()) {
            volumes.putIfAbsent(volume.name(), realise(run, volume));
        }
        return List.copyOf(volumes.values());
    }

    private static TaskVolume realise(RunIdentity run, Volume volume) {
        if (volume.isBindMount()) {
            return new TaskVolume(volume.name(), TaskVolume.Kind.BIND_MOUNT, volume.host().sourcePath(), null, false, false);
        }
        Volume.DockerVolumeConfiguration docker = volume.dockerVolumeConfiguration();
        if (docker != null && "shared".equals(docker.scope())) {
            Map<String, String> sharedLabels = new LinkedHashMap<>(docker.labels());
            sharedLabels.put(RunIdentity.SHARED_VOLUME_LABEL, "true");
            VolumeSpec spec = new VolumeSpec(volume.name(), driver(docker.driver()), docker.driverOpts(), sharedLabels);
            return new TaskVolume(volume.name(), TaskVolume.Kind.SHARED_VOLUME, volume.name(), spec, false,
                    !Boolean.TRUE.equals(docker.autoprovision()));
        }
        // The agent's name: ecs-<family>-<revision>-<volume>-<20 hex>; ours ends in the run's id.
        String name = run.volumeName(volume.name());
        Map<String, String> labels = new LinkedHashMap<>(docker == null ? Map.of() : docker.labels());
        labels.putAll(run.volumeLabels(volume.name())); // ours win: clean-up finds the volume by them
        VolumeSpec spec = new VolumeSpec(name, docker == null ? "local" : driver(docker.driver()),
                docker == null ? Map.of() : docker.driverOpts(), labels);
        return new TaskVolume(volume.name(), TaskVolume.Kind.TASK_VOLUME, name, spec, true, false);
    }

    private static String driver(String driver) {
        return driver == null || driver.isEmpty() ? "local" : driver;
    }
}
