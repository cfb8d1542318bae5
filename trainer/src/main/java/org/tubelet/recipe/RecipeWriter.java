package org.tubelet.recipe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tubelet.models.Architecture;
import org.tubelet.models.ModelConfig;

/**
 * Writes a bound recipe back to YAML with every default spelled out (the "resolved recipe" stored in run folders and
 * checkpoints). Record components map to snake_case keys, the same names {@link Section} reads.
 */
final class RecipeWriter {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private RecipeWriter() {
    }

    static String toYaml(Recipe r) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("name", r.name());
        tree.put("task", r.task().key());
        tree.put("model", plain(r.model()));
        tree.put("data", plain(r.data()));
        tree.put("optim", plain(r.optim()));
        tree.put("schedule", plain(r.schedule()));
        tree.put("train", plain(r.train()));
        tree.put("checkpoint", plain(r.checkpoint()));
        tree.put("log", plain(r.log()));
        tree.put("distributed", plain(r.distributed()));
        try {
            return "# Resolved recipe (every default written out), from " + r.source() + "\n"
                    + YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object plain(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Architecture a) {
            return a.hfClass();
        }
        if (v instanceof Enum<?> e) {
            return Section.Choice.keyOf(e);
        }
        if (v instanceof YamlNode n) {
            return YamlTrees.toPlain(n);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(plain(x)));
            return out;
        }
        if (v instanceof Record rec) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (RecordComponent c : rec.getClass().getRecordComponents()) {
                if (ModelConfig.class.isAssignableFrom(c.getType())) {
                    continue;
                }
                Object value;
                try {
                    value = c.getAccessor().invoke(rec);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                if (value != null && !(value instanceof YamlNode.Mapping m && m.entries().isEmpty())) {
                    out.put(snake(c.getName()), plain(value));
                }
            }
            return out;
        }
        return v;
    }

    static String snake(String camel) {
        StringBuilder b = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                b.append('_').append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
