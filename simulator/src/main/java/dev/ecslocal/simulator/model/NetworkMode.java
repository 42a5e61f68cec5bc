package dev.ecslocal.simulator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Task {@code networkMode}; absent means {@link #BRIDGE} (ECS-SEMANTICS §5.1). */
public enum NetworkMode {
    @JsonProperty("bridge") BRIDGE,
    @JsonProperty("host") HOST,
    @JsonProperty("awsvpc") AWSVPC,
    @JsonProperty("none") NONE,
    /** Windows only; ECS on Linux refuses it. */
    @JsonProperty("default") DEFAULT;

    public String ecsName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
