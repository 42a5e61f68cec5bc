package dev.ecslocal.simulator.agent;

/**
 * Who does the FireLens router's work in a run, and where Docker's fluentd driver delivers the records of the
 * task's awsfirelens containers (ECS-SEMANTICS §7.3).
 */
public sealed interface FirelensSetup {
    /** The {@code fluentd-address} Docker's driver dials: the daemon dials it, not the container. */
    String driverAddress();

    /**
     * The router's files, the task resource ECS creates whenever a task has a router: written in both setups, so
     * that what ECS would refuse (an S3 configuration that cannot be had) fails the task in both.
     */
    RouterFiles files();

    /**
     * The router container runs its own image with ECS's files ({@link RouterFiles}): the driver dials the Unix
     * socket the router creates in its socket directory, as on ECS. That directory is a Docker volume, so that the
     * daemon dials a path on its own machine, wherever it runs.
     *
     * @param socketVolume    the volume mounted at the router's socket directory
     * @param socketDirectory where that volume is on the daemon's machine (its Mountpoint)
     */
    record Router(RouterFiles files, String socketVolume, String socketDirectory) implements FirelensSetup {
        /** The router's socket, as the daemon sees it. */
        public String socket() {
            return socketDirectory + "/fluent.sock";
        }

        @Override
        public String driverAddress() {
            return "unix://" + socket();
        }
    }

    /**
     * ecs-local's embedded receiver does the router's work; the router's place in the start and stop order is held
     * by the pause image.
     *
     * @param driverAddress the receiver's address, as the daemon dials it ({@code tcp://127.0.0.1:41235}); null when the
     *                      daemon cannot reach it (in a VM, on another host) or has no fluentd driver (Podman): the
     *                      awsfirelens containers then log as json-file and ecs-local reads their lines back
     * @param taskHost      how containers reach the receiver (Docker's bridge gateway), or null when they cannot:
     *                      then no FLUENT_HOST is given
     * @param taskPort      the receiver's port at {@code taskHost}
     */
    record StandIn(RouterFiles files, String driverAddress, String taskHost, int taskPort) implements FirelensSetup {
        /** Whether the lines are read back from Docker rather than delivered by its fluentd driver. */
        public boolean readsLinesBack() {
            return driverAddress == null;
        }
    }
}
