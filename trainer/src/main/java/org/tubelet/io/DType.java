package org.tubelet.io;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Element types of a {@link HostTensor}, named as in the safetensors format.
 *
 * <p>All multi-byte types are stored little-endian. {@link #BOOL} is one byte per element
 * (0 = false, anything else = true) and {@link #U8} is unsigned.
 */
public enum DType {
    /** IEEE 754 binary64. */
    F64(8, true),
    /** IEEE 754 binary32. */
    F32(4, true),
    /** IEEE 754 binary16 (half precision). */
    F16(2, true),
    /** bfloat16: the upper 16 bits of a binary32. */
    BF16(2, true),
    /** Signed 64-bit integer. */
    I64(8, false),
    /** Signed 32-bit integer. */
    I32(4, false),
    /** Signed 16-bit integer. */
    I16(2, false),
    /** Signed 8-bit integer. */
    I8(1, false),
    /** Unsigned 8-bit integer. */
    U8(1, false),
    /** Boolean, one byte per element. */
    BOOL(1, false);

    private final int byteSize;
    private final boolean floating;

    DType(int byteSize, boolean floating) {
        this.byteSize = byteSize;
        this.floating = floating;
    }

    /** @return the size of one element in bytes */
    public int byteSize() {
        return byteSize;
    }

    /** @return the dtype string used in a safetensors header, e.g. {@code "F32"}, {@code "BF16"}, {@code "BOOL"} */
    public String safetensorsName() {
        return name();
    }

    /** @return true for F64, F32, F16 and BF16 */
    public boolean isFloating() {
        return floating;
    }

    /**
     * Parses a safetensors dtype string (case-sensitive, as written by the safetensors library).
     *
     * @param name the dtype string, e.g. {@code "F32"}
     * @return the matching dtype
     * @throws IllegalArgumentException naming the value and the supported ones if it is not supported
     */
    public static DType fromSafetensors(String name) {
        for (DType t : values()) {
            if (t.safetensorsName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown safetensors dtype '" + name + "' (supported: "
                + Arrays.stream(values()).map(DType::safetensorsName).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * Position of this dtype in the Rust safetensors {@code Dtype} enum (BOOL, U8, I8, F8_E5M2, F8_E4M3, I16,
     * U16, F16, BF16, I32, U32, F32, F64, I64, U64). The safetensors library lays tensors out by this rank,
     * descending, then by name; {@link Safetensors#write} does the same.
     */
    int safetensorsRank() {
        return switch (this) {
            case BOOL -> 0;
            case U8 -> 1;
            case I8 -> 2;
            case I16 -> 5;
            case F16 -> 7;
            case BF16 -> 8;
            case I32 -> 9;
            case F32 -> 11;
            case F64 -> 12;
            case I64 -> 13;
        };
    }
}
