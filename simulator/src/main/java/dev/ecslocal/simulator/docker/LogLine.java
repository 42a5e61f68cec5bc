package dev.ecslocal.simulator.docker;

import java.time.Instant;

/**
 * One line a container wrote, without its line ending.
 *
 * @param at the daemon's timestamp of the line
 */
public record LogLine(String containerId, Source source, String text, Instant at) {
    public enum Source { STDOUT, STDERR }
}
