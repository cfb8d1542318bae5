package org.tubelet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {

    @TempDir
    Path dir;

    /** One tensor of every dtype, including a scalar, an odd byte count and an empty tensor. */
    static Map<String, HostTensor> mixedTensors() {
        Map<String, HostTensor> m = new LinkedHashMap<>();
        m.put("z.f32", HostTensor.ofFloats(new long[] {2, 3}, new float[] {1, -2, 3.5f, Float.NaN, 1e-40f, -0f}));
        m.put("a.f32", HostTensor.ofFloats(new long[] {1}, new float[] {42}));
        m.put("f64", HostTensor.ofDoubles(new long[] {3}, new double[] {Math.PI, -1e300, Double.MIN_VALUE}));
        m.put("i64", HostTensor.ofLongs(new long[] {2, 2}, new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}));
        m.put("i32.scalar", HostTensor.ofInts(new long[0], new int[] {-7}));
        m.put("mask", HostTensor.ofBooleans(new long[] {5}, new boolean[] {true, false, true, true, false}));
        m.put("u8", HostTensor.ofUint8(new long[] {3}, new byte[] {0, (byte) 200, (byte) 255}));
        m.put("bf16", HostTensor.ofRaw(DType.BF16, new long[] {3}, new byte[] {(byte) 0x80, 0x3F, 0x20, (byte) 0xC0,
            (byte) 0x80, 0x7F}));
        m.put("f16", HostTensor.ofRaw(DType.F16, new long[] {1, 2}, new byte[] {0, 0x3C, (byte) 0xFF, 0x7B}));
        m.put("i16", HostTensor.ofRaw(DType.I16, new long[] {1}, new byte[] {(byte) 0xFE, (byte) 0xFF}));
        m.put("i8", HostTensor.ofRaw(DType.I8, new long[] {2}, new byte[] {-1, 5}));
        m.put("empty", HostTensor.ofFloats(new long[] {0, 4}, new float[0]));
        return m;
    }

    private static long headerLength(Path file) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static String headerText(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return new String(bytes, 8, (int) headerLength(file), StandardCharsets.UTF_8);
    }

    @Test
    void everyDtypeRoundTripsWithMetadata() throws IOException {
        Path file = dir.resolve("all.safetensors");
        Map<String, HostTensor> tensors = mixedTensors();
        Map<String, String> metadata = Map.of("format", "pt", "step", "10", "note", "ünïcödé");

        Safetensors.write(file, tensors, metadata);
        SafetensorsFile read = Safetensors.read(file);

        assertEquals(tensors, read.tensors());
        assertEquals(metadata, read.metadata());
        assertEquals(file, read.path());
        assertEquals(1.0f, read.tensor("bf16").toFloats()[0]);
        assertEquals(65504.0f, read.tensor("f16").toFloats()[1]);
        assertThrows(UnsupportedOperationException.class, () -> read.tensors().remove("u8"));
        assertThrows(UnsupportedOperationException.class, () -> read.metadata().put("x", "y"));
    }

    @Test
    void headerIsPaddedWithSpacesToAMultipleOfEight() throws IOException {
        Path file = dir.resolve("pad.safetensors");
        // try several name lengths so that every padding amount 0..7 occurs
        for (int n = 1; n <= 8; n++) {
            Safetensors.write(file, Map.of("x".repeat(n), HostTensor.ofFloats(new long[] {1}, new float[] {1})),
                    Map.of());
            long length = headerLength(file);
            assertEquals(0, length % 8, "header length " + length);
            String header = headerText(file);
            assertTrue(header.stripTrailing().endsWith("}"), header);
            assertTrue(header.substring(header.stripTrailing().length()).chars().allMatch(c -> c == ' '));
            assertEquals(8 + length + 4, Files.size(file));
        }
    }

    @Test
    void layoutIsContiguousAlignedAndOrderedLikeTheSafetensorsLibrary() throws IOException {
        Path file = dir.resolve("layout.safetensors");
        Safetensors.write(file, mixedTensors(), Map.of("format", "pt"));
        Map<String, TensorInfo> header = Safetensors.readHeader(file);

        // dtype in the library's order (I64, F64, F32, I32, BF16, F16, I16, I8, U8, BOOL), then name
        assertEquals(List.of("i64", "f64", "a.f32", "empty", "z.f32", "i32.scalar", "bf16", "f16", "i16", "i8", "u8",
                "mask"), new ArrayList<>(header.keySet()));
        long expectedBegin = 0;
        for (TensorInfo info : header.values()) {
            assertEquals(expectedBegin, info.begin(), "no gaps: " + info);
            assertEquals(0, info.begin() % info.dtype().byteSize(), "aligned: " + info);
            expectedBegin = info.end();
        }
        assertEquals(Files.size(file) - 8 - headerLength(file), expectedBegin, "no trailing bytes");
        String header0 = headerText(file);
        assertTrue(header0.startsWith("{\"__metadata__\":{\"format\":\"pt\"},\"i64\":{\"dtype\":\"I64\",\"shape\":[2,2],"
                + "\"data_offsets\":[0,32]}"), header0);
        assertTrue(header0.contains("\"i32.scalar\":{\"dtype\":\"I32\",\"shape\":[],"), header0);
    }

    @Test
    void noMetadataMeansNoMetadataEntry() throws IOException {
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        Map<String, HostTensor> one = Map.of("w", HostTensor.ofFloats(new long[] {1}, new float[] {1}));
        Safetensors.write(a, one, Map.of());
        Safetensors.write(b, one, null);
        assertFalse(headerText(a).contains("__metadata__"), headerText(a));
        assertEquals(-1L, Files.mismatch(a, b));
        assertEquals(Map.of(), Safetensors.read(a).metadata());
    }

    @Test
    void emptyCheckpointAndUnicodeNames() throws IOException {
        Path empty = dir.resolve("empty.safetensors");
        Safetensors.write(empty, Map.of(), Map.of());
        assertEquals("{}      ", headerText(empty));
        assertTrue(Safetensors.read(empty).tensors().isEmpty());

        Path unicode = dir.resolve("unicode.safetensors");
        Map<String, HostTensor> tensors = Map.of("größe.名前", HostTensor.ofInts(new long[] {1}, new int[] {3}));
        Safetensors.write(unicode, tensors, Map.of());
        assertEquals(tensors, Safetensors.read(unicode).tensors());
    }

    @Test
    void readerAcceptsGapsBetweenTensors() throws IOException {
        String json = "{\"b\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[12,16]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}";
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bb = ByteBuffer.allocate(8 + header.length + 20).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(header.length).put(header).put((byte) 7).put((byte) 9);
        bb.position(8 + header.length + 12);
        bb.putInt(-123456);
        Path file = dir.resolve("gaps.safetensors");
        Files.write(file, bb.array());

        SafetensorsFile read = Safetensors.read(file);
        assertEquals(List.of("b", "a"), new ArrayList<>(read.tensors().keySet()), "header order");
        assertArrayEquals(new long[] {-123456}, read.tensor("b").toLongs());
        assertArrayEquals(new long[] {7, 9}, read.tensor("a").toLongs());
    }

    @Test
    void readTensorLoadsOneTensorAndRejectsUnknownNames() throws IOException {
        Path file = dir.resolve("one.safetensors");
        Safetensors.write(file, mixedTensors(), Map.of());
        assertEquals(mixedTensors().get("f64"), Safetensors.readTensor(file, "f64"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.readTensor(file, "nope"));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }

    @Test
    void reservedOrNullEntriesAreRejectedBeforeTouchingTheFile() {
        Path file = dir.resolve("bad.safetensors");
        HostTensor t = HostTensor.ofFloats(new long[] {1}, new float[] {1});
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(file, Map.of("__metadata__", t), null));
        Map<String, HostTensor> withNull = new LinkedHashMap<>();
        withNull.put("w", null);
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(file, withNull, null));
        assertFalse(Files.exists(file));
    }

    @Test
    void writeLeavesNoTemporaryFileAndReplacesAnExistingFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, Map.of("w", HostTensor.ofFloats(new long[] {2}, new float[] {1, 2})), Map.of());
        Map<String, HostTensor> second = Map.of("v", HostTensor.ofLongs(new long[] {1}, new long[] {9}));
        Safetensors.write(file, second, Map.of("format", "pt"));

        assertEquals(second, Safetensors.read(file).tensors());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file.getFileName().toString()),
                    files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void failedWriteCleansUpTheTemporaryFile() throws IOException {
        // the final name is taken by a non-empty directory, so the rename fails
        Path target = dir.resolve("taken.safetensors");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "keep");

        assertThrows(IOException.class, () -> Safetensors.write(target,
                Map.of("w", HostTensor.ofFloats(new long[] {1}, new float[] {1})), Map.of()));

        assertFalse(Files.exists(dir.resolve("taken.safetensors.tmp")));
        assertEquals("keep", Files.readString(target.resolve("keep.txt")));
    }
}
