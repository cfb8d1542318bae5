package org.tubelet.io.tensorboard;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Protocol buffers' wire format, the few parts TensorBoard's messages need: varint, 64-bit, length-delimited and
 * 32-bit fields, each preceded by its key {@code (field number << 3) | wire type}. Fields are written in the order the
 * caller gives; a nested message is written as a length-delimited field holding its bytes.
 */
final class ProtoWriter {
    private static final int VARINT = 0;
    private static final int I64 = 1;
    private static final int LEN = 2;
    private static final int I32 = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtoWriter int64(int field, long value) {
        key(field, VARINT);
        varint(value);
        return this;
    }

    ProtoWriter double64(int field, double value) {
        key(field, I64);
        long bits = Double.doubleToRawLongBits(value);
        for (int i = 0; i < 8; i++) {
            out.write((int) (bits >>> (8 * i)));          // little-endian
        }
        return this;
    }

    ProtoWriter float32(int field, float value) {
        key(field, I32);
        int bits = Float.floatToRawIntBits(value);
        for (int i = 0; i < 4; i++) {
            out.write(bits >>> (8 * i));                  // little-endian
        }
        return this;
    }

    ProtoWriter bytes(int field, byte[] value) {
        key(field, LEN);
        varint(value.length);
        out.writeBytes(value);
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void key(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    /** Seven bits per byte, lowest first, the high bit set on every byte but the last; negatives take ten bytes. */
    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
