package org.tubelet.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reads and writes NumPy {@code .npy} files holding one C-order, little-endian array.
 *
 * <p>Reading accepts format versions 1.0, 2.0 and 3.0. Writing produces version 1.0 (2.0 if the header does not fit
 * in 65535 bytes) with the header exactly as {@code numpy.save} writes it, so a file read and written back is
 * byte-identical. Supported dtypes: {@code <f8 <f4 <f2 <i8 <i4 <i2 |i1 |u1 |b1}; BF16 has no NumPy equivalent.
 */
public final class Npy {

    private static final Logger LOG = LogManager.getLogger(Npy.class);
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Magic plus the two version bytes. */
    private static final int PRELUDE_BYTES = MAGIC.length + 2;
    /** numpy aligns the data start to this many bytes. */
    private static final int ALIGNMENT = 64;
    /** numpy pads the header so the first dimension can later grow to this many digits in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final Map<String, DType> DESCRS = descrTable();

    private Npy() {
    }

    private static Map<String, DType> descrTable() {
        Map<String, DType> m = new LinkedHashMap<>();
        m.put("<f8", DType.F64);
        m.put("<f4", DType.F32);
        m.put("<f2", DType.F16);
        m.put("<i8", DType.I64);
        m.put("<i4", DType.I32);
        m.put("<i2", DType.I16);
        m.put("|i1", DType.I8);
        m.put("|u1", DType.U8);
        m.put("|b1", DType.BOOL);
        return m;
    }

    /**
     * Reads an .npy file.
     *
     * @param file the file
     * @return the array; shape {@code ()} gives a scalar with one element
     * @throws NpyFormatException if the file is not a supported .npy file
     * @throws IOException        if it cannot be read
     */
    public static HostTensor read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, channel);
        }
    }

    /**
     * Writes an .npy file atomically (see {@link Safetensors#write} for what atomic means here).
     *
     * @param file   the file to create or replace
     * @param tensor the array
     * @throws IllegalArgumentException if the dtype has no NumPy equivalent (BF16)
     * @throws IOException              if the file cannot be written; an existing file is then left unchanged
     */
    public static void write(Path file, HostTensor tensor) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] header = header(descrOf(tensor.dtype()), tensor.shape());
        FileIo.atomicWrite(file, channel -> {
            FileIo.writeFully(channel, ByteBuffer.wrap(header));
            FileIo.writeFully(channel, tensor.buffer());
        });
    }

    // ---------------------------------------------------------------- writing

    private static String descrOf(DType dtype) {
        for (Map.Entry<String, DType> e : DESCRS.entrySet()) {
            if (e.getValue() == dtype) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException(dtype + " has no NumPy dtype; convert the tensor to F32 first");
    }

    /** Magic, version, header length and the padded header dict, exactly as numpy's {@code _wrap_header}. */
    private static byte[] header(String descr, long[] shape) {
        StringBuilder dict = new StringBuilder()
                .append("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': ")
                .append(Shapes.format(shape)).append(", }");
        if (shape.length > 0) {
            dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length())));
        }
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        int major = 1;
        int lengthBytes = 2;
        int padded = paddedHeaderLength(text.length, lengthBytes);
        if (padded > 0xFFFF) {
            major = 2;
            lengthBytes = 4;
            padded = paddedHeaderLength(text.length, lengthBytes);
        }
        ByteBuffer out = ByteBuffer.allocate(PRELUDE_BYTES + lengthBytes + padded).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) major).put((byte) 0);
        if (lengthBytes == 2) {
            out.putShort((short) padded);
        } else {
            out.putInt(padded);
        }
        out.put(text);
        while (out.position() < out.limit() - 1) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    /** Header length after padding with spaces and a newline, so that the data starts at a multiple of 64. */
    private static int paddedHeaderLength(int textLength, int lengthBytes) {
        int withNewline = textLength + 1;
        int pad = ALIGNMENT - (PRELUDE_BYTES + lengthBytes + withNewline) % ALIGNMENT;
        return withNewline + pad;
    }

    // ---------------------------------------------------------------- reading

    private static HostTensor read(Path file, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        ByteBuffer prelude = ByteBuffer.allocate(PRELUDE_BYTES + 4).order(ByteOrder.LITTLE_ENDIAN);
        int got = FileIo.readFully(channel, prelude, 0);
        if (got < MAGIC.length || !Arrays.equals(Arrays.copyOf(prelude.array(), MAGIC.length), MAGIC)) {
            throw new NpyFormatException(file, "bad magic: the file does not start with \\x93NUMPY (file size "
                    + fileSize + " bytes)");
        }
        if (got < PRELUDE_BYTES) {
            throw new NpyFormatException(file, "file is " + fileSize + " bytes, too short for the format version");
        }
        int major = prelude.get(MAGIC.length) & 0xFF;
        int minor = prelude.get(MAGIC.length + 1) & 0xFF;
        if ((major != 1 && major != 2 && major != 3) || minor != 0) {
            throw new NpyFormatException(file, "unsupported format version " + major + "." + minor
                    + " (supported: 1.0, 2.0, 3.0)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        if (got < PRELUDE_BYTES + lengthBytes) {
            throw new NpyFormatException(file, "file is " + fileSize + " bytes, too short for the header length");
        }
        long headerLength = lengthBytes == 2
                ? prelude.getShort(PRELUDE_BYTES) & 0xFFFFL
                : prelude.getInt(PRELUDE_BYTES) & 0xFFFFFFFFL;
        long dataStart = PRELUDE_BYTES + lengthBytes + headerLength;
        if (dataStart > fileSize || headerLength > MAX_HEADER_BYTES) {
            throw new NpyFormatException(file, "header length " + headerLength + " bytes is larger than the file ("
                    + fileSize + " bytes) or the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        if (FileIo.readFully(channel, headerBytes, PRELUDE_BYTES + lengthBytes) != headerLength) {
            throw new NpyFormatException(file, "file ended while reading the header");
        }
        Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        HeaderDict dict = HeaderDict.parse(file, new String(headerBytes.array(), charset));

        DType dtype = dtypeOf(file, dict.descr());
        if (dict.fortranOrder()) {
            throw new NpyFormatException(file,
                    "Fortran-order arrays are not supported; save with np.ascontiguousarray");
        }
        long[] shape = dict.shape();
        int expected;
        try {
            expected = HostTensor.byteCount(dtype, shape);
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException(file, e.getMessage(), e);
        }
        long available = fileSize - dataStart;
        if (available < expected) {
            throw new NpyFormatException(file, "data is shorter than the shape says: " + dtype + " "
                    + Shapes.format(shape) + " needs " + expected + " bytes but the file has " + available);
        }
        if (available > expected) {
            LOG.warn("{}: ignoring {} bytes after the array data", file, available - expected);
        }
        byte[] data = new byte[expected];
        if (FileIo.readFully(channel, ByteBuffer.wrap(data), dataStart) != expected) {
            throw new NpyFormatException(file, "file ended while reading " + expected + " bytes of data");
        }
        return HostTensor.wrapOwned(dtype, shape, data);
    }

    private static DType dtypeOf(Path file, String descr) throws NpyFormatException {
        DType dtype = DESCRS.get(descr);
        if (dtype != null) {
            return dtype;
        }
        String supported = "supported: " + String.join(", ", DESCRS.keySet());
        if (descr.startsWith(">")) {
            throw new NpyFormatException(file, "big-endian dtype '" + descr + "' is not supported; save with"
                    + " arr.astype(arr.dtype.newbyteorder('<')) (" + supported + ")");
        }
        throw new NpyFormatException(file, "unsupported dtype '" + descr + "' (" + supported + ")");
    }

    /**
     * The header dict, a Python literal such as {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }},
     * parsed by a small recursive-descent parser that accepts exactly the literals numpy writes.
     */
    private record HeaderDict(String descr, boolean fortranOrder, long[] shape) {

        static HeaderDict parse(Path file, String text) throws NpyFormatException {
            Parser p = new Parser(file, text);
            Map<String, Object> dict = p.dict();
            p.skipSpace();
            if (!p.atEnd()) {
                throw p.malformed("unexpected text after the closing '}'");
            }
            if (!dict.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
                throw p.malformed("keys must be exactly 'descr', 'fortran_order' and 'shape' but are "
                        + dict.keySet());
            }
            if (!(dict.get("descr") instanceof String descr)) {
                throw new NpyFormatException(file, "unsupported dtype: 'descr' is " + dict.get("descr")
                        + " (structured arrays are not supported; supported: " + String.join(", ", DESCRS.keySet())
                        + ")");
            }
            if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
                throw p.malformed("'fortran_order' must be True or False");
            }
            if (!(dict.get("shape") instanceof Tuple tuple)) {
                throw p.malformed("'shape' must be a tuple of integers");
            }
            long[] shape = new long[tuple.items().size()];
            for (int i = 0; i < shape.length; i++) {
                if (!(tuple.items().get(i) instanceof Long d) || d < 0) {
                    throw p.malformed("'shape' must be a tuple of non-negative integers but is " + tuple);
                }
                shape[i] = d;
            }
            return new HeaderDict(descr, fortran, shape);
        }
    }

    /** A parsed Python tuple; lists parse to {@link List}. */
    private record Tuple(List<Object> items) {
        @Override
        public String toString() {
            return "(" + items + ")";
        }
    }

    /** Parses the Python literals numpy writes: dicts, tuples, lists, quoted strings, integers, True and False. */
    private static final class Parser {
        private final Path file;
        private final String text;
        private int pos;

        Parser(Path file, String text) {
            this.file = file;
            this.text = text;
        }

        NpyFormatException malformed(String problem) {
            String shown = text.strip();
            if (shown.length() > 200) {
                shown = shown.substring(0, 200) + "...";
            }
            return new NpyFormatException(file, "malformed header dict (" + problem + "): " + shown);
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        void skipSpace() {
            while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private void expect(char c) throws NpyFormatException {
            skipSpace();
            if (atEnd() || text.charAt(pos) != c) {
                throw malformed("expected '" + c + "' at position " + pos);
            }
            pos++;
        }

        /** Consumes {@code c} if it is the next non-space character. */
        private boolean accept(char c) {
            skipSpace();
            if (!atEnd() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        Map<String, Object> dict() throws NpyFormatException {
            expect('{');
            Map<String, Object> map = new LinkedHashMap<>();
            while (!accept('}')) {
                Object key = value();
                if (!(key instanceof String k)) {
                    throw malformed("dict keys must be strings");
                }
                expect(':');
                if (map.put(k, value()) != null) {
                    throw malformed("duplicate key '" + k + "'");
                }
                if (!accept(',')) {
                    expect('}');
                    break;
                }
            }
            return map;
        }

        /** Comma-separated items up to {@code close} (a trailing comma is allowed), after the opening bracket. */
        private List<Object> sequence(char close) throws NpyFormatException {
            List<Object> items = new ArrayList<>();
            while (!accept(close)) {
                items.add(value());
                if (!accept(',')) {
                    expect(close);
                    break;
                }
            }
            return items;
        }

        Object value() throws NpyFormatException {
            skipSpace();
            if (atEnd()) {
                throw malformed("unexpected end of header");
            }
            char c = text.charAt(pos);
            if (c == '{') {
                return dict();
            }
            if (c == '(') {
                pos++;
                return new Tuple(sequence(')'));
            }
            if (c == '[') {
                pos++;
                return sequence(']');
            }
            if (c == '\'' || c == '"') {
                return string(c);
            }
            if (c == '-' || isDigit(c)) {
                return integer();
            }
            for (boolean b : new boolean[] {true, false}) {
                String word = b ? "True" : "False";
                if (text.startsWith(word, pos)) {
                    pos += word.length();
                    return b;
                }
            }
            throw malformed("unexpected character '" + c + "' at position " + pos);
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private String string(char quote) throws NpyFormatException {
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw malformed("unterminated string at position " + pos);
            }
            String s = text.substring(pos + 1, end);
            if (s.indexOf('\\') >= 0) {
                throw malformed("escape sequences in strings are not supported");
            }
            pos = end + 1;
            return s;
        }

        private Long integer() throws NpyFormatException {
            int start = pos;
            if (text.charAt(pos) == '-') {
                pos++;
            }
            while (!atEnd() && isDigit(text.charAt(pos))) {
                pos++;
            }
            String digits = text.substring(start, pos);
            if (!atEnd() && text.charAt(pos) == 'L') {
                pos++; // Python 2 long literal, written by old numpy versions
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw malformed("integer '" + digits + "' is not a 64-bit integer");
            }
        }
    }
}
