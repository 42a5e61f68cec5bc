package dev.ecslocal.simulator.docker;

import java.util.Map;

/** A volume the runtime has, with its labels: what an earlier run may have left. */
public record VolumeSummary(String name, Map<String, String> labels) {
    public VolumeSummary {
        labels = Map.copyOf(labels);
    }
}
