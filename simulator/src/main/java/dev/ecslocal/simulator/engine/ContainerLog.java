package dev.ecslocal.simulator.engine;

import dev.ecslocal.simulator.docker.LogLine;

import java.time.Instant;

/** A line one of the task's containers wrote. @param at the daemon's time of the line */
public record ContainerLog(String container, LogLine.Source source, String text, Instant at) {
}
