package dev.ecslocal.simulator.firelens;

import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.ExtensionValue;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The Fluentd forward protocol, v1 (what Docker's fluentd log driver and Fluent Bit's forward output speak):
 * every frame is a msgpack array whose second element says the mode.
 * <ul>
 *   <li>Message: {@code [tag, time, record, option?]}</li>
 *   <li>Forward: {@code [tag, [[time, record], …], option?]}</li>
 *   <li>PackedForward: {@code [tag, <msgpack stream of [time, record] as bin or str>, option?]}</li>
 *   <li>CompressedPackedForward: the same stream, gzip-compressed, with {@code option.compressed = "gzip"}</li>
 * </ul>
 * {@code time} is whole seconds, or EventTime (extension type 0: 32-bit seconds, 32-bit nanoseconds, big
 * endian). When {@code option.chunk} is set, the sender waits for {@code {"ack": chunk}}.
 */
public final class ForwardDecoder {
    /** The extension type of Fluentd's EventTime. */
    static final byte EVENT_TIME_EXTENSION = 0;

    private ForwardDecoder() {
    }

    /** One decoded frame: its events, and the chunk id to acknowledge (null when none was asked). */
    public record Frame(List<ForwardRecord> records, String chunk) {
    }

    public static Frame decode(Value frame) throws ForwardProtocolException {
        if (!frame.isArrayValue()) {
            throw new ForwardProtocolException("a frame must be a msgpack array, got " + frame.getValueType());
        }
        ArrayValue array = frame.asArrayValue();
        if (array.size() < 2 || !array.get(0).isStringValue()) {
            throw new ForwardProtocolException("a frame must start with a string tag, got " + describe(array));
        }
        String tag = array.get(0).asStringValue().asString();
        Value second = array.get(1);
        List<ForwardRecord> records = new ArrayList<>();
        Map<String, Value> option;
        if (second.isIntegerValue() || second.isExtensionValue()) {
            if (array.size() < 3) {
                throw new ForwardProtocolException("Message mode needs [tag, time, record], got " + describe(array));
            }
            records.add(new ForwardRecord(tag, time(second), record(array.get(2))));
            option = option(array, 3);
        } else if (second.isArrayValue()) {
            for (Value entry : second.asArrayValue()) {
                records.add(entry(tag, entry));
            }
            option = option(array, 2);
        } else if (second.isRawValue()) {
            option = option(array, 2);
            byte[] packed = second.asRawValue().asByteArray();
            Value compressed = option.get("compressed");
            boolean gzip = compressed != null && compressed.isStringValue() && compressed.asStringValue().asString().equals("gzip");
            try (InputStream entries = gzip ? new GZIPInputStream(new ByteArrayInputStream(packed)) : new ByteArrayInputStream(packed);
                 MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(entries)) {
                while (unpacker.hasNext()) {
                    records.add(entry(tag, unpacker.unpackValue()));
                }
            } catch (IOException | MessagePackException e) {
                throw new ForwardProtocolException("the " + (gzip ? "compressed " : "") + "packed entries of tag " + tag
                        + " cannot be read: " + e.getMessage(), e);
            }
        } else {
            throw new ForwardProtocolException("the second element of a frame must be a time, an array of entries or "
                    + "packed entries, got " + second.getValueType());
        }
        Value chunk = option.get("chunk");
        return new Frame(records, chunk != null && chunk.isRawValue() ? chunk.asRawValue().asString() : null);
    }

    private static ForwardRecord entry(String tag, Value entry) throws ForwardProtocolException {
        if (!entry.isArrayValue() || entry.asArrayValue().size() < 2) {
            throw new ForwardProtocolException("an entry must be [time, record], got " + entry);
        }
        return new ForwardRecord(tag, time(entry.asArrayValue().get(0)), record(entry.asArrayValue().get(1)));
    }

    private static Map<String, Value> option(ArrayValue array, int index) throws ForwardProtocolException {
        if (array.size() <= index || array.get(index).isNilValue()) {
            return Map.of();
        }
        if (!array.get(index).isMapValue()) {
            throw new ForwardProtocolException("the option of a frame must be a map, got " + array.get(index).getValueType());
        }
        Map<String, Value> option = new LinkedHashMap<>();
        array.get(index).asMapValue().map().forEach((key, value) -> option.put(key.isRawValue() ? key.asRawValue().asString()
                : key.toString(), value));
        return option;
    }

    static Instant time(Value time) throws ForwardProtocolException {
        if (time.isIntegerValue()) {
            return Instant.ofEpochSecond(time.asIntegerValue().toLong());
        }
        if (time.isExtensionValue()) {
            ExtensionValue extension = time.asExtensionValue();
            byte[] data = extension.getData();
            if (extension.getType() == EVENT_TIME_EXTENSION && data.length == 8) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                long seconds = Integer.toUnsignedLong(buffer.getInt());
                long nanos = Integer.toUnsignedLong(buffer.getInt());
                return Instant.ofEpochSecond(seconds, nanos);
            }
            throw new ForwardProtocolException("a time must be seconds or EventTime (extension 0, 8 bytes), got extension "
                    + extension.getType() + " of " + data.length + " bytes");
        }
        if (time.isFloatValue()) {
            double seconds = time.asFloatValue().toDouble();
            return Instant.ofEpochSecond((long) seconds, (long) ((seconds - Math.floor(seconds)) * 1e9));
        }
        throw new ForwardProtocolException("a time must be seconds or EventTime, got " + time.getValueType());
    }

    private static Map<String, Object> record(Value record) throws ForwardProtocolException {
        if (!record.isMapValue()) {
            throw new ForwardProtocolException("a record must be a map, got " + record.getValueType());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) plain(record);
        return plain;
    }

    /** A msgpack value as JSON would have it; binary (Docker sends some fields so) as UTF-8 text. */
    static Object plain(Value value) {
        switch (value.getValueType()) {
            case NIL:
                return null;
            case BOOLEAN:
                return value.asBooleanValue().getBoolean();
            case INTEGER:
                return value.asIntegerValue().toLong();
            case FLOAT:
                return value.asFloatValue().toDouble();
            case STRING:
            case BINARY:
                return value.asRawValue().asString();
            case ARRAY:
                List<Object> list = new ArrayList<>();
                value.asArrayValue().forEach(element -> list.add(plain(element)));
                return list;
            case MAP:
                MapValue map = value.asMapValue();
                Map<String, Object> fields = new LinkedHashMap<>();
                map.map().forEach((key, field) -> fields.put(key.isRawValue() ? key.asRawValue().asString() : key.toString(),
                        plain(field)));
                return fields;
            default:
                return value.toString();
        }
    }

    private static String describe(ArrayValue array) {
        String text = array.toString();
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }
}
