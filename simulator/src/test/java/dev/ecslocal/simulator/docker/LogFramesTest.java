package dev.ecslocal.simulator.docker;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Docker's log frames are cut into lines, per stream, with the daemon's timestamps. */
class LogFramesTest {
    private final List<LogLine> lines = new ArrayList<>();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_line_split_across_frames_is_one_line_and_its_timestamp_is_parsed() {
        LogFrames frames = new LogFrames("c1", null, lines::add);
        frames.accept(LogLine.Source.STDOUT, bytes("2026-11-22T10:00:00.123456789Z hel"));
        frames.accept(LogLine.Source.STDOUT, bytes("lo\n2026-11-22T10:00:01Z second\n"));
        assertThat(lines).containsExactly(
                new LogLine("c1", LogLine.Source.STDOUT, "hello", Instant.parse("2026-11-22T10:00:00.123456789Z")),
                new LogLine("c1", LogLine.Source.STDOUT, "second", Instant.parse("2026-11-22T10:00:01Z")));
    }

    @Test
    void stdout_and_stderr_are_cut_separately() {
        LogFrames frames = new LogFrames("c1", null, lines::add);
        frames.accept(LogLine.Source.STDOUT, bytes("2026-11-22T10:00:00Z out "));
        frames.accept(LogLine.Source.STDERR, bytes("2026-11-22T10:00:00Z err\n"));
        frames.accept(LogLine.Source.STDOUT, bytes("line\n"));
        assertThat(lines).extracting(LogLine::source, LogLine::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LogLine.Source.STDERR, "err"),
                org.assertj.core.groups.Tuple.tuple(LogLine.Source.STDOUT, "out line"));
    }

    @Test
    void lines_written_before_skipBefore_are_dropped_so_a_restart_shows_only_new_lines() {
        LogFrames frames = new LogFrames("c1", Instant.parse("2026-11-22T10:00:00.500Z"), lines::add);
        frames.accept(LogLine.Source.STDOUT, bytes("2026-11-22T10:00:00.100Z old\n2026-11-22T10:00:00.900Z new\n"));
        assertThat(lines).extracting(LogLine::text).containsExactly("new");
    }

    @Test
    void a_last_line_without_newline_arrives_when_the_stream_ends_and_a_tty_carriage_return_goes() {
        LogFrames frames = new LogFrames("c1", null, lines::add);
        frames.accept(LogLine.Source.STDOUT, bytes("2026-11-22T10:00:00Z prompt\r\n2026-11-22T10:00:00Z no newline"));
        frames.finish();
        assertThat(lines).extracting(LogLine::text).containsExactly("prompt", "no newline");
    }

    @Test
    void multi_byte_characters_split_across_frames_survive() {
        LogFrames frames = new LogFrames("c1", null, lines::add);
        byte[] all = bytes("2026-11-22T10:00:00Z café ✓\n");
        int cut = all.length - 3; // inside the three bytes of ✓
        frames.accept(LogLine.Source.STDOUT, java.util.Arrays.copyOfRange(all, 0, cut));
        frames.accept(LogLine.Source.STDOUT, java.util.Arrays.copyOfRange(all, cut, all.length));
        assertThat(lines).extracting(LogLine::text).containsExactly("café ✓");
    }
}
