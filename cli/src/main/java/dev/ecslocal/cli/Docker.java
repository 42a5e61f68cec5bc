package dev.ecslocal.cli;

import dev.ecslocal.simulator.docker.DockerJavaRuntime;
import dev.ecslocal.simulator.docker.RuntimeFailure;

import java.io.PrintWriter;

/** The daemon, for the commands that need one; when it cannot be reached, one message and exit code 4. */
final class Docker {
    private Docker() {
    }

    /** Null after saying why on {@code err}: the caller returns {@link ExitCodes#DOCKER_UNAVAILABLE}. */
    static DockerJavaRuntime connect(PrintWriter err) {
        try {
            return DockerJavaRuntime.connect();
        } catch (RuntimeFailure failure) {
            err.println("ecs-local: " + failure.getMessage());
            err.flush();
            return null;
        }
    }
}
