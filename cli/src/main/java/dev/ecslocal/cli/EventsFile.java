package dev.ecslocal.cli;

import dev.ecslocal.simulator.event.TaskEvent;
import dev.ecslocal.simulator.event.TaskListener;
import dev.ecslocal.simulator.report.EventJson;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --events FILE}: every event as one JSON object per line (JSON Lines), written as it happens and
 * flushed at once, so that another program can follow the run, and a run killed half-way leaves what it had.
 */
final class EventsFile implements TaskListener, AutoCloseable {
    private final BufferedWriter writer;

    private EventsFile(Path file) throws IOException {
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /** @throws UnwritableFile naming --events and the file */
    static EventsFile open(Path file) throws UnwritableFile {
        try {
            return new EventsFile(file);
        } catch (IOException e) {
            throw UnwritableFile.of("--events", file, e);
        }
    }

    @Override
    public synchronized void event(TaskEvent event) {
        try {
            writer.write(JsonOutput.line(EventJson.of(event)));
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        writer.close();
    }
}
