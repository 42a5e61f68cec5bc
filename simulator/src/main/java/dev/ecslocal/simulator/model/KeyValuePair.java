package dev.ecslocal.simulator.model;

/** ECS's {@code {name, value}} pair: environment entries and proxy properties. */
public record KeyValuePair(String name, String value) {
}
