package dev.ecslocal.cli;

import dev.ecslocal.simulator.engine.LocalTasks;

/**
 * Whether the ecs-local process that ran a task is still running it: a task is a leftover when that process is
 * gone (or when it was run from another machine, which this one cannot tell: then it says so).
 */
final class Owners {
    private Owners() {
    }

    static boolean alive(LocalTasks.LocalTask task) {
        if (task.ownerPid() == null || !RunCommand.hostname().equals(task.ownerHost())) {
            return false;
        }
        return ProcessHandle.of(task.ownerPid()).map(process -> process.isAlive()
                && process.info().commandLine().map(line -> line.contains("ecs-local")).orElse(true)).orElse(false);
    }

    static String state(LocalTasks.LocalTask task) {
        if (alive(task)) {
            return "running (ecs-local pid " + task.ownerPid() + ")";
        }
        if (task.ownerHost() != null && !RunCommand.hostname().equals(task.ownerHost())) {
            return "run from " + task.ownerHost();
        }
        return "leftover";
    }
}
