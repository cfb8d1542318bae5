package org.tubelet.recipe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML value that remembers where it came from. Only the plain YAML data types exist here (mappings, lists,
 * strings, integers, floating-point numbers, booleans, null): nothing in a recipe can instantiate a class.
 */
public sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

    Origin origin();

    /** A short description of the value for error messages. */
    String describe();

    /** A key → value mapping in file order; each key keeps its own origin. */
    record Mapping(Map<String, Entry> entries, Origin origin) implements YamlNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public YamlNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** One key of a mapping: where the key is written, and its value. */
    record Entry(Origin keyOrigin, YamlNode value) {
    }

    /** A list. */
    record Sequence(List<YamlNode> items, Origin origin) implements YamlNode {
        public Sequence {
            items = Collections.unmodifiableList(new ArrayList<>(items));
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A single value.
     *
     * @param value a {@link String}, {@link Long}, {@link Double}, {@link Boolean}, or null
     */
    record Scalar(Object value, Origin origin) implements YamlNode {
        public boolean isNull() {
            return value == null;
        }

        @Override
        public String describe() {
            if (value == null) {
                return "null";
            }
            return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        }
    }
}
