package dev.ecslocal.simulator.plan;

/** {@code dependent} may not start until {@code dependency} reaches {@code gate}; it also stops first. */
public record Edge(String dependent, String dependency, Gate gate, Cause cause) {
    @Override
    public String toString() {
        return dependent + " -> " + dependency + " " + gate + " (" + cause.label() + ")";
    }
}
