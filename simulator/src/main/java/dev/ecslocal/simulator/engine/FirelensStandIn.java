package dev.ecslocal.simulator.engine;

/**
 * Where ecs-local's stand-in for a task's FireLens router listens.
 *
 * @param driverAddress the fluentd driver's address, as the Docker daemon dials it ({@code tcp://127.0.0.1:41235})
 * @param taskHost      how containers reach the stand-in (Docker's bridge gateway), or null when they cannot:
 *                      then no FLUENT_HOST is given
 * @param taskPort      the stand-in's port at {@code taskHost}
 */
public record FirelensStandIn(String driverAddress, String taskHost, int taskPort) {
}
