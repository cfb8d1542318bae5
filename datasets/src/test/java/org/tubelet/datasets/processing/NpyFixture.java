package org.tubelet.datasets.processing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy {@code .npy} fixture as the parity tests need it: a C-order array of {@code |u1} or {@code <f4}, read
 * whole. Test code only (the datasets module does not see the trainer's {@code Npy}); anything else is an error
 * naming the file.
 *
 * @param descr the NumPy dtype ({@code |u1} or {@code <f4})
 * @param shape the array's shape
 * @param data  its raw little-endian bytes
 */
record NpyFixture(String descr, long[] shape, byte[] data) {

    static final String U8 = "|u1";
    static final String F32 = "<f4";
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** Reads a version 1.0 or 2.0 {@code .npy} file. */
    static NpyFixture read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        b.get(magic);
        if (!Arrays.equals(magic, new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'})) {
            throw new IOException(file + ": not a .npy file");
        }
        int major = b.get();
        b.get();                                                         // minor version
        long headerLength = switch (major) {
            case 1 -> Short.toUnsignedInt(b.getShort());
            case 2 -> Integer.toUnsignedLong(b.getInt());
            default -> throw new IOException(file + ": .npy version " + major + " is not supported here");
        };
        byte[] headerBytes = new byte[(int) headerLength];
        b.get(headerBytes);
        String header = new String(headerBytes, StandardCharsets.US_ASCII);
        String descr = group(DESCR, header, file);
        if (!descr.equals(U8) && !descr.equals(F32)) {
            throw new IOException(file + ": dtype " + descr + " (expected " + U8 + " or " + F32 + ")");
        }
        if (group(ORDER, header, file).equals("True")) {
            throw new IOException(file + ": Fortran order is not supported");
        }
        long[] shape = Arrays.stream(group(SHAPE, header, file).split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        long bytes = count * (descr.equals(U8) ? 1 : Float.BYTES);
        if (b.remaining() != bytes) {
            throw new IOException(file + ": " + b.remaining() + " data bytes, shape " + Arrays.toString(shape)
                    + " needs " + bytes);
        }
        byte[] data = new byte[(int) bytes];
        b.get(data);
        return new NpyFixture(descr, shape, data);
    }

    /** The values of a {@code <f4} array. */
    float[] floats() {
        if (!descr.equals(F32)) {
            throw new IllegalStateException("dtype " + descr + " is not " + F32);
        }
        float[] out = new float[data.length / Float.BYTES];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private static String group(Pattern p, String header, Path file) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": no " + p.pattern() + " in the header " + header.strip());
        }
        return m.group(1);
    }
}
