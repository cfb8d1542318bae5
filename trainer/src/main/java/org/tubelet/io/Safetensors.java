package org.tubelet.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reads and writes the Hugging Face safetensors format.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length {@code N}, then {@code N} bytes of UTF-8 JSON
 * <pre>{"__metadata__": {"format": "pt"}, "name": {"dtype": "F32", "shape": [5, 32], "data_offsets": [20, 660]}}</pre>
 * then the data area. Offsets are relative to the first byte after the header.
 *
 * <p>The reader validates the whole header before it allocates anything for tensor data, and reports every problem as a
 * {@link SafetensorsFormatException} naming the file (and the tensor, where there is one). Gaps between tensors are
 * allowed; overlapping tensors are not.
 *
 * <p>The writer produces the same bytes as the Python/Rust safetensors library: tensors are laid out sorted by dtype
 * (in the library's dtype order, which puts wider types first so every tensor is aligned to its element size), then by
 * name; the data is contiguous; the header is compact JSON padded with spaces to a multiple of 8 bytes, with
 * {@code __metadata__} first (keys sorted) when there is metadata. Files are written atomically.
 */
public final class Safetensors {

    /** Largest header accepted, as in the safetensors library. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final Logger LOG = LogManager.getLogger(Safetensors.class);
    private static final String METADATA_KEY = "__metadata__";
    private static final int PREFIX_BYTES = 8;
    private static final int HEADER_ALIGNMENT = 8;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Safetensors() {
    }

    /** The parsed and validated header. */
    private record Header(Map<String, TensorInfo> tensors, Map<String, String> metadata, long dataStart) {
    }

    /** What to do with an open, validated file. */
    @FunctionalInterface
    private interface HeaderAction<T> {
        T apply(FileChannel channel, Header header) throws IOException;
    }

    /**
     * Reads all tensors and the metadata of a safetensors file.
     *
     * @param file the file
     * @return the tensors in header order and the metadata
     * @throws SafetensorsFormatException if the file is not a valid safetensors file
     * @throws IOException                if it cannot be read
     */
    public static SafetensorsFile read(Path file) throws IOException {
        return withHeader(file, (channel, header) -> {
            Map<String, HostTensor> tensors = new LinkedHashMap<>();
            for (TensorInfo info : header.tensors().values()) {
                tensors.put(info.name(), loadTensor(file, channel, header.dataStart(), info));
            }
            LOG.debug("Read {} tensors from {}", tensors.size(), file);
            return new SafetensorsFile(file, tensors, header.metadata());
        });
    }

    /**
     * Reads and validates only the header: names, dtypes, shapes and offsets, in header order, without loading data.
     *
     * @param file the file
     * @return an unmodifiable map from tensor name to its header entry
     * @throws SafetensorsFormatException if the file is not a valid safetensors file
     * @throws IOException                if it cannot be read
     */
    public static Map<String, TensorInfo> readHeader(Path file) throws IOException {
        return withHeader(file, (channel, header) -> header.tensors());
    }

    /**
     * Reads one tensor, without loading the others.
     *
     * @param file the file
     * @param name the tensor name
     * @return the tensor
     * @throws IllegalArgumentException   if there is no tensor of that name
     * @throws SafetensorsFormatException if the file is not a valid safetensors file
     * @throws IOException                if it cannot be read
     */
    public static HostTensor readTensor(Path file, String name) throws IOException {
        return withHeader(file, (channel, header) -> {
            TensorInfo info = header.tensors().get(name);
            if (info == null) {
                throw new IllegalArgumentException("no tensor '" + name + "' in " + file + " ("
                        + header.tensors().size() + " tensors)");
            }
            return loadTensor(file, channel, header.dataStart(), info);
        });
    }

    /**
     * Writes tensors and metadata to a safetensors file atomically (see the class comment for the exact layout).
     *
     * @param file     the file to create or replace
     * @param tensors  the tensors by name; {@code "__metadata__"} is not a valid name
     * @param metadata string metadata written as {@code __metadata__} when non-empty (Hugging Face writes
     *                 {@code {"format": "pt"}}); may be null
     * @throws IllegalArgumentException if a name, tensor or metadata entry is null or a name is reserved
     * @throws IOException              if the file cannot be written; an existing file is then left unchanged
     */
    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(tensors, "tensors");
        List<Map.Entry<String, HostTensor>> ordered = layoutOrder(tensors);
        byte[] header = buildHeader(ordered, metadata == null ? Map.of() : metadata);
        FileIo.atomicWrite(file, channel -> {
            ByteBuffer prefix = ByteBuffer.allocate(PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(0, header.length);
            FileIo.writeFully(channel, prefix);
            FileIo.writeFully(channel, ByteBuffer.wrap(header));
            for (Map.Entry<String, HostTensor> e : ordered) {
                FileIo.writeFully(channel, e.getValue().buffer());
            }
        });
        LOG.debug("Wrote {} tensors to {}", ordered.size(), file);
    }

    // ---------------------------------------------------------------- writing

    /** Validates the entries and sorts them like the safetensors library: dtype rank descending, then name. */
    private static List<Map.Entry<String, HostTensor>> layoutOrder(Map<String, HostTensor> tensors) {
        List<Map.Entry<String, HostTensor>> entries = new ArrayList<>(tensors.size());
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException("tensor name is null");
            }
            if (METADATA_KEY.equals(e.getKey())) {
                throw new IllegalArgumentException("'" + METADATA_KEY + "' is reserved and cannot name a tensor");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' is null");
            }
            entries.add(Map.entry(e.getKey(), e.getValue()));
        }
        entries.sort(Comparator.<Map.Entry<String, HostTensor>>comparingInt(e -> -e.getValue().dtype().safetensorsRank())
                .thenComparing(Map.Entry::getKey));
        return entries;
    }

    /** Compact JSON header, padded with spaces to a multiple of 8 bytes. */
    private static byte[] buildHeader(List<Map.Entry<String, HostTensor>> ordered, Map<String, String> metadata)
            throws JsonProcessingException {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA_KEY);
            for (Map.Entry<String, String> e : sortedMetadata(metadata).entrySet()) {
                meta.put(e.getKey(), e.getValue());
            }
        }
        long offset = 0;
        for (Map.Entry<String, HostTensor> e : ordered) {
            HostTensor t = e.getValue();
            ObjectNode entry = root.putObject(e.getKey());
            entry.put("dtype", t.dtype().safetensorsName());
            ArrayNode shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(offset).add(offset + t.sizeInBytes());
            offset += t.sizeInBytes();
        }
        byte[] json = JSON.writeValueAsBytes(root);
        int padded = (json.length + HEADER_ALIGNMENT - 1) / HEADER_ALIGNMENT * HEADER_ALIGNMENT;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    private static Map<String, String> sortedMetadata(Map<String, String> metadata) {
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("metadata keys and values must not be null: " + e);
            }
            sorted.put(e.getKey(), e.getValue());
        }
        return sorted;
    }

    // ---------------------------------------------------------------- reading

    /**
     * Opens the file, validates the header and runs {@code action}. Any runtime exception from parsing is reported
     * as a {@link SafetensorsFormatException} so that malformed input never surfaces as an unchecked exception.
     */
    private static <T> T withHeader(Path file, HeaderAction<T> action) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header;
            try {
                header = parseHeader(file, channel);
            } catch (RuntimeException e) {
                throw new SafetensorsFormatException(file, "unexpected error while parsing the header: " + e, e);
            }
            return action.apply(channel, header);
        }
    }

    private static Header parseHeader(Path file, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < PREFIX_BYTES) {
            throw new SafetensorsFormatException(file, "file is " + fileSize
                    + " bytes, shorter than the 8-byte header length prefix");
        }
        ByteBuffer prefix = ByteBuffer.allocate(PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        if (FileIo.readFully(channel, prefix, 0) != PREFIX_BYTES) {
            throw new SafetensorsFormatException(file, "file ended while reading the header length");
        }
        long headerLength = prefix.getLong(0);
        long afterPrefix = fileSize - PREFIX_BYTES;
        if (headerLength < 0 || headerLength > afterPrefix) {
            throw new SafetensorsFormatException(file, "header length " + Long.toUnsignedString(headerLength)
                    + " bytes is larger than the file: only " + afterPrefix + " bytes follow the 8-byte prefix"
                    + " (file size " + fileSize + " bytes)");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new SafetensorsFormatException(file, "header length " + headerLength
                    + " bytes exceeds the limit of " + MAX_HEADER_BYTES + " bytes (file size " + fileSize + " bytes)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        if (FileIo.readFully(channel, headerBytes, PREFIX_BYTES) != headerLength) {
            throw new SafetensorsFormatException(file, "file ended while reading the " + headerLength
                    + "-byte header");
        }
        JsonNode root = parseJson(file, headerBytes.flip());
        long dataSize = afterPrefix - headerLength;
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = Map.of();
        var fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (METADATA_KEY.equals(field.getKey())) {
                metadata = parseMetadata(file, field.getValue());
            } else {
                tensors.put(field.getKey(), parseTensorInfo(file, field.getKey(), field.getValue(), dataSize));
            }
        }
        checkNoOverlap(file, tensors.values());
        return new Header(Collections.unmodifiableMap(tensors), metadata, PREFIX_BYTES + headerLength);
    }

    private static JsonNode parseJson(Path file, ByteBuffer bytes) throws SafetensorsFormatException {
        CharBuffer text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
        } catch (CharacterCodingException e) {
            throw new SafetensorsFormatException(file, "header is not valid UTF-8 (" + e + ")", e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text.toString());
        } catch (JsonProcessingException e) {
            throw new SafetensorsFormatException(file, "header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new SafetensorsFormatException(file, "header is empty, expected a JSON object");
        }
        if (!root.isObject()) {
            throw new SafetensorsFormatException(file, "header must be a JSON object but is " + describe(root));
        }
        return root;
    }

    private static Map<String, String> parseMetadata(Path file, JsonNode node) throws SafetensorsFormatException {
        if (node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new SafetensorsFormatException(file, METADATA_KEY
                    + " must be a JSON object of string values but is " + describe(node));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        var fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (!e.getValue().isTextual()) {
                throw new SafetensorsFormatException(file, METADATA_KEY + " value of key '" + e.getKey()
                        + "' must be a string but is " + describe(e.getValue()));
            }
            metadata.put(e.getKey(), e.getValue().textValue());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static TensorInfo parseTensorInfo(Path file, String name, JsonNode entry, long dataSize)
            throws SafetensorsFormatException {
        String where = "tensor '" + name + "': ";
        if (!entry.isObject()) {
            throw new SafetensorsFormatException(file, where
                    + "entry must be a JSON object with dtype, shape and data_offsets but is " + describe(entry));
        }
        JsonNode dtypeNode = required(file, where, entry, "dtype");
        if (!dtypeNode.isTextual()) {
            throw new SafetensorsFormatException(file, where + "'dtype' must be a string but is "
                    + describe(dtypeNode));
        }
        DType dtype;
        try {
            dtype = DType.fromSafetensors(dtypeNode.textValue());
        } catch (IllegalArgumentException e) {
            throw new SafetensorsFormatException(file, where + e.getMessage(), e);
        }
        long[] shape = integers(file, where, entry, "shape");
        long numel;
        try {
            numel = Shapes.numel(shape);
        } catch (IllegalArgumentException e) {
            throw new SafetensorsFormatException(file, where + e.getMessage(), e);
        }
        long[] offsets = integers(file, where, entry, "data_offsets");
        if (offsets.length != 2 || offsets[0] < 0 || offsets[1] < 0) {
            throw new SafetensorsFormatException(file, where + "'data_offsets' must be two non-negative integers"
                    + " [begin, end] but is " + entry.get("data_offsets"));
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw new SafetensorsFormatException(file, where + "data_offsets [" + begin + ", " + end
                    + "] has begin > end");
        }
        if (end > dataSize) {
            throw new SafetensorsFormatException(file, where + "data_offsets [" + begin + ", " + end
                    + "] end beyond the data area of " + dataSize + " bytes");
        }
        long actual = end - begin;
        boolean overflow = numel > Long.MAX_VALUE / dtype.byteSize();
        if (overflow || numel * dtype.byteSize() != actual) {
            String expected = overflow ? "more than " + Long.MAX_VALUE : Long.toString(numel * dtype.byteSize());
            throw new SafetensorsFormatException(file, where + "shape " + Shapes.format(shape) + " of " + dtype
                    + " needs " + expected + " bytes but data_offsets [" + begin + ", " + end + "] span " + actual
                    + " bytes");
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static JsonNode required(Path file, String where, JsonNode entry, String field)
            throws SafetensorsFormatException {
        JsonNode node = entry.get(field);
        if (node == null) {
            throw new SafetensorsFormatException(file, where + "missing '" + field + "'");
        }
        return node;
    }

    /** A required JSON array of integers that fit in a long. */
    private static long[] integers(Path file, String where, JsonNode entry, String field)
            throws SafetensorsFormatException {
        JsonNode node = required(file, where, entry, field);
        if (!node.isArray()) {
            throw new SafetensorsFormatException(file, where + "'" + field + "' must be an array of integers but is "
                    + describe(node));
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new SafetensorsFormatException(file, where + "'" + field
                        + "' must be an array of 64-bit integers but element " + i + " is " + describe(v));
            }
            values[i] = v.longValue();
        }
        return values;
    }

    /** Rejects tensors whose byte ranges intersect; empty tensors occupy no bytes. */
    private static void checkNoOverlap(Path file, Iterable<TensorInfo> tensors) throws SafetensorsFormatException {
        List<TensorInfo> sorted = new ArrayList<>();
        for (TensorInfo t : tensors) {
            if (t.end() > t.begin()) {
                sorted.add(t);
            }
        }
        sorted.sort(Comparator.comparingLong(TensorInfo::begin));
        TensorInfo furthest = null;
        for (TensorInfo t : sorted) {
            if (furthest != null && t.begin() < furthest.end()) {
                throw new SafetensorsFormatException(file, "tensors '" + furthest.name() + "' data_offsets ["
                        + furthest.begin() + ", " + furthest.end() + "] and '" + t.name() + "' data_offsets ["
                        + t.begin() + ", " + t.end() + "] overlap");
            }
            if (furthest == null || t.end() > furthest.end()) {
                furthest = t;
            }
        }
    }

    private static HostTensor loadTensor(Path file, FileChannel channel, long dataStart, TensorInfo info)
            throws IOException {
        long length = info.byteLength();
        if (length > HostTensor.MAX_BYTES) {
            throw new SafetensorsFormatException(file, "tensor '" + info.name() + "' is " + length
                    + " bytes, too large for a HostTensor (at most " + HostTensor.MAX_BYTES + " bytes)");
        }
        byte[] bytes = new byte[(int) length];
        int read = FileIo.readFully(channel, ByteBuffer.wrap(bytes), dataStart + info.begin());
        if (read != length) {
            throw new SafetensorsFormatException(file, "tensor '" + info.name() + "': file ended after " + read
                    + " of " + length + " bytes (was it truncated while being read?)");
        }
        return HostTensor.wrapOwned(info.dtype(), info.shape(), bytes);
    }

    /** A short description of a JSON value for error messages, e.g. {@code number 5} or {@code array [1,2]}. */
    private static String describe(JsonNode node) {
        String text = node.toString();
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return "a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + text;
    }
}
