package org.tubelet.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.tubelet.io.AtomicFiles;
import org.tubelet.models.HfMeta;

/** Writes a {@code config.json} the way HF does: keys sorted, two-space indent. */
public final class HfJsonWriter {
    private final Map<String, JsonNode> fields = new TreeMap<>();

    public HfJsonWriter put(String key, Object value) {
        fields.put(key, HfJson.MAPPER.valueToTree(value));
        return this;
    }

    /** The generic fields; {@code id2label}/{@code label2id} only when they differ from HF's two default labels. */
    public HfJsonWriter meta(HfMeta meta, String modelType) {
        put("model_type", modelType);
        put("architectures", meta.architectures());
        if (!meta.id2label().equals(HfMeta.defaultLabels(2))) {
            ObjectNode ids = HfHelpers.object();
            ObjectNode labels = HfHelpers.object();
            meta.id2label().forEach((id, label) -> {
                ids.put(String.valueOf(id), label);
                labels.put(label, id);
            });
            fields.put("id2label", ids);
            fields.put("label2id", labels);
        }
        if (meta.problemType() != null) {
            put("problem_type", meta.problemType());
        }
        if (meta.torchDtype() != null) {
            put("torch_dtype", meta.torchDtype());
        }
        if (meta.transformersVersion() != null) {
            put("transformers_version", meta.transformersVersion());
        }
        meta.passthrough().forEach((k, raw) -> {
            try {
                fields.putIfAbsent(k, HfJson.MAPPER.readTree(raw));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("passthrough key " + k + " holds invalid JSON", e);
            }
        });
        return this;
    }

    public String toJson() {
        ObjectNode root = HfHelpers.object();
        fields.forEach(root::set);
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return HfJson.MAPPER.writer(pp).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    /** Tiny helpers kept private to this package. */
    static final class HfHelpers {
        private HfHelpers() {
        }

        static ObjectNode object() {
            return HfJson.MAPPER.createObjectNode();
        }
    }
}
