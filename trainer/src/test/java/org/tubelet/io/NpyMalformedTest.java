package org.tubelet.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-built broken or unsupported .npy files: each must fail with an {@link NpyFormatException} saying why. */
class NpyMalformedTest {

    @TempDir
    Path dir;

    private static final byte[] EIGHT_BYTES = new byte[8];

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private Path header(String name, String dict, byte[] data) throws IOException {
        return file(name, NpyRoundTripTest.npy(1, dict, data));
    }

    private static void assertInvalid(Path file, String... fragments) {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(file));
        String message = e.getMessage();
        assertTrue(message.contains(file.getFileName().toString()), () -> "no file name in: " + message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "expected '" + fragment + "' in: " + message);
        }
    }

    @Test
    void badMagic() throws IOException {
        assertInvalid(file("magic.npy", "PK\u0003\u0004 this is a zip".getBytes()), "bad magic");
        assertInvalid(file("empty.npy", new byte[0]), "bad magic", "file size 0 bytes");
    }

    @Test
    void truncatedPrelude() throws IOException {
        assertInvalid(file("short.npy", new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1}), "too short");
    }

    @Test
    void unsupportedVersion() throws IOException {
        byte[] bytes = NpyRoundTripTest.npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", EIGHT_BYTES);
        bytes[6] = 4;
        assertInvalid(file("v4.npy", bytes), "unsupported format version 4.0");
    }

    @Test
    void headerLengthPastEndOfFile() throws IOException {
        byte[] bytes = NpyRoundTripTest.npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", new byte[0]);
        bytes[8] = (byte) 0xFF;
        assertInvalid(file("hlen.npy", bytes), "header length", "larger than the file");
    }

    @Test
    void malformedHeaderDict() throws IOException {
        assertInvalid(header("cut.npy", "{'descr': '<f4', 'fortran_order': False", EIGHT_BYTES),
                "malformed header dict");
        assertInvalid(header("noshape.npy", "{'descr': '<f4', 'fortran_order': False, }", EIGHT_BYTES),
                "malformed header dict", "keys must be exactly");
        assertInvalid(header("garbage.npy", "descr=<f4", EIGHT_BYTES), "malformed header dict");
        assertInvalid(header("listshape.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': [2], }",
                EIGHT_BYTES), "malformed header dict", "'shape' must be a tuple");
        assertInvalid(header("negshape.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }",
                EIGHT_BYTES), "malformed header dict", "non-negative");
        assertInvalid(header("bigdim.npy",
                "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", EIGHT_BYTES),
                "malformed header dict", "not a 64-bit integer");
        assertInvalid(header("fortranstr.npy", "{'descr': '<f4', 'fortran_order': 'no', 'shape': (2,), }",
                EIGHT_BYTES), "'fortran_order' must be True or False");
    }

    @Test
    void fortranOrder() throws IOException {
        assertInvalid(header("fortran.npy", "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", EIGHT_BYTES),
                "Fortran-order arrays are not supported; save with np.ascontiguousarray");
    }

    @Test
    void bigEndian() throws IOException {
        assertInvalid(header("be.npy", "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", EIGHT_BYTES),
                "big-endian dtype '>f4' is not supported", "<f4, ", "|b1");
    }

    @Test
    void unsupportedDtype() throws IOException {
        assertInvalid(header("complex.npy", "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", EIGHT_BYTES),
                "unsupported dtype '<c8'", "supported: <f8, <f4, <f2, <i8, <i4, <i2, |i1, |u1, |b1");
        assertInvalid(header("struct.npy", "{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (1,), }",
                EIGHT_BYTES), "unsupported dtype", "structured");
    }

    @Test
    void truncatedData() throws IOException {
        assertInvalid(header("trunc.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                new byte[20]), "data is shorter than the shape says", "needs 24 bytes", "has 20");
    }
}
