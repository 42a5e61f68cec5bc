package dev.ecslocal.simulator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Task {@code pidMode}. */
public enum PidMode {
    @JsonProperty("host") HOST,
    @JsonProperty("task") TASK
}
