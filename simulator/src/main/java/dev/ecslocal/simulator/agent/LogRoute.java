package dev.ecslocal.simulator.agent;

import dev.ecslocal.simulator.docker.ContainerSpec;
import dev.ecslocal.simulator.firelens.FirelensConfig;
import dev.ecslocal.simulator.model.ContainerDefinition;
import dev.ecslocal.simulator.model.ContainerDefinition.LogConfiguration;

import java.util.Map;
import java.util.Set;

/**
 * Where a container's logs go on ECS, and what ecs-local does with them locally. On a laptop the user
 * wants to see the lines, not ship them: drivers that send logs elsewhere (awslogs, splunk, gelf, …) run as
 * Docker's {@code json-file}, which ecs-local can read back and show, and the user is told once where ECS
 * would have sent them.
 *
 * @param localDriver   what Docker is given; null: the daemon's default, as ECS does without logConfiguration
 * @param destination   where ECS would send the lines, in ECS's words ({@code awslogs group /ecs/app, stream
 *                      ecs/app/<task id>}); null when they stay on the host
 * @param notice        said once at the start when the local behaviour differs from ECS's; null otherwise
 */
public record LogRoute(String container, String ecsDriver, ContainerSpec.LogDriver localDriver, String destination,
                       String notice) {

    /** Drivers that keep the lines on the host, where Docker can read them back: passed as they are. */
    private static final Set<String> LOCAL_DRIVERS = Set.of("json-file", "local");
    private static final ContainerSpec.LogDriver JSON_FILE = new ContainerSpec.LogDriver("json-file", Map.of());

    public static LogRoute of(ContainerDefinition container, String taskId) {
        return of(container, taskId, (String) null);
    }

    /**
     * @param fluentdAddress where the task's FireLens router (or ecs-local's stand-in for it) takes Docker's
     *                       fluentd driver, as the daemon dials it; null: no router is listening
     */
    public static LogRoute of(ContainerDefinition container, String taskId, String fluentdAddress) {
        return of(container, taskId, fluentdAddress, false);
    }

    /** With the run's FireLens set-up (null: the task has no router). */
    public static LogRoute of(ContainerDefinition container, String taskId, FirelensSetup firelens) {
        return of(container, taskId, firelens == null ? null : firelens.driverAddress(),
                firelens instanceof FirelensSetup.StandIn standIn && standIn.readsLinesBack());
    }

    /** @param readBack ecs-local's stand-in reads the lines back from Docker and routes them (said once, by the run) */
    private static LogRoute of(ContainerDefinition container, String taskId, String fluentdAddress, boolean readBack) {
        LogConfiguration log = container.logConfiguration();
        String name = container.name();
        if (log == null || log.logDriver() == null) {
            return new LogRoute(name, null, null, null, null);
        }
        String driver = log.logDriver();
        if (LOCAL_DRIVERS.contains(driver)) {
            return new LogRoute(name, driver, new ContainerSpec.LogDriver(driver, log.options()), null, null);
        }
        if (driver.equals("awslogs")) {
            String destination = awslogsDestination(log.options(), name, taskId);
            return new LogRoute(name, driver, JSON_FILE, destination,
                    "logs to " + destination + " on ECS; shown here, nothing is sent to CloudWatch");
        }
        if (driver.equals(LogConfiguration.AWSFIRELENS)) {
            // Which option names the output depends on the router's type, which this container does not know:
            // one of the two, as validation requires.
            String output = log.options().getOrDefault(FirelensConfig.FLUENTBIT_OUTPUT_KEY,
                    log.options().get(FirelensConfig.FLUENTD_OUTPUT_KEY));
            String destination = "FireLens" + (output == null ? "" : " output " + output);
            if (fluentdAddress != null) {
                return new LogRoute(name, driver, fluentdDriver(log.options(), name, taskId, fluentdAddress), destination, null);
            }
            if (readBack) {
                return new LogRoute(name, driver, JSON_FILE, destination, null);
            }
            return new LogRoute(name, driver, JSON_FILE, destination, "logs through the FireLens router on ECS"
                    + (output == null ? "" : " (output " + output + ")") + "; no router listens here: shown here directly");
        }
        return new LogRoute(name, driver, JSON_FILE, driver,
                "logs to the " + driver + " driver on ECS; shown here instead (json-file), nothing is sent");
    }

    /**
     * What the agent gives an awsfirelens container (ECS-SEMANTICS §7.3): Docker's fluentd driver, ECS's tag,
     * sub-second times, async connection (the container starts even before the router listens), and the
     * buffer limit from log-driver-buffer-limit; every other option goes into the router's configuration.
     */
    private static ContainerSpec.LogDriver fluentdDriver(Map<String, String> options, String container, String taskId,
                                                         String address) {
        Map<String, String> driver = new java.util.LinkedHashMap<>();
        driver.put("fluentd-address", address);
        driver.put("tag", FirelensConfig.tag(container, taskId));
        driver.put("fluentd-sub-second-precision", "true");
        driver.put("fluentd-async", "true");
        String bufferLimit = options.get(FirelensConfig.LOG_DRIVER_BUFFER_LIMIT);
        if (bufferLimit != null) {
            driver.put("fluentd-buffer-limit", bufferLimit);
        }
        return new ContainerSpec.LogDriver("fluentd", driver);
    }

    /**
     * ECS's stream name: {@code <awslogs-stream-prefix>/<container name>/<task id>}; without a prefix the
     * stream is named after the Docker container id (ECS-SEMANTICS §0.2: the backend turns the prefix into
     * {@code awslogs-stream}).
     */
    static String awslogsDestination(Map<String, String> options, String container, String taskId) {
        String group = options.getOrDefault("awslogs-group", "(no awslogs-group)");
        String prefix = options.get("awslogs-stream-prefix");
        String stream = prefix == null || prefix.isEmpty() ? "<container id>" : prefix + "/" + container + "/" + taskId;
        return "awslogs group " + group + ", stream " + stream;
    }
}
