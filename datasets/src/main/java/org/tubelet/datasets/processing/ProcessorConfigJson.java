package org.tubelet.datasets.processing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tubelet.datasets.ByteOrderMark;

/**
 * The one adapter between {@code preprocessor_config.json} and {@link ProcessorConfig}: nothing else in the code
 * base sees the JSON tree. Reading follows Hugging Face's {@code get_size_dict} conversions (an int {@code size}
 * is a shortest edge, an int {@code crop_size} a square, a two-element list is {@code [height, width]}); writing
 * reproduces {@code to_json_string} ({@code json.dumps(d, indent=2, sort_keys=True) + "\n"}).
 */
final class ProcessorConfigJson {

    private static final Logger LOG = LogManager.getLogger(ProcessorConfigJson.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter WRITER = MAPPER.writer(new PythonJsonPrinter());

    private static final String TYPE = "image_processor_type";
    private static final String LEGACY_TYPE = "feature_extractor_type";
    private static final String DO_RESIZE = "do_resize";
    private static final String SIZE = "size";
    private static final String RESAMPLE = "resample";
    private static final String DO_CENTER_CROP = "do_center_crop";
    private static final String CROP_SIZE = "crop_size";
    private static final String DO_RESCALE = "do_rescale";
    private static final String RESCALE_FACTOR = "rescale_factor";
    private static final String OFFSET = "offset";
    private static final String DO_NORMALIZE = "do_normalize";
    private static final String IMAGE_MEAN = "image_mean";
    private static final String IMAGE_STD = "image_std";
    private static final Set<String> COMMON_KEYS = Set.of(TYPE, DO_RESIZE, SIZE, RESAMPLE, DO_CENTER_CROP, CROP_SIZE,
            DO_RESCALE, RESCALE_FACTOR, DO_NORMALIZE, IMAGE_MEAN, IMAGE_STD);

    private ProcessorConfigJson() {
    }

    /** See {@link ProcessorConfig#load(Path)}. */
    static ProcessorConfig read(Path file) throws IOException {
        String text;
        try {
            // JSON files are UTF-8 (RFC 8259); Jackson would guess UTF-16/32
            text = ByteOrderMark.strip(Files.readString(file));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text (expected an HF preprocessor_config.json)", e);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")"), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": expected a JSON object with the processor's fields, got "
                    + (root == null ? "an empty file" : root.getNodeType().toString().toLowerCase()));
        }
        try {
            return bind(root, file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** See {@link ProcessorConfig#toJson()}. */
    static String write(ProcessorConfig config) {
        Map<String, Object> d = new TreeMap<>(); // sort_keys=True
        d.put(CROP_SIZE, sizeDict(config.cropSize()));
        d.put(DO_CENTER_CROP, config.doCenterCrop());
        d.put(DO_NORMALIZE, config.doNormalize());
        d.put(DO_RESCALE, config.doRescale());
        d.put(DO_RESIZE, config.doResize());
        d.put(IMAGE_MEAN, config.imageMean());
        d.put(TYPE, config.type().hfName());
        d.put(IMAGE_STD, config.imageStd());
        if (config.type().hasOffset()) {
            d.put(OFFSET, config.offset());
        }
        d.put(RESAMPLE, config.resample().pilCode());
        d.put(RESCALE_FACTOR, config.rescaleFactor());
        d.put(SIZE, config.size() instanceof ShortestEdge s
                ? Map.of("shortest_edge", s.shortestEdge())
                : sizeDict(((ExactSize) config.size()).size()));
        try {
            return WRITER.writeValueAsString(d) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise " + config, e);
        }
    }

    private static Map<String, Object> sizeDict(FrameSize size) {
        Map<String, Object> m = new TreeMap<>();
        m.put("height", size.height());
        m.put("width", size.width());
        return m;
    }

    private static ProcessorConfig bind(JsonNode root, Path file) {
        ProcessorType type = type(root);
        ProcessorConfig d = ProcessorConfig.defaults(type);
        logIgnoredKeys(root, type, file);
        return new ProcessorConfig(
                type,
                bool(root, DO_RESIZE, d.doResize()),
                resizeRule(root.get(SIZE), d.size()),
                resample(root.get(RESAMPLE), d.resample()),
                bool(root, DO_CENTER_CROP, d.doCenterCrop()),
                cropSize(root.get(CROP_SIZE), d.cropSize()),
                bool(root, DO_RESCALE, d.doRescale()),
                positiveNumber(root.get(RESCALE_FACTOR), RESCALE_FACTOR, d.rescaleFactor()),
                type.hasOffset() && bool(root, OFFSET, d.offset()),
                bool(root, DO_NORMALIZE, d.doNormalize()),
                channels(root.get(IMAGE_MEAN), IMAGE_MEAN, d.imageMean()),
                channels(root.get(IMAGE_STD), IMAGE_STD, d.imageStd()));
    }

    private static ProcessorType type(JsonNode root) {
        JsonNode node = root.get(TYPE);
        if (isAbsent(node)) {
            JsonNode legacy = root.get(LEGACY_TYPE);
            if (legacy != null && legacy.isTextual()) {
                // AutoImageProcessor reads old files the same way: FooFeatureExtractor -> FooImageProcessor.
                return ProcessorType.fromHfName(legacy.asText().replace("FeatureExtractor", "ImageProcessor"));
            }
            throw new IllegalArgumentException(TYPE + ": missing; expected \"" + ProcessorType.VIDEOMAE.hfName()
                    + "\" or \"" + ProcessorType.VIVIT.hfName() + "\"");
        }
        if (!node.isTextual()) {
            throw invalid(TYPE, node, "a string naming the processor class");
        }
        return ProcessorType.fromHfName(node.asText());
    }

    private static void logIgnoredKeys(JsonNode root, ProcessorType type, Path file) {
        Set<String> ignored = new TreeSet<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!COMMON_KEYS.contains(key) && !(type.hasOffset() && OFFSET.equals(key))) {
                ignored.add(key);
            }
        }
        if (!ignored.isEmpty()) {
            LOG.debug("{}: ignoring keys {} that {} does not use", file, ignored, type.hfName());
        }
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static boolean bool(JsonNode root, String field, boolean fallback) {
        JsonNode node = root.get(field);
        if (node == null) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw invalid(field, node, "true or false");
        }
        return node.booleanValue();
    }

    private static int positiveInt(JsonNode node, String field) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() <= 0) {
            throw invalid(field, node, "an integer > 0");
        }
        return node.intValue();
    }

    private static double positiveNumber(JsonNode node, String field, double fallback) {
        if (node == null) {
            return fallback;
        }
        if (!node.isNumber() || !(node.doubleValue() > 0) || !Double.isFinite(node.doubleValue())) {
            throw invalid(field, node, "a finite number > 0");
        }
        return node.doubleValue();
    }

    private static Resample resample(JsonNode node, Resample fallback) {
        if (node == null) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw invalid(RESAMPLE, node, "an integer Pillow filter code, 2 (BILINEAR)");
        }
        return Resample.fromPilCode(node.intValue());
    }

    private static ResizeRule resizeRule(JsonNode node, ResizeRule fallback) {
        if (isAbsent(node)) {
            return fallback; // HF: size if size is not None else {"shortest_edge": default}
        }
        if (node.isIntegralNumber()) {
            return new ShortestEdge(positiveInt(node, SIZE)); // get_size_dict(int, default_to_square=False)
        }
        if (node.isArray()) {
            return new ExactSize(heightWidthList(node, SIZE));
        }
        if (node.isObject() && fieldSet(node).equals(Set.of("shortest_edge"))) {
            return new ShortestEdge(positiveInt(node.get("shortest_edge"), SIZE + ".shortest_edge"));
        }
        if (node.isObject() && fieldSet(node).equals(Set.of("height", "width"))) {
            return new ExactSize(heightWidthDict(node, SIZE));
        }
        throw invalid(SIZE, node, "{\"shortest_edge\": n} or {\"height\": h, \"width\": w} "
                + "(these processors support no other size dict)");
    }

    private static FrameSize cropSize(JsonNode node, FrameSize fallback) {
        if (isAbsent(node)) {
            return fallback;
        }
        if (node.isIntegralNumber()) {
            int side = positiveInt(node, CROP_SIZE); // get_size_dict(int) defaults to a square
            return new FrameSize(side, side);
        }
        if (node.isArray()) {
            return heightWidthList(node, CROP_SIZE);
        }
        if (node.isObject() && fieldSet(node).equals(Set.of("height", "width"))) {
            return heightWidthDict(node, CROP_SIZE);
        }
        throw invalid(CROP_SIZE, node, "{\"height\": h, \"width\": w}");
    }

    private static FrameSize heightWidthDict(JsonNode node, String field) {
        return new FrameSize(positiveInt(node.get("height"), field + ".height"),
                positiveInt(node.get("width"), field + ".width"));
    }

    private static FrameSize heightWidthList(JsonNode node, String field) {
        if (node.size() != 2) {
            throw invalid(field, node, "[height, width]");
        }
        return new FrameSize(positiveInt(node.get(0), field + "[0]"), positiveInt(node.get(1), field + "[1]"));
    }

    private static List<Double> channels(JsonNode node, String field, List<Double> fallback) {
        if (isAbsent(node)) {
            return fallback; // HF: image_mean if image_mean is not None else IMAGENET_STANDARD_MEAN
        }
        if (node.isNumber()) {
            return List.of(node.doubleValue(), node.doubleValue(), node.doubleValue()); // a scalar broadcasts
        }
        if (!node.isArray() || node.size() != ProcessorConfig.CHANNELS) {
            throw invalid(field, node, "a list of " + ProcessorConfig.CHANNELS + " numbers (R, G, B)");
        }
        List<Double> values = new ArrayList<>(ProcessorConfig.CHANNELS);
        for (int c = 0; c < node.size(); c++) {
            if (!node.get(c).isNumber()) {
                throw invalid(field + "[" + c + "]", node.get(c), "a number");
            }
            values.add(node.get(c).doubleValue());
        }
        return values;
    }

    private static Set<String> fieldSet(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static IllegalArgumentException invalid(String field, JsonNode value, String expected) {
        return new IllegalArgumentException(field + ": " + (value == null ? "missing" : value.toString())
                + " is invalid; expected " + expected);
    }

    /** Pretty printer matching Python's {@code json.dumps(indent=2)}: {@code "key": value}, one item per line. */
    private static final class PythonJsonPrinter extends DefaultPrettyPrinter {
        private static final long serialVersionUID = 1L;

        PythonJsonPrinter() {
            DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
            _objectIndenter = indenter;
            _arrayIndenter = indenter;
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new PythonJsonPrinter();
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }
    }
}
