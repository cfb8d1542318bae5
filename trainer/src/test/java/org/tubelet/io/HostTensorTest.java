package org.tubelet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostTensorTest {

    /** A one-element 16-bit tensor holding {@code bits}, little-endian. */
    private static HostTensor half(DType dtype, int bits) {
        return HostTensor.ofRaw(dtype, new long[] {1}, new byte[] {(byte) bits, (byte) (bits >>> 8)});
    }

    @ParameterizedTest(name = "F16 0x{0} = {1}")
    @CsvSource({
        "3C00, 1.0",
        "C100, -2.5",
        "7BFF, 65504.0",
        "0001, 5.9604645E-8",      // smallest subnormal 2^-24
        "03FF, 6.097555E-5",       // largest subnormal 1023 * 2^-24
        "0400, 6.1035156E-5",      // smallest normal 2^-14
        "3555, 0.33325195",
        "0000, 0.0",
        "8000, -0.0",
        "8001, -5.9604645E-8",
        "7C00, Infinity",
        "FC00, -Infinity",
        "7E00, NaN",
        "7C01, NaN",
    })
    void f16WidensExactly(String hex, float expected) {
        HostTensor t = half(DType.F16, Integer.parseInt(hex, 16));
        // assertEquals(float, float) compares bit patterns, so it distinguishes -0.0 and accepts NaN == NaN
        assertEquals(expected, t.toFloats()[0]);
        assertEquals((double) expected, t.toDoubles()[0]);
    }

    @ParameterizedTest(name = "BF16 0x{0} = {1}")
    @CsvSource({
        "3F80, 1.0",
        "C020, -2.5",
        "4780, 65536.0",           // 65504 is not representable in bf16; it rounds to this
        "477F, 65280.0",
        "0001, 9.18355E-41",       // smallest subnormal 2^-133
        "0080, 1.17549435E-38",    // smallest normal 2^-126
        "7F7F, 3.3895314E38",      // largest finite
        "8000, -0.0",
        "7F80, Infinity",
        "FF80, -Infinity",
        "7FC0, NaN",
    })
    void bf16WidensExactly(String hex, float expected) {
        HostTensor t = half(DType.BF16, Integer.parseInt(hex, 16));
        assertEquals(expected, t.toFloats()[0]);
        assertEquals((double) expected, t.toDoubles()[0]);
    }

    @Test
    void f16SubnormalsAreExactMultiplesOfTwoToTheMinus24() {
        for (int mant = 0; mant < 0x400; mant++) {
            assertEquals(mant * 0x1p-24f, HalfFloats.f16ToFloat(mant), "mantissa " + mant);
        }
    }

    @Test
    void floatFactoriesAndAccessorsAgree() {
        HostTensor f = HostTensor.ofFloats(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f});
        assertEquals(DType.F32, f.dtype());
        assertArrayEquals(new long[] {2, 3}, f.shape());
        assertEquals(6, f.numel());
        assertEquals(2, f.rank());
        assertEquals(24, f.sizeInBytes());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, -6.5f}, f.toFloats());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, -6.5}, f.toDoubles());
        // little-endian layout
        assertEquals(1.0f, ByteBuffer.wrap(f.rawBytes()).order(ByteOrder.LITTLE_ENDIAN).getFloat(0));
        assertEquals((byte) 0x3F, f.rawBytes()[3], "high byte of 1.0f = 0x3F800000 comes last");
    }

    @Test
    void doublesNarrowToNearestFloat() {
        HostTensor d = HostTensor.ofDoubles(new long[] {3}, new double[] {0.1, 1e300, -1e-300});
        assertArrayEquals(new float[] {0.1f, Float.POSITIVE_INFINITY, -0.0f}, d.toFloats());
        assertArrayEquals(new double[] {0.1, 1e300, -1e-300}, d.toDoubles());
    }

    @Test
    void integerTypesConvertWithSignOrUnsigned() {
        byte[] raw = {(byte) 0xFF, 0x7F, (byte) 0x80};
        assertArrayEquals(new long[] {-1, 127, -128}, HostTensor.ofRaw(DType.I8, new long[] {3}, raw).toLongs());
        HostTensor u8 = HostTensor.ofUint8(new long[] {3}, raw);
        assertArrayEquals(new long[] {255, 127, 128}, u8.toLongs());
        assertArrayEquals(new float[] {255, 127, 128}, u8.toFloats());
        assertArrayEquals(new boolean[] {true, true, true}, u8.toBooleans());
        HostTensor i16 = HostTensor.ofRaw(DType.I16, new long[] {2}, new byte[] {(byte) 0xFE, (byte) 0xFF, 0, 1});
        assertArrayEquals(new long[] {-2, 256}, i16.toLongs());
        assertArrayEquals(new long[] {Long.MIN_VALUE, 7},
                HostTensor.ofLongs(new long[] {2}, new long[] {Long.MIN_VALUE, 7}).toLongs());
        HostTensor i32 = HostTensor.ofInts(new long[] {2}, new int[] {-5, Integer.MAX_VALUE});
        assertEquals(DType.I32, i32.dtype());
        assertArrayEquals(new long[] {-5, Integer.MAX_VALUE}, i32.toLongs());
        assertArrayEquals(new double[] {-5, Integer.MAX_VALUE}, i32.toDoubles());
    }

    @Test
    void booleans() {
        HostTensor b = HostTensor.ofBooleans(new long[] {2, 2}, new boolean[] {true, false, false, true});
        assertEquals(DType.BOOL, b.dtype());
        assertArrayEquals(new byte[] {1, 0, 0, 1}, b.rawBytes());
        assertArrayEquals(new boolean[] {true, false, false, true}, b.toBooleans());
        assertArrayEquals(new long[] {1, 0, 0, 1}, b.toLongs());
        assertArrayEquals(new float[] {1, 0, 0, 1}, b.toFloats());
        // any nonzero byte is true
        HostTensor raw = HostTensor.ofRaw(DType.BOOL, new long[] {2}, new byte[] {2, 0});
        assertArrayEquals(new boolean[] {true, false}, raw.toBooleans());
        assertArrayEquals(new long[] {1, 0}, raw.toLongs());
    }

    @Test
    void wrongAccessorsThrowIllegalState() {
        HostTensor f = HostTensor.ofFloats(new long[] {1}, new float[] {1});
        IllegalStateException e = assertThrows(IllegalStateException.class, f::toLongs);
        assertTrue(e.getMessage().contains("F32"), e.getMessage());
        assertThrows(IllegalStateException.class, f::toBooleans);
        assertThrows(IllegalStateException.class, HostTensor.ofLongs(new long[] {1}, new long[] {1})::toBooleans);
    }

    @Test
    void factoriesValidateLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostTensor.ofFloats(new long[] {2, 3}, new float[5]));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("6") && e.getMessage().contains("5"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> HostTensor.ofRaw(DType.F16, new long[] {3}, new byte[5]));
        assertTrue(e.getMessage().contains("6 bytes") && e.getMessage().contains("5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HostTensor.ofLongs(new long[] {2, -1}, new long[0]));
        assertTrue(e.getMessage().contains("negative dimension -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> HostTensor.ofRaw(DType.F64, new long[] {1L << 20, 1L << 20}, new byte[0]));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> HostTensor.ofRaw(DType.F64, new long[] {1L << 40, 1L << 40}, new byte[0]));
        assertTrue(e.getMessage().contains("more than 9223372036854775807 elements"), e.getMessage());
    }

    @Test
    void scalarsAndEmptyTensors() {
        HostTensor scalar = HostTensor.ofFloats(new long[0], new float[] {3.5f});
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.numel());
        assertEquals("HostTensor[F32 ()]", scalar.toString());
        HostTensor empty = HostTensor.ofFloats(new long[] {3, 0}, new float[0]);
        assertEquals(0, empty.numel());
        assertEquals(0, empty.toFloats().length);
    }

    @Test
    void isImmutable() {
        long[] shape = {2};
        float[] data = {1, 2};
        HostTensor t = HostTensor.ofFloats(shape, data);
        shape[0] = 7;
        data[0] = 99;
        t.shape()[0] = 5;
        t.rawBytes()[0] = 42;
        assertArrayEquals(new long[] {2}, t.shape());
        assertArrayEquals(new float[] {1, 2}, t.toFloats());
        assertThrows(ReadOnlyBufferException.class, () -> t.buffer().put(0, (byte) 1));
        byte[] raw = {1, 2};
        HostTensor u = HostTensor.ofUint8(new long[] {2}, raw);
        raw[0] = 9;
        assertArrayEquals(new byte[] {1, 2}, u.rawBytes());
    }

    @Test
    void reshapeKeepsDataAndChecksElementCount() {
        HostTensor t = HostTensor.ofInts(new long[] {2, 3}, new int[] {1, 2, 3, 4, 5, 6});
        HostTensor r = t.reshape(3, 2);
        assertArrayEquals(new long[] {3, 2}, r.shape());
        assertArrayEquals(t.rawBytes(), r.rawBytes());
        assertArrayEquals(new long[] {2, 3}, t.shape(), "original unchanged");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.reshape(4, 2));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4, 2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.reshape(-6));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(-6,)"), e.getMessage());
    }

    @Test
    void equalityIsOnDtypeShapeAndBytes() {
        HostTensor a = HostTensor.ofInts(new long[] {2, 2}, new int[] {1, 2, 3, 4});
        HostTensor b = HostTensor.ofInts(new long[] {2, 2}, new int[] {1, 2, 3, 4});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, a.reshape(4));
        assertNotEquals(a, HostTensor.ofRaw(DType.F32, new long[] {2, 2}, a.rawBytes()));
        assertNotEquals(a, HostTensor.ofInts(new long[] {2, 2}, new int[] {1, 2, 3, 5}));
        assertTrue(a.toString().contains("I32") && a.toString().contains("(2, 2)"), a.toString());
    }
}
