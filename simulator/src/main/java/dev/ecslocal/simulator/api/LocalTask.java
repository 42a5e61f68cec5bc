package dev.ecslocal.simulator.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A task ecs-local runs, or left behind, on a daemon: found by the labels every run puts on what it creates.
 *
 * @param family     its task definition's family; null when no container is left to say
 * @param ownerPid   the ecs-local process that runs it; null when unknown
 * @param ownerHost  the machine that process runs on
 * @param createdAt  when its first container was created; null when only volumes are left
 */
public record LocalTask(String taskId, String family, String revision, Long ownerPid, String ownerHost, Instant createdAt,
                        List<Container> containers, List<String> volumes) {
    public LocalTask {
        containers = List.copyOf(containers);
        volumes = List.copyOf(volumes);
    }

    /**
     * One of its containers.
     *
     * @param name       its name in the task definition (or the agent's internal name)
     * @param dockerName Docker's name for it
     */
    public record Container(String name, String dockerName, String runtimeId, boolean running) {
    }

    public long running() {
        return containers.stream().filter(Container::running).count();
    }

    public Optional<Container> container(String name) {
        return containers.stream().filter(c -> name.equals(c.name())).findFirst();
    }

    /**
     * Whether the process that ran it (the `ecs-local` command, or any JVM that used the library: a test run, an IDE)
     * still runs it: it is a leftover when that process is gone (or when it was run from another machine, which this
     * one cannot tell). A pid the system gave again to a process started after the task's first container cannot be
     * its owner.
     */
    public boolean ownerAlive() {
        if (ownerPid == null || !dev.ecslocal.simulator.launch.Hostname.local().equals(ownerHost)) {
            return false;
        }
        return ProcessHandle.of(ownerPid).filter(ProcessHandle::isAlive)
                .map(process -> createdAt == null || process.info().startInstant().map(start -> !start.isAfter(createdAt)).orElse(true))
                .orElse(false);
    }

    /** {@code running (pid 42)}, {@code run from laptop} or {@code leftover}. */
    public String ownerState() {
        if (ownerAlive()) {
            return "running (pid " + ownerPid + ")";
        }
        if (ownerHost != null && !dev.ecslocal.simulator.launch.Hostname.local().equals(ownerHost)) {
            return "run from " + ownerHost;
        }
        return "leftover";
    }
}
