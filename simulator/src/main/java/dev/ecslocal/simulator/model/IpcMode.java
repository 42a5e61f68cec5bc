package dev.ecslocal.simulator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Task {@code ipcMode}. */
public enum IpcMode {
    @JsonProperty("host") HOST,
    @JsonProperty("task") TASK,
    @JsonProperty("none") NONE
}
