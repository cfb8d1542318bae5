package org.tubelet.recipe;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tubelet.recipe.YamlNode.Entry;
import org.tubelet.recipe.YamlNode.Mapping;
import org.tubelet.recipe.YamlNode.Scalar;
import org.tubelet.recipe.YamlNode.Sequence;

/**
 * The one place YAML text becomes data: parsing with line numbers (Jackson's streaming YAML parser, so no class is
 * ever instantiated from a tag), merging a recipe over the one it {@code extends}, and applying {@code --set a.b=c}.
 */
public final class YamlTrees {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlTrees() {
    }

    /** Parses a YAML document whose top level must be a mapping. */
    public static Mapping parseDocument(String source, String text) {
        YamlNode root = parse(source, text);
        if (root == null || (root instanceof Scalar s && s.isNull())) {
            return new Mapping(Map.of(), new Origin(source, 1));
        }
        if (!(root instanceof Mapping m)) {
            throw new RecipeException(root.origin(), "expected a mapping of keys (key: value) at the top level, got "
                    + root.describe());
        }
        return m;
    }

    /** Parses any YAML value (used for {@code --set} values, where {@code [1, 2]} or {@code true} are typed). */
    public static YamlNode parse(String source, String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return null;
            }
            YamlNode node = read(source, p, t);
            if (p.nextToken() != null) {
                throw new RecipeException(origin(source, p.getTokenLocation()),
                        "more than one YAML document; a recipe is a single document");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String msg = e.getOriginalMessage().lines().findFirst().orElse("").trim();
            throw new RecipeException(origin(source, loc), "not valid YAML: " + msg);
        } catch (IOException e) {
            throw new RecipeException(new Origin(source, 0), "cannot read: " + e.getMessage());
        }
    }

    private static YamlNode read(String source, JsonParser p, JsonToken t) throws IOException {
        Origin at = origin(source, p.getTokenLocation());
        if (p instanceof YAMLParser yp && yp.isCurrentAlias()) {
            throw new RecipeException(at, "YAML aliases (*name) are not supported in recipes; use extends: instead");
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String key = p.currentName();
                    Origin keyAt = origin(source, p.getTokenLocation());
                    YamlNode value = read(source, p, p.nextToken());
                    if (entries.containsKey(key)) {
                        throw new RecipeException(keyAt, key + ": duplicate key (first at line "
                                + entries.get(key).keyOrigin().line() + ")");
                    }
                    entries.put(key, new Entry(keyAt, value));
                }
                return new Mapping(entries, at);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
                    items.add(read(source, p, i));
                }
                return new Sequence(items, at);
            }
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw new RecipeException(at, p.getText() + ": integer too large");
                }
                return new Scalar(p.getLongValue(), at);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Scalar(p.getDoubleValue(), at);
            }
            case VALUE_TRUE -> {
                return new Scalar(Boolean.TRUE, at);
            }
            case VALUE_FALSE -> {
                return new Scalar(Boolean.FALSE, at);
            }
            case VALUE_NULL -> {
                return new Scalar(null, at);
            }
            case VALUE_STRING -> {
                return new Scalar(p.getText(), at);
            }
            default -> throw new RecipeException(at, "unsupported YAML content (" + t + ")");
        }
    }

    private static Origin origin(String source, JsonLocation loc) {
        return new Origin(source, loc == null ? 0 : Math.max(0, loc.getLineNr()));
    }

    /**
     * {@code child} over {@code base}: mappings merge key by key (recursively), anything else in the child replaces the
     * base value. Every value keeps the origin of the file it came from.
     */
    public static Mapping merge(Mapping base, Mapping child) {
        Map<String, Entry> out = new LinkedHashMap<>(base.entries());
        for (Map.Entry<String, Entry> e : child.entries().entrySet()) {
            Entry old = out.get(e.getKey());
            Entry now = e.getValue();
            if (old != null && old.value() instanceof Mapping bm && now.value() instanceof Mapping cm) {
                out.put(e.getKey(), new Entry(now.keyOrigin(), merge(bm, cm)));
            } else {
                out.put(e.getKey(), now);
            }
        }
        return new Mapping(out, child.origin());
    }

    /**
     * Applies one {@code --set a.b.c=value}: the value is parsed as YAML ({@code 3e-4}, {@code true},
     * {@code [0.9, 0.95]}, {@code null} to fall back to the default); missing intermediate mappings are created.
     */
    public static Mapping set(Mapping root, String assignment) {
        String where = "--set " + assignment;
        Origin origin = new Origin(where, 0);
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new RecipeException(origin, "expected key.path=value, e.g. --set optim.lr=3e-4");
        }
        String path = assignment.substring(0, eq).trim();
        String text = assignment.substring(eq + 1);
        String[] keys = path.split("\\.", -1);
        for (String k : keys) {
            if (k.isBlank()) {
                throw new RecipeException(origin, "'" + path + "' is not a key path (expected e.g. optim.lr)");
            }
        }
        YamlNode value = text.isBlank() ? new Scalar(null, origin) : relocate(parse(where, text), origin);
        return set(root, keys, 0, value, origin);
    }

    private static Mapping set(Mapping m, String[] keys, int i, YamlNode value, Origin origin) {
        Map<String, Entry> out = new LinkedHashMap<>(m.entries());
        String key = keys[i];
        if (i == keys.length - 1) {
            out.put(key, new Entry(origin, value));
        } else {
            YamlNode child = m.get(key);
            Mapping inner;
            if (child == null || (child instanceof Scalar s && s.isNull())) {
                inner = new Mapping(Map.of(), origin);
            } else if (child instanceof Mapping cm) {
                inner = cm;
            } else {
                throw new RecipeException(origin, String.join(".", java.util.Arrays.copyOf(keys, i + 1))
                        + " is " + child.describe() + " (" + child.origin() + "), not a section with keys");
            }
            out.put(key, new Entry(origin, set(inner, keys, i + 1, value, origin)));
        }
        return new Mapping(out, m.origin());
    }

    /** The same tree with every origin replaced (for {@code --set} values, whose "lines" mean nothing). */
    private static YamlNode relocate(YamlNode n, Origin o) {
        if (n == null) {
            return new Scalar(null, o);
        }
        if (n instanceof Sequence q) {
            return new Sequence(q.items().stream().map(x -> relocate(x, o)).toList(), o);
        }
        if (n instanceof Mapping m) {
            Map<String, Entry> e = new LinkedHashMap<>();
            m.entries().forEach((k, v) -> e.put(k, new Entry(o, relocate(v.value(), o))));
            return new Mapping(e, o);
        }
        return new Scalar(((Scalar) n).value(), o);
    }

    /** Plain Java values (LinkedHashMap, List, String, Long, Double, Boolean, null), e.g. to write as JSON. */
    public static Object toPlain(YamlNode n) {
        if (n == null) {
            return null;
        }
        if (n instanceof Sequence q) {
            List<Object> out = new ArrayList<>();
            q.items().forEach(x -> out.add(toPlain(x)));
            return out;
        }
        if (n instanceof Mapping m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, v) -> out.put(k, toPlain(v.value())));
            return out;
        }
        return ((Scalar) n).value();
    }
}
