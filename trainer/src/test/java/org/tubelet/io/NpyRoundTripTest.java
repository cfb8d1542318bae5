package org.tubelet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NpyRoundTripTest {

    @TempDir
    Path dir;

    static Stream<Arguments> everySupportedDtype() {
        return Stream.of(
                Arguments.of("<f8", HostTensor.ofDoubles(new long[] {2, 2}, new double[] {Math.E, -0.0, 1e-310, 7})),
                Arguments.of("<f4", HostTensor.ofFloats(new long[] {3}, new float[] {1.5f, Float.NaN, -3})),
                Arguments.of("<f2", HostTensor.ofRaw(DType.F16, new long[] {2}, new byte[] {0, 0x3C, 0, (byte) 0xC1})),
                Arguments.of("<i8", HostTensor.ofLongs(new long[] {2}, new long[] {Long.MIN_VALUE, 5})),
                Arguments.of("<i4", HostTensor.ofInts(new long[] {1, 3}, new int[] {-1, 0, 1})),
                Arguments.of("<i2", HostTensor.ofRaw(DType.I16, new long[] {1}, new byte[] {1, (byte) 0x80})),
                Arguments.of("|i1", HostTensor.ofRaw(DType.I8, new long[] {2}, new byte[] {-128, 127})),
                Arguments.of("|u1", HostTensor.ofUint8(new long[] {3}, new byte[] {0, 1, (byte) 255})),
                Arguments.of("|b1", HostTensor.ofBooleans(new long[] {2, 1}, new boolean[] {true, false})));
    }

    /** The header text between the length field and the data. */
    private static String header(byte[] file) {
        int major = file[6];
        ByteBuffer bb = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int length = major == 1 ? Short.toUnsignedInt(bb.getShort(8)) : bb.getInt(8);
        int start = major == 1 ? 10 : 12;
        return new String(file, start, length, StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySupportedDtype")
    void roundTrips(String descr, HostTensor tensor) throws IOException {
        Path file = dir.resolve("a.npy");
        Npy.write(file, tensor);
        byte[] bytes = Files.readAllBytes(file);

        assertEquals(tensor, Npy.read(file));
        assertEquals(1, bytes[6], "version 1.0");
        assertEquals(0, bytes[7]);
        String header = header(bytes);
        assertTrue(header.startsWith("{'descr': '" + descr + "', 'fortran_order': False, 'shape': "
                + Shapes.format(tensor.shape()) + ", }"), header);
        assertTrue(header.endsWith(" \n"), "space padded, newline terminated");
        assertEquals(0, (10 + header.length()) % 64, "data is 64-byte aligned");
        assertEquals(10 + header.length() + tensor.sizeInBytes(), bytes.length);
    }

    @Test
    void headerIsExactlyWhatNumpyWrites() throws IOException {
        Path file = dir.resolve("exact.npy");
        Npy.write(file, HostTensor.ofFloats(new long[] {2, 3}, new float[6]));
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        // numpy adds 21 - len(repr(shape[0])) spaces so the first axis can grow in place, then pads to 64
        String expected = dict + " ".repeat(20);
        expected += " ".repeat(64 - (10 + expected.length() + 1) % 64) + "\n";
        assertEquals(expected, header(Files.readAllBytes(file)));
        assertEquals(118, expected.length());
    }

    @Test
    void scalar() throws IOException {
        Path file = dir.resolve("scalar.npy");
        HostTensor scalar = HostTensor.ofDoubles(new long[0], new double[] {2.5});
        Npy.write(file, scalar);
        String header = header(Files.readAllBytes(file));
        assertTrue(header.startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (), }"), header);
        HostTensor read = Npy.read(file);
        assertEquals(scalar, read);
        assertEquals(0, read.rank());
        assertEquals(1, read.numel());
        assertArrayEquals(new double[] {2.5}, read.toDoubles());
    }

    @Test
    void zeroSizeDimension() throws IOException {
        Path file = dir.resolve("empty.npy");
        HostTensor empty = HostTensor.ofFloats(new long[] {3, 0, 2}, new float[0]);
        Npy.write(file, empty);
        HostTensor read = Npy.read(file);
        assertEquals(empty, read);
        assertEquals(0, read.numel());
        assertEquals(10 + header(Files.readAllBytes(file)).length(), Files.size(file), "no data bytes");
    }

    @Test
    void headersOver65535BytesUseVersion2() throws IOException {
        long[] shape = new long[22_000];
        Arrays.fill(shape, 1);
        HostTensor t = HostTensor.ofFloats(shape, new float[] {4});
        Path file = dir.resolve("v2.npy");
        Npy.write(file, t);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(2, bytes[6]);
        assertEquals(0, (12 + header(bytes).length()) % 64);
        assertEquals(t, Npy.read(file));
    }

    /** Builds a file with an arbitrary version and header text (the caller pads it as it likes). */
    static byte[] npy(int major, String header, byte[] data) {
        byte[] text = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer len = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            len.putShort((short) text.length);
        } else {
            len.putInt(text.length);
        }
        out.writeBytes(len.array());
        out.writeBytes(text);
        out.writeBytes(data);
        return out.toByteArray();
    }

    @Test
    void readsVersions2And3AndOlderHeaderStyles() throws IOException {
        byte[] data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(7).putInt(-8).array();
        HostTensor expected = HostTensor.ofInts(new long[] {2}, new int[] {7, -8});
        List<byte[]> files = List.of(
                npy(2, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }\n", data),
                npy(3, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }         \n", data),
                // Python 2 era numpy: long literals, no trailing comma, different key order, no padding
                npy(1, "{'shape': (2L,), 'fortran_order': False, 'descr': '<i4'}\n", data),
                npy(1, "{\"descr\": \"<i4\", \"fortran_order\": False, \"shape\": (2,)}", data));
        for (int i = 0; i < files.size(); i++) {
            Path file = Files.write(dir.resolve("v" + i + ".npy"), files.get(i));
            assertEquals(expected, Npy.read(file), "file " + i);
        }
    }

    @Test
    void bf16CannotBeWritten() {
        Path file = dir.resolve("bf16.npy");
        HostTensor bf16 = HostTensor.ofRaw(DType.BF16, new long[] {1}, new byte[2]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.write(file, bf16));
        assertTrue(e.getMessage().contains("BF16"), e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void writeLeavesNoTemporaryFileAndReplacesAnExistingFile() throws IOException {
        Path file = dir.resolve("x.npy");
        Npy.write(file, HostTensor.ofFloats(new long[] {4}, new float[] {1, 2, 3, 4}));
        HostTensor second = HostTensor.ofLongs(new long[] {1}, new long[] {9});
        Npy.write(file, second);
        assertEquals(second, Npy.read(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("x.npy"), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
