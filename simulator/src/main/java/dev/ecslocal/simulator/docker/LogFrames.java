package dev.ecslocal.simulator.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Cuts one container's log stream into lines. Docker sends frames, not lines: a frame may hold part of a
 * line or several lines, per stream. Lines are asked for with timestamps ({@code 2026-11-22T10:00:00.123456789Z
 * text}), which says when each was written, so that a stream re-opened after a restart can skip what was
 * already shown. Cutting on the byte {@code \n} is safe in UTF-8, which never uses it inside a character.
 *
 * <p>Not thread-safe: one stream, one instance.
 */
public final class LogFrames {
    private final String containerId;
    private final Instant skipBefore;
    private final Consumer<LogLine> lines;
    private final Map<LogLine.Source, ByteArrayOutputStream> partial = new EnumMap<>(LogLine.Source.class);
    private Instant lastAt;

    /** @param skipBefore lines written before this are dropped (Docker's own {@code since} has whole seconds) */
    public LogFrames(String containerId, Instant skipBefore, Consumer<LogLine> lines) {
        this.containerId = containerId;
        this.skipBefore = skipBefore;
        this.lines = lines;
    }

    public void accept(LogLine.Source source, byte[] payload) {
        ByteArrayOutputStream buffer = partial.computeIfAbsent(source, s -> new ByteArrayOutputStream());
        int start = 0;
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == '\n') {
                buffer.write(payload, start, i - start);
                emit(source, buffer);
                start = i + 1;
            }
        }
        buffer.write(payload, start, payload.length - start);
    }

    /** The stream ended: a last line without its newline is still a line. */
    public void finish() {
        partial.forEach((source, buffer) -> {
            if (buffer.size() > 0) {
                emit(source, buffer);
            }
        });
    }

    private void emit(LogLine.Source source, ByteArrayOutputStream buffer) {
        String raw = buffer.toString(StandardCharsets.UTF_8);
        buffer.reset();
        Instant at = lastAt;
        String text = raw;
        int space = raw.indexOf(' ');
        if (space > 0 && raw.charAt(space - 1) == 'Z') {
            try {
                at = Instant.parse(raw.substring(0, space));
                text = raw.substring(space + 1);
            } catch (DateTimeParseException notATimestamp) {
                // A continuation of a long line, or a stream without timestamps: the text is all of it.
            }
        }
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1); // a TTY's line ending
        }
        lastAt = at;
        if (skipBefore != null && at != null && at.isBefore(skipBefore)) {
            return;
        }
        lines.accept(new LogLine(containerId, source, text, at));
    }
}
