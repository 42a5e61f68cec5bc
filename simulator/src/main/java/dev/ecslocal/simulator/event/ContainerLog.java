package dev.ecslocal.simulator.event;

import java.time.Instant;

/** A line one of the task's containers wrote. @param at the daemon's time of the line */
public record ContainerLog(String container, Stream stream, String text, Instant at) {
    /** Which of the container's outputs the line came from. */
    public enum Stream { STDOUT, STDERR }
}
