package dev.ecslocal.simulator.problem;

/** A place in the user's file, 1-based as editors count. */
public record Location(int line, int column) {
    @Override
    public String toString() {
        return line + ":" + column;
    }
}
