package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.docker.VolumeSpec;

/**
 * How one of the task's volumes is realised on Docker (ECS-SEMANTICS §6.1).
 *
 * @param source what a mount names: a volume's name, or a host path for a bind mount
 * @param create the volume to create before the containers, or null (a bind mount)
 * @param removeAtEnd task-scoped volumes go with the task; shared ones stay for the next run
 * @param mustExist a shared volume with autoprovision false: the task fails if it is missing
 */
public record TaskVolume(String name, Kind kind, String source, VolumeSpec create, boolean removeAtEnd, boolean mustExist) {
    public enum Kind { TASK_VOLUME, SHARED_VOLUME, BIND_MOUNT }
}
