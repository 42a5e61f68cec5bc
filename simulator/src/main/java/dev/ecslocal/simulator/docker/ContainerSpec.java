package dev.ecslocal.simulator.docker;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A container to create, fully resolved: what the engine asks the runtime for. ECS's defaults are
 * already applied here (a health check's 5 s timeout, not Docker's 30 s: ECS-SEMANTICS §4.1).
 *
 * @param networkMode Docker's: {@code bridge}, {@code host}, {@code none} or {@code container:<id>}
 * @param healthCheck null when the task definition gives none
 */
public record ContainerSpec(
        String name,
        String image,
        List<String> entryPoint,
        List<String> command,
        List<String> environment,
        Map<String, String> labels,
        String networkMode,
        HealthCheck healthCheck) {

    public ContainerSpec {
        entryPoint = List.copyOf(entryPoint);
        command = List.copyOf(command);
        environment = List.copyOf(environment);
        labels = Map.copyOf(labels);
    }

    /** Docker's health check, every value explicit. */
    public record HealthCheck(List<String> test, Duration interval, Duration timeout, int retries, Duration startPeriod) {
        public HealthCheck {
            test = List.copyOf(test);
        }
    }
}
