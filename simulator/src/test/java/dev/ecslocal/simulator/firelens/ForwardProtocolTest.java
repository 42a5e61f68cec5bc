package dev.ecslocal.simulator.firelens;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Fluentd forward protocol as Docker's fluentd driver and Fluent Bit speak it: each mode, EventTime, acks,
 * and what a malformed frame does (a clear error; that connection closed; the others served).
 */
class ForwardProtocolTest {
    private static final Instant T = Instant.parse("2026-11-22T10:00:00.123456789Z");

    private final List<ForwardRecord> received = Collections.synchronizedList(new ArrayList<>());
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private ForwardReceiver receiver;

    @AfterEach
    void close() throws IOException {
        if (receiver != null) {
            receiver.close();
        }
    }

    // ---- building frames ------------------------------------------------------------------------------

    private interface Writer {
        void write(MessagePacker packer) throws IOException;
    }

    private static byte[] pack(Writer writer) throws IOException {
        MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
        writer.write(packer);
        packer.close();
        return packer.toByteArray();
    }

    private static void eventTime(MessagePacker packer, Instant time) throws IOException {
        packer.packExtensionTypeHeader((byte) 0, 8);
        packer.writePayload(ByteBuffer.allocate(8).putInt((int) time.getEpochSecond()).putInt(time.getNano()).array());
    }

    /** A record as Docker's fluentd driver sends one line. */
    private static void dockerRecord(MessagePacker packer, String line) throws IOException {
        packer.packMapHeader(4);
        packer.packString("container_id").packString("abc123");
        packer.packString("container_name").packString("/ecs-local-payments-1-app");
        packer.packString("source").packString("stdout");
        packer.packString("log").packString(line);
    }

