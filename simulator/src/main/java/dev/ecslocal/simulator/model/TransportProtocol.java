package dev.ecslocal.simulator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code portMappings[].protocol}; absent means tcp. */
public enum TransportProtocol {
    @JsonProperty("tcp") TCP,
    @JsonProperty("udp") UDP;

    public String ecsName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
