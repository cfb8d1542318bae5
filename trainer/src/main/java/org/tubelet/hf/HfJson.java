package org.tubelet.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tubelet.models.ConfigException;
import org.tubelet.models.HfMeta;

/**
 * The one adapter between an HF {@code config.json} object and typed values. Every getter names the file and the key
 * in its error; keys nobody reads are kept (as raw JSON) so that export writes them back.
 */
public final class HfJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> META_KEYS = Set.of("architectures", "id2label", "label2id", "problem_type",
            "torch_dtype", "transformers_version", "model_type", "num_labels");

    private final String source;
    private final ObjectNode node;
    private final Set<String> used = new HashSet<>();

    HfJson(String source, ObjectNode node) {
        this.source = source;
        this.node = node;
    }

    /** Reads a {@code config.json}; a missing or malformed file is a {@link ConfigException} naming it. */
    public static HfJson read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(null, file + ": file not found (expected an HF config.json)");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException(null, file + ": not UTF-8 text (expected an HF JSON file)");
        }
        return parse(file.toString(), text);
    }

    public static HfJson parse(String source, String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(null, source + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!(root instanceof ObjectNode obj)) {
            throw new ConfigException(null, source + ": expected a JSON object");
        }
        return new HfJson(source, obj);
    }

    public String source() {
        return source;
    }

    public boolean has(String key) {
        return node.hasNonNull(key);
    }

    public String string(String key, String def) {
        JsonNode v = take(key);
        if (v == null) {
            return def;
        }
        if (!v.isTextual()) {
            throw wrongType(key, v, "a string");
        }
        return v.asText();
    }

    public int integer(String key, int def) {
        JsonNode v = take(key);
        if (v == null) {
            return def;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw wrongType(key, v, "an integer");
        }
        return v.intValue();
    }

    public double number(String key, double def) {
        JsonNode v = take(key);
        if (v == null) {
            return def;
        }
        if (!v.isNumber()) {
            throw wrongType(key, v, "a number");
        }
        return v.doubleValue();
    }

    public boolean bool(String key, boolean def) {
        JsonNode v = take(key);
        if (v == null) {
            return def;
        }
        if (!v.isBoolean()) {
            throw wrongType(key, v, "true or false");
        }
        return v.booleanValue();
    }

    /** A list of integers; a single integer is accepted as a one-element list. */
    public List<Integer> integers(String key, List<Integer> def) {
        JsonNode v = take(key);
        if (v == null) {
            return def;
        }
        if (v.isIntegralNumber()) {
            return List.of(v.intValue());
        }
        if (!v.isArray()) {
            throw wrongType(key, v, "a list of integers");
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isIntegralNumber()) {
                throw wrongType(key, v, "a list of integers");
            }
            out.add(e.intValue());
        }
        return out;
    }

    /**
     * {@link #meta()} for a record whose own keys are read after the metadata (Java evaluates constructor arguments
     * in order): those keys are marked as read first so they do not land in the passthrough.
     */
    public HfMeta metaAfter(List<String> keysReadLater) {
        used.addAll(keysReadLater);
        return meta();
    }

    /** The generic {@code PretrainedConfig} part, plus every key nobody has read yet as passthrough. */
    public HfMeta meta() {
        List<String> archs = new ArrayList<>();
        JsonNode a = take("architectures");
        if (a != null) {
            if (!a.isArray()) {
                throw wrongType("architectures", a, "a list of class names");
            }
            a.forEach(e -> archs.add(e.asText()));
        }
        SortedMap<Integer, String> id2label = new TreeMap<>();
        JsonNode ids = take("id2label");
        if (ids != null) {
            if (!ids.isObject()) {
                throw wrongType("id2label", ids, "an object {\"0\": \"label\", ...}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = ids.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                try {
                    id2label.put(Integer.parseInt(e.getKey()), e.getValue().asText());
                } catch (NumberFormatException ex) {
                    throw new ConfigException("id2label",
                            source + ": id2label key '" + e.getKey() + "' is not an integer");
                }
            }
        }
        JsonNode l2i = take("label2id");
        if (l2i != null && l2i.isObject() && ids != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = l2i.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String named = id2label.get(e.getValue().asInt(-1));
                if (!e.getKey().equals(named)) {
                    throw new ConfigException("label2id", source + ": label2id '" + e.getKey() + "' -> " + e.getValue()
                            + " disagrees with id2label (" + e.getValue() + " -> " + named + ")");
                }
            }
        }
        int numLabels = integer("num_labels", -1);
        if (id2label.isEmpty()) {
            id2label = HfMeta.defaultLabels(numLabels > 0 ? numLabels : 2);
        } else if (numLabels > 0 && numLabels != id2label.size()) {
            throw new ConfigException("num_labels", source + ": num_labels = " + numLabels + " but id2label has "
                    + id2label.size() + " entries");
        }
        String problem = string("problem_type", null);
        String dtype = string("torch_dtype", null);
        String version = string("transformers_version", null);
        take("model_type");
        Map<String, String> passthrough = new LinkedHashMap<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!used.contains(k) && !META_KEYS.contains(k)) {
                passthrough.put(k, node.get(k).toString());
            }
        }
        try {
            return new HfMeta(archs, id2label, problem, dtype, version, passthrough);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("id2label", source + ": " + e.getMessage());
        }
    }

    /**
     * Builds a config record from this file's values; a validation error of the record (or of a value parser such as
     * an enum) is reported with the file name in front.
     */
    public <T> T bind(java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (ConfigException e) {
            throw e.getMessage().startsWith(source) ? e : invalid(e);
        } catch (IllegalArgumentException e) {
            throw invalid(e);
        }
    }

    /**
     * Wraps a record's validation error with the file name, keeping the field a {@link ConfigException} names (a
     * value parser's plain {@link IllegalArgumentException} names none).
     */
    public ConfigException invalid(IllegalArgumentException e) {
        String field = e instanceof ConfigException c ? c.field().orElse(null) : null;
        return new ConfigException(field, source + ": " + e.getMessage());
    }

    private JsonNode take(String key) {
        used.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private ConfigException wrongType(String key, JsonNode v, String expected) {
        return new ConfigException(key, source + ": " + key + " = " + v + ": expected " + expected);
    }
}