    private static Value value(byte[] bytes) throws IOException {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
            return unpacker.unpackValue();
        }
    }

    private static ForwardDecoder.Frame decode(Writer writer) throws Exception {
        return ForwardDecoder.decode(value(pack(writer)));
    }

    // ---- modes ------------------------------------------------------------------------------------------

    @Test
    void message_mode_with_EventTime_is_what_Docker_sends_with_sub_second_precision() throws Exception {
        ForwardDecoder.Frame frame = decode(p -> {
            p.packArrayHeader(3).packString("app-firelens-t1");
            eventTime(p, T);
            dockerRecord(p, "hello");
        });
        assertThat(frame.chunk()).isNull();
        assertThat(frame.records()).containsExactly(new ForwardRecord("app-firelens-t1", T, Map.of(
                "container_id", "abc123", "container_name", "/ecs-local-payments-1-app", "source", "stdout", "log", "hello")));
    }

    @Test
    void message_mode_with_whole_seconds_and_an_option_asking_for_an_ack() throws Exception {
        ForwardDecoder.Frame frame = decode(p -> {
            p.packArrayHeader(4).packString("tag").packLong(1_700_000_000L);
            dockerRecord(p, "x");
            p.packMapHeader(1).packString("chunk").packString("c1");
        });
        assertThat(frame.records().get(0).time()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(frame.chunk()).isEqualTo("c1");
    }

    @Test
    void forward_mode_carries_several_entries() throws Exception {
        ForwardDecoder.Frame frame = decode(p -> {
            p.packArrayHeader(2).packString("tag").packArrayHeader(2);
            p.packArrayHeader(2);
            eventTime(p, T);
            dockerRecord(p, "one");
            p.packArrayHeader(2).packLong(5);
            dockerRecord(p, "two");
        });
        assertThat(frame.records()).extracting(r -> r.record().get("log")).containsExactly("one", "two");
        assertThat(frame.records().get(1).time()).isEqualTo(Instant.ofEpochSecond(5));
    }

    private static byte[] entries(String... lines) throws IOException {
        return pack(p -> {
            for (String line : lines) {
                p.packArrayHeader(2);
                eventTime(p, T);
                dockerRecord(p, line);
            }
        });
    }

    @Test
    void packed_forward_mode_carries_a_msgpack_stream_of_entries_as_bin_or_str() throws Exception {
        byte[] stream = entries("a", "b", "c");
        ForwardDecoder.Frame bin = decode(p -> {
            p.packArrayHeader(3).packString("tag").packBinaryHeader(stream.length);
            p.writePayload(stream);
            p.packMapHeader(1).packString("size").packInt(3);
        });
        assertThat(bin.records()).extracting(r -> r.record().get("log")).containsExactly("a", "b", "c");
        ForwardDecoder.Frame str = decode(p -> {
            p.packArrayHeader(2).packString("tag").packRawStringHeader(stream.length);
            p.writePayload(stream);
        });
        assertThat(str.records()).hasSize(3);
    }

    @Test
    void compressed_packed_forward_mode_is_gzip_of_the_same_stream() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(entries("x", "y"));
        }
        byte[] compressed = gzipped.toByteArray();
        ForwardDecoder.Frame frame = decode(p -> {
            p.packArrayHeader(3).packString("tag").packBinaryHeader(compressed.length);
            p.writePayload(compressed);
            p.packMapHeader(2).packString("compressed").packString("gzip").packString("chunk").packString("z9");
        });
        assertThat(frame.records()).extracting(r -> r.record().get("log")).containsExactly("x", "y");
        assertThat(frame.chunk()).isEqualTo("z9");
    }

    @Test
    void record_values_keep_their_JSON_types() throws Exception {
        ForwardDecoder.Frame frame = decode(p -> {
            p.packArrayHeader(3).packString("tag").packLong(1).packMapHeader(5);
            p.packString("n").packLong(42).packString("f").packDouble(1.5).packString("b").packBoolean(true);
            p.packString("nil").packNil().packString("bin").packBinaryHeader(2);
            p.writePayload("ok".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
        Map<String, Object> record = frame.records().get(0).record();
        assertThat(record).containsEntry("n", 42L).containsEntry("f", 1.5).containsEntry("b", true).containsEntry("bin", "ok");
        assertThat(record).containsKey("nil");
        assertThat(record.get("nil")).isNull();
    }

    // ---- malformed frames ---------------------------------------------------------------------------

    @Test
    void malformed_frames_are_refused_with_what_was_wrong() {
        assertThatThrownBy(() -> decode(p -> p.packString("hello")))
                .isInstanceOf(ForwardProtocolException.class).hasMessage("a frame must be a msgpack array, got STRING");
        assertThatThrownBy(() -> decode(p -> p.packArrayHeader(2).packInt(1).packInt(2)))
                .hasMessageStartingWith("a frame must start with a string tag");
        assertThatThrownBy(() -> decode(p -> p.packArrayHeader(2).packString("t").packInt(1)))
                .hasMessageStartingWith("Message mode needs [tag, time, record]");
        assertThatThrownBy(() -> decode(p -> p.packArrayHeader(3).packString("t").packInt(1).packString("not a map")))
                .hasMessage("a record must be a map, got STRING");
        assertThatThrownBy(() -> decode(p -> {
            p.packArrayHeader(3).packString("t").packExtensionTypeHeader((byte) 5, 8);
            p.writePayload(new byte[8]);
            p.packMapHeader(0);
        })).hasMessage("a time must be seconds or EventTime (extension 0, 8 bytes), got extension 5 of 8 bytes");
        assertThatThrownBy(() -> decode(p -> {
            p.packArrayHeader(3).packString("t").packBinaryHeader(3);
            p.writePayload(new byte[] {1, 2, 3});
            p.packMapHeader(1).packString("compressed").packString("gzip");
        })).hasMessageStartingWith("the compressed packed entries of tag t cannot be read");
    }

    // ---- the server ---------------------------------------------------------------------------------

    private void startReceiver() throws IOException {
        receiver = new ForwardReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), received::add, problems::add);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), receiver.port());
        socket.setSoTimeout(5000);
        return socket;
    }

    private void await(Duration patience, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", patience).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void the_receiver_acknowledges_a_chunk_after_handing_its_records_on() throws Exception {
        startReceiver();
        try (Socket socket = connect()) {
            socket.getOutputStream().write(pack(p -> {
                p.packArrayHeader(4).packString("app-firelens-t1").packLong(1);
                dockerRecord(p, "acked");
                p.packMapHeader(1).packString("chunk").packString("Y2h1bmsx");
            }));
            try (MessageUnpacker reply = MessagePack.newDefaultUnpacker(socket.getInputStream())) {
                assertThat(reply.unpackValue().toString()).isEqualTo("{\"ack\":\"Y2h1bmsx\"}");
            }
            assertThat(received).extracting(r -> r.record().get("log")).containsExactly("acked");
        }
    }

    @Test
    void a_malformed_frame_closes_its_connection_with_a_message_and_others_are_still_served() throws Exception {
        startReceiver();
        try (Socket good = connect(); Socket bad = connect()) {
            OutputStream goodOut = good.getOutputStream();
            goodOut.write(pack(p -> {
                p.packArrayHeader(3).packString("a").packLong(1);
                dockerRecord(p, "before");
            }));
            bad.getOutputStream().write(pack(p -> p.packArrayHeader(2).packInt(7).packInt(8)));
            await(Duration.ofSeconds(5), () -> !problems.isEmpty());
            assertThat(bad.getInputStream().read()).as("the bad connection was closed").isEqualTo(-1);
            assertThat(problems.get(0)).startsWith("closed the forward connection from /127.0.0.1:")
                    .contains("a frame must start with a string tag");
            goodOut.write(pack(p -> {
                p.packArrayHeader(3).packString("a").packLong(1);
                dockerRecord(p, "after");
            }));
            await(Duration.ofSeconds(5), () -> received.size() == 2);
            assertThat(received).extracting(r -> r.record().get("log")).containsExactly("before", "after");
        }
    }

    @Test
    void frames_split_across_writes_and_several_per_write_are_all_read() throws Exception {
        startReceiver();
        byte[] frames = pack(p -> {
            for (int i = 0; i < 100; i++) {
                p.packArrayHeader(3).packString("a");
                eventTime(p, T);
                dockerRecord(p, "line " + i);
            }
        });
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            for (int offset = 0; offset < frames.length; offset += 37) {
                out.write(frames, offset, Math.min(37, frames.length - offset));
                out.flush();
            }
            await(Duration.ofSeconds(5), () -> received.size() == 100);
        }
        assertThat(received.get(99).record().get("log")).isEqualTo("line 99");
        assertThat(problems).isEmpty();
    }

    private byte[] oneLine(String log) throws IOException {
        return pack(p -> {
            p.packArrayHeader(3).packString("app-firelens-t1").packLong(1);
            dockerRecord(p, log);
        });
    }

    @Test
    void a_sender_the_gate_refuses_is_closed_unheard_and_said_once_however_often_it_knocks() throws Exception {
        receiver = new ForwardReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                peer -> "it is not a container of this task", 4, received::add, problems::add);
        for (int i = 0; i < 5; i++) {
            try (Socket outsider = connect()) {
                outsider.getOutputStream().write(oneLine("injected " + i));
                assertThat(outsider.getInputStream().read()).as("closed").isEqualTo(-1);
            } catch (java.net.SocketException reset) {
                // Closed before the write landed: refused all the same.
            }
        }
        assertThat(received).isEmpty();
        assertThat(problems).containsExactly("refused the forward connections from 127.0.0.1: it is not a container of this task");
    }

    @Test
    void connections_over_the_cap_are_closed_said_once_and_the_open_ones_go_on() throws Exception {
        receiver = new ForwardReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ForwardReceiver.Gate.ANYONE, 3, received::add, problems::add);
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket socket = connect();
                held.add(socket);
                socket.getOutputStream().write(oneLine("held " + i));
            }
            await(Duration.ofSeconds(5), () -> received.size() == 3);
            List<Socket> extras = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    Socket extra = connect();
                    extras.add(extra);
                    assertThat(extra.getInputStream().read()).as("over the cap: closed").isEqualTo(-1);
                }
                // A connection's thread is named by its peer's port: none was started for those over the cap.
                java.util.Set<String> overTheCap = new java.util.HashSet<>();
                extras.forEach(extra -> overTheCap.add("ecs-local-forward-" + extra.getLocalPort()));
                java.util.Set<String> served = new java.util.HashSet<>();
                held.forEach(socket -> served.add("ecs-local-forward-" + socket.getLocalPort()));
                java.util.Set<String> threads = new java.util.HashSet<>();
                Thread.getAllStackTraces().keySet().forEach(thread -> threads.add(thread.getName()));
                assertThat(threads).containsAll(served).doesNotContainAnyElementsOf(overTheCap);
            } finally {
                for (Socket extra : extras) {
                    extra.close();
                }
            }
            held.get(0).getOutputStream().write(oneLine("still served"));
            await(Duration.ofSeconds(5), () -> received.size() == 4);
            assertThat(problems).hasSize(1);
            assertThat(problems.get(0)).startsWith("closed forward connections over the limit of 3 at once");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        // Once they close, a newcomer is served again.
        await(Duration.ofSeconds(5), () -> {
            try (Socket again = connect()) {
                again.getOutputStream().write(oneLine("after"));
                again.setSoTimeout(200);
                return again.getInputStream().read() != -1 || received.size() == 5;
            } catch (IOException e) {
                return received.size() == 5;
            }
        });
    }
}
