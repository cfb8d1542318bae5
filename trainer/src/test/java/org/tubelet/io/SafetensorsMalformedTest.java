package org.tubelet.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Hand-built broken files: each must fail with a {@link SafetensorsFormatException} that says what is wrong. */
class SafetensorsMalformedTest {

    @TempDir
    Path dir;

    /** A file with the given raw bytes. */
    private Path raw(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** A file with a header-length prefix, the header bytes and {@code dataBytes} zero bytes of data. */
    private Path withHeader(String name, long declaredLength, byte[] header, int dataBytes) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(declaredLength).put(header);
        return raw(name, bb.array());
    }

    /** A well-formed prefix around the JSON text, followed by {@code dataBytes} zero bytes. */
    private Path json(String name, String json, int dataBytes) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        return withHeader(name, header.length, header, dataBytes);
    }

    /** Both the full reader and the header reader reject the file with a message naming it and the problem. */
    private static void assertInvalid(Path file, String... fragments) {
        Executable[] readers = {() -> Safetensors.read(file), () -> Safetensors.readHeader(file)};
        for (Executable reader : readers) {
            SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, reader);
            String message = e.getMessage();
            assertTrue(message.contains(file.getFileName().toString()), () -> "no file name in: " + message);
            for (String fragment : fragments) {
                assertTrue(message.contains(fragment), () -> "expected '" + fragment + "' in: " + message);
            }
        }
    }

    @Test
    void emptyFile() throws IOException {
        assertInvalid(raw("empty.safetensors", new byte[0]), "0 bytes", "shorter than the 8-byte header length");
    }

    @Test
    void fourByteFile() throws IOException {
        assertInvalid(raw("four.safetensors", new byte[] {1, 0, 0, 0}), "4 bytes",
                "shorter than the 8-byte header length");
    }

    @Test
    void headerLengthTwoToTheSixtySecond() throws IOException {
        Path f = withHeader("huge.safetensors", 1L << 62, "{}".getBytes(StandardCharsets.UTF_8), 14);
        assertInvalid(f, "header length 4611686018427387904 bytes is larger than the file", "only 16 bytes follow");
    }

    @Test
    void headerLengthWithTheTopBitSetIsReportedUnsigned() throws IOException {
        Path f = withHeader("top.safetensors", -1L, new byte[0], 0);
        assertInvalid(f, "header length 18446744073709551615 bytes is larger than the file", "only 0 bytes follow");
    }

    @Test
    void headerLengthJustPastEndOfFile() throws IOException {
        byte[] header = "{\"__metadata__\":{}}".getBytes(StandardCharsets.UTF_8);
        Path f = withHeader("past.safetensors", header.length + 1, header, 0);
        assertInvalid(f, "header length 20 bytes is larger than the file", "only 19 bytes follow");
    }

    @Test
    void headerLongerThanTheLimit() throws IOException {
        Path f = dir.resolve("limit.safetensors");
        long length = Safetensors.MAX_HEADER_BYTES + 8;
        try (RandomAccessFile out = new RandomAccessFile(f.toFile(), "rw")) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array());
            out.setLength(8 + length); // sparse: nothing is written, and nothing may be allocated for it
        }
        assertInvalid(f, "header length 100000008 bytes exceeds the limit of 100000000 bytes");
    }

    @Test
    void headerNotUtf8() throws IOException {
        byte[] header = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        assertInvalid(withHeader("latin.safetensors", header.length, header, 0), "header is not valid UTF-8");
    }

    @Test
    void invalidJson() throws IOException {
        assertInvalid(json("broken.safetensors", "{\"w\": {\"dtype\": ", 0), "header is not valid JSON");
    }

    @Test
    void trailingGarbageAfterTheJsonObject() throws IOException {
        assertInvalid(json("trailing.safetensors", "{} x", 0), "header is not valid JSON");
    }

    @Test
    void emptyHeader() throws IOException {
        assertInvalid(json("blank.safetensors", "        ", 0), "header is empty");
    }

    @Test
    void jsonArrayInsteadOfObject() throws IOException {
        assertInvalid(json("array.safetensors", "[1, 2]", 0), "header must be a JSON object but is a JSON array");
    }

    @Test
    void duplicateTensorName() throws IOException {
        String entry = "{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}";
        assertInvalid(json("dup.safetensors", "{\"w\":" + entry + ",\"w\":" + entry + "}", 1),
                "header is not valid JSON", "Duplicate field 'w'");
    }

    @Test
    void entryIsNotAnObject() throws IOException {
        assertInvalid(json("entry.safetensors", "{\"w\": 5}", 0), "tensor 'w'", "must be a JSON object",
                "number 5");
    }

    @Test
    void missingDataOffsets() throws IOException {
        assertInvalid(json("nooffsets.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4),
                "tensor 'w'", "missing 'data_offsets'");
    }

    @Test
    void missingDtype() throws IOException {
        assertInvalid(json("nodtype.safetensors", "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
                "tensor 'w'", "missing 'dtype'");
    }

    @Test
    void dtypeNotAString() throws IOException {
        assertInvalid(json("dtypenum.safetensors", "{\"w\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
                "tensor 'w'", "'dtype' must be a string");
    }

    @Test
    void unknownDtype() throws IOException {
        assertInvalid(json("q7.safetensors", "{\"w\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
                "tensor 'w'", "unknown safetensors dtype 'Q7'");
    }

    @Test
    void shapeNotAnArray() throws IOException {
        assertInvalid(json("shapestr.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":\"2x3\",\"data_offsets\":[0,24]}}", 24),
                "tensor 'w'", "'shape' must be an array of integers");
    }

    @Test
    void negativeDimension() throws IOException {
        assertInvalid(json("negdim.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,-3],\"data_offsets\":[0,24]}}", 24),
                "tensor 'w'", "negative dimension -3");
    }

    @Test
    void shapeWhoseElementCountOverflows() throws IOException {
        assertInvalid(json("overflow.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,4]}}", 4),
                "tensor 'w'", "elements");
    }

    @Test
    void offsetsPastTheEndOfTheData() throws IOException {
        assertInvalid(json("pastdata.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8),
                "tensor 'w'", "end beyond the data area of 8 bytes");
    }

    @Test
    void beginAfterEnd() throws IOException {
        assertInvalid(json("reversed.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8),
                "tensor 'w'", "data_offsets [8, 4] has begin > end");
    }

    @Test
    void offsetsNotTwoIntegers() throws IOException {
        assertInvalid(json("three.safetensors",
                "{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1,2]}}", 2),
                "tensor 'w'", "'data_offsets' must be two non-negative integers");
        assertInvalid(json("negative.safetensors",
                "{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[-1,0]}}", 2),
                "tensor 'w'", "'data_offsets' must be two non-negative integers");
        assertInvalid(json("fraction.safetensors",
                "{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1.5]}}", 2),
                "tensor 'w'", "must be an array of 64-bit integers but element 1 is a JSON number 1.5");
        assertInvalid(json("bigint.safetensors",
                "{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,100000000000000000000000]}}", 2),
                "tensor 'w'", "must be an array of 64-bit integers");
    }

    @Test
    void overlappingTensors() throws IOException {
        assertInvalid(json("overlap.safetensors", "{"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"c\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[12,28]}}", 28),
                "tensors 'a'", "'b'", "overlap");
    }

    @Test
    void byteCountDoesNotMatchShape() throws IOException {
        assertInvalid(json("count.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 24),
                "tensor 'w'", "needs 24 bytes", "span 20 bytes");
    }

    @Test
    void metadataValueNotAString() throws IOException {
        assertInvalid(json("metanum.safetensors", "{\"__metadata__\":{\"format\":\"pt\",\"step\":10}}", 0),
                "__metadata__ value of key 'step' must be a string", "number 10");
    }

    @Test
    void metadataNotAnObject() throws IOException {
        assertInvalid(json("metaarr.safetensors", "{\"__metadata__\":[\"pt\"]}", 0),
                "__metadata__ must be a JSON object", "array");
    }
}
