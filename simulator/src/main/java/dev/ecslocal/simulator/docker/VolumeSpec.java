package dev.ecslocal.simulator.docker;

import java.util.Map;

/** A Docker named volume for a task. */
public record VolumeSpec(String name, String driver, Map<String, String> driverOptions, Map<String, String> labels) {
    public VolumeSpec {
        driverOptions = Map.copyOf(driverOptions);
        labels = Map.copyOf(labels);
    }
}
