package org.tubelet.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A second, independent reader of TensorBoard event files, written from the formats' documentation and sharing no code
 * with the writer: TFRecord framing (uint64 length, masked CRC-32C of it, data, masked CRC-32C of the data, all
 * little-endian; the CRC computed here bit by bit with the Castagnoli polynomial), protocol buffers' wire format parsed
 * into a generic field tree, and TensorFlow's {@code Event} / {@code Summary} messages read from that tree by their
 * field numbers in {@code event.proto} and {@code summary.proto}.
 */
public final class TfEventReader {
    private TfEventReader() {
    }

    /** An event: exactly one of fileVersion, values (a summary) or sessionLogStatus is set. */
    public record Event(double wallTime, long step, String fileVersion, List<Value> values, Long sessionLogStatus) {
    }

    /** A Summary.Value: its tag, and a scalar, an image or a string tensor with its plugin's name. */
    public record Value(String tag, Float simpleValue, Image image, List<String> strings, Long dtype, String plugin) {
    }

    /** A Summary.Image. */
    public record Image(long height, long width, long colourspace, byte[] encoded) {
    }

    /** Reads every event of a file; fails on a bad CRC or a truncated record. */
    public static List<Event> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (b.hasRemaining()) {
            if (b.remaining() < 12) {
                throw new IOException(file + ": truncated record header at byte " + b.position());
            }
            byte[] lengthBytes = new byte[8];
            b.get(lengthBytes);
            int lengthCrc = b.getInt();
            check(lengthBytes, lengthCrc, file, "length");
            long length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (length < 0 || length > b.remaining() - 4) {
                throw new IOException(file + ": record of " + length + " bytes does not fit at byte " + b.position());
            }
            byte[] data = new byte[(int) length];
            b.get(data);
            check(data, b.getInt(), file, "data");
            events.add(event(fields(data)));
        }
        return events;
    }

    private static void check(byte[] bytes, int stored, Path file, String what) throws IOException {
        int expected = masked(crc32c(bytes));
        if (expected != stored) {
            throw new IOException(file + ": " + what + " CRC " + Integer.toHexString(stored) + ", expected "
                    + Integer.toHexString(expected));
        }
    }

    /** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), bit by bit. */
    public static int crc32c(byte[] bytes) {
        int crc = 0xFFFFFFFF;
        for (byte value : bytes) {
            crc ^= value & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
            }
        }
        return ~crc;
    }

    /** TFRecord's CRC mask: rotate right by 15 bits and add 0xa282ead8. */
    static int masked(int crc) {
        return Integer.rotateRight(crc, 15) + 0xa282ead8;
    }

    // ---- protocol buffers' wire format, generically: field number -> values (Long for varint/fixed, byte[] for LEN)

    static Map<Integer, List<Object>> fields(byte[] msg) throws IOException {
        Map<Integer, List<Object>> out = new LinkedHashMap<>();
        int[] at = {0};
        while (at[0] < msg.length) {
            long key = varint(msg, at);
            int field = (int) (key >>> 3);
            int type = (int) (key & 7);
            Object v;
            switch (type) {
                case 0 -> v = varint(msg, at);
                case 1 -> {
                    v = ByteBuffer.wrap(msg, at[0], 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                    at[0] += 8;
                }
                case 2 -> {
                    int len = (int) varint(msg, at);
                    byte[] bytes = new byte[len];
                    System.arraycopy(msg, at[0], bytes, 0, len);
                    at[0] += len;
                    v = bytes;
                }
                case 5 -> {
                    v = (long) ByteBuffer.wrap(msg, at[0], 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                    at[0] += 4;
                }
                default -> throw new IOException("wire type " + type + " of field " + field);
            }
            out.computeIfAbsent(field, f -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static long varint(byte[] msg, int[] at) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at[0] >= msg.length) {
                throw new IOException("truncated varint");
            }
            byte b = msg[at[0]++];
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("varint longer than 10 bytes");
    }

    // ---- TensorFlow's messages, by field number

    private static Event event(Map<Integer, List<Object>> e) throws IOException {
        double wall = Double.longBitsToDouble((Long) one(e, 1, 0L));           // wall_time = 1 (double)
        long step = (Long) one(e, 2, 0L);                                      // step = 2
        String version = e.containsKey(3) ? string(one(e, 3, null)) : null;    // file_version = 3
        List<Value> values = null;
        if (e.containsKey(5)) {                                                // summary = 5
            values = new ArrayList<>();
            for (Object v : fields((byte[]) one(e, 5, null)).getOrDefault(1, List.of())) {   // repeated value = 1
                values.add(value(fields((byte[]) v)));
            }
        }
        Long status = e.containsKey(7) ? (Long) one(fields((byte[]) one(e, 7, null)), 1, 0L) : null;  // session_log
        return new Event(wall, step, version, values, status);
    }

    private static Value value(Map<Integer, List<Object>> v) throws IOException {
        String tag = string(one(v, 1, new byte[0]));                                      // tag = 1
        Float simple = v.containsKey(2) ? Float.intBitsToFloat((int) (long) (Long) one(v, 2, 0L)) : null;
        Image image = null;
        if (v.containsKey(4)) {                                                           // image = 4
            Map<Integer, List<Object>> i = fields((byte[]) one(v, 4, null));
            image = new Image((Long) one(i, 1, 0L), (Long) one(i, 2, 0L), (Long) one(i, 3, 0L),
                    (byte[]) one(i, 4, new byte[0]));
        }
        List<String> strings = null;
        Long dtype = null;
        if (v.containsKey(8)) {                                                           // tensor = 8
            Map<Integer, List<Object>> t = fields((byte[]) one(v, 8, null));
            dtype = (Long) one(t, 1, 0L);                                                 // dtype = 1
            strings = new ArrayList<>();
            for (Object s : t.getOrDefault(8, List.of())) {                               // string_val = 8
                strings.add(string(s));
            }
        }
        String plugin = null;
        if (v.containsKey(9)) {                                     // metadata = 9 -> plugin_data = 1 -> plugin_name = 1
            Map<Integer, List<Object>> meta = fields((byte[]) one(v, 9, null));
            if (meta.containsKey(1)) {
                plugin = string(one(fields((byte[]) one(meta, 1, null)), 1, new byte[0]));
            }
        }
        return new Value(tag, simple, image, strings, dtype, plugin);
    }

    private static Object one(Map<Integer, List<Object>> m, int field, Object absent) throws IOException {
        List<Object> l = m.get(field);
        if (l == null) {
            return absent;
        }
        if (l.size() != 1) {
            throw new IOException("field " + field + " appears " + l.size() + " times");
        }
        return l.get(0);
    }

    private static String string(Object bytes) {
        return new String((byte[]) bytes, StandardCharsets.UTF_8);
    }
}
