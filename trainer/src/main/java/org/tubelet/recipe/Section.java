package org.tubelet.recipe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.tubelet.models.ConfigException;
import org.tubelet.recipe.YamlNode.Mapping;
import org.tubelet.recipe.YamlNode.Scalar;
import org.tubelet.recipe.YamlNode.Sequence;

/**
 * Typed reading of one recipe section. Every getter checks the type and names {@code file:line}, the full key
 * ({@code optim.lr}) and what was expected; {@link #finish()} rejects keys nobody read.
 */
public final class Section {
    private final String path;
    private final Mapping node;
    private final Set<String> known = new LinkedHashSet<>();

    Section(String path, Mapping node) {
        this.path = path;
        this.node = node;
    }

    /** The dotted path of this section ({@code ""} for the top level). */
    public String path() {
        return path;
    }

    public Origin origin() {
        return node.origin();
    }

    private String full(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The value under a key, or null when absent or written as {@code null}. */
    private YamlNode take(String key) {
        known.add(key);
        YamlNode v = node.get(key);
        return v instanceof Scalar s && s.isNull() ? null : v;
    }

    public boolean has(String key) {
        known.add(key);
        YamlNode v = node.get(key);
        return v != null && !(v instanceof Scalar s && s.isNull());
    }

    /** Where a key's value is written (or this section, when the key is absent). */
    public Origin originOf(String key) {
        YamlNode v = node.get(key);
        return v != null ? v.origin() : node.origin();
    }

    public RecipeException error(String key, String message) {
        YamlNode v = node.get(key);
        String shown = v == null ? full(key) : full(key) + " = " + v.describe();
        return new RecipeException(originOf(key), shown + ": " + message);
    }

    private RecipeException wrongType(String key, YamlNode v, String expected) {
        return new RecipeException(v.origin(), full(key) + " = " + v.describe() + ": expected " + expected);
    }

    public RecipeException missing(String key, String what) {
        return new RecipeException(node.origin(), (path.isEmpty() ? "recipe" : path) + ": missing required key '"
                + key + "' (" + what + ")");
    }

    public Optional<String> string(String key) {
        YamlNode v = take(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Scalar s && !(s.value() instanceof Boolean)) {
            return Optional.of(String.valueOf(s.value()));
        }
        throw wrongType(key, v, "a string");
    }

    public String string(String key, String def) {
        return string(key).orElse(def);
    }

    public String requiredString(String key, String what) {
        return string(key).orElseThrow(() -> missing(key, what));
    }

    public Optional<Long> longValue(String key) {
        YamlNode v = take(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Scalar s) {
            if (s.value() instanceof Long l) {
                return Optional.of(l);
            }
            if (s.value() instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Optional.of(d.longValue());
            }
        }
        throw wrongType(key, v, "an integer");
    }

    public Optional<Integer> integer(String key) {
        Optional<Long> l = longValue(key);
        if (l.isPresent() && (l.get() > Integer.MAX_VALUE || l.get() < Integer.MIN_VALUE)) {
            throw error(key, "out of range for an integer");
        }
        return l.map(Long::intValue);
    }

    public int integer(String key, int def) {
        return integer(key).orElse(def);
    }

    /** An integer ≥ {@code min}. */
    public int integer(String key, int def, int min) {
        int v = integer(key, def);
        if (v < min) {
            throw error(key, "must be ≥ " + min);
        }
        return v;
    }

    public Optional<Double> number(String key) {
        YamlNode v = take(key);
        if (v == null) {
            return Optional.empty();
        }
        Double d = asNumber(v);
        if (d == null) {
            throw wrongType(key, v, "a number");
        }
        if (!Double.isFinite(d)) {
            throw error(key, "must be a finite number");
        }
        return Optional.of(d);
    }

    /**
     * Numbers also accept plain strings that read as one: YAML 1.1 reads {@code 1e-3} (no dot) as a string, and users
     * write it all the time.
     */
    private static Double asNumber(YamlNode v) {
        if (v instanceof Scalar s) {
            if (s.value() instanceof Number n) {
                return n.doubleValue();
            }
            if (s.value() instanceof String str) {
                try {
                    return Double.parseDouble(str.trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    public double number(String key, double def) {
        return number(key).orElse(def);
    }

    /** A number inside [{@code min}, {@code max}]. */
    public double number(String key, double def, double min, double max) {
        double v = number(key, def);
        if (v < min || v > max) {
            throw error(key, "must be in [" + fmt(min) + ", " + fmt(max) + "]");
        }
        return v;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    public boolean bool(String key, boolean def) {
        YamlNode v = take(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Scalar s && s.value() instanceof Boolean b) {
            return b;
        }
        throw wrongType(key, v, "true or false");
    }

    /** One of an enum's recipe names ({@link Choice#keyOf}). */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E def) {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return def;
        }
        return Choice.parse(type, s.get()).orElseThrow(() -> error(key, "expected one of " + Choice.names(type)));
    }

    public <E extends Enum<E>> E requiredChoice(String key, Class<E> type) {
        if (!has(key)) {
            throw missing(key, "one of " + Choice.names(type));
        }
        return choice(key, type, null);
    }

    public Optional<List<Double>> numbers(String key) {
        YamlNode v = take(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Sequence q) {
            List<Double> out = new ArrayList<>();
            for (YamlNode i : q.items()) {
                Double d = asNumber(i);
                if (d == null || !Double.isFinite(d)) {
                    throw wrongType(key, v, "a list of numbers");
                }
                out.add(d);
            }
            return Optional.of(out);
        }
        throw wrongType(key, v, "a list of numbers, e.g. [0.9, 0.999]");
    }

    public List<String> strings(String key, List<String> def) {
        YamlNode v = take(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Scalar s && s.value() instanceof String str) {
            return List.of(str);
        }
        if (v instanceof Sequence q) {
            List<String> out = new ArrayList<>();
            for (YamlNode i : q.items()) {
                if (!(i instanceof Scalar s) || s.isNull() || s.value() instanceof Boolean) {
                    throw wrongType(key, v, "a list of strings");
                }
                out.add(String.valueOf(s.value()));
            }
            return out;
        }
        throw wrongType(key, v, "a list of strings");
    }

    /** A list of an enum's recipe names ({@link Choice#keyOf}), or {@code def} when absent. */
    public <E extends Enum<E>> List<E> choices(String key, Class<E> type, List<E> def) {
        YamlNode v = node.get(key);
        List<String> names = strings(key, null);
        if (names == null) {
            return def;
        }
        List<E> out = new ArrayList<>();
        for (String name : names) {
            out.add(Choice.parse(type, name).orElseThrow(() -> new RecipeException(v.origin(), full(key) + ": '"
                    + name + "' is not one of " + Choice.names(type))));
        }
        return out;
    }

    /**
     * A mapping of integers to integers ({@code {3: 4, 4: 3}}), sorted by key; empty when absent.
     *
     * @param min the smallest value allowed for keys and values
     */
    public SortedMap<Integer, Integer> integerMap(String key, int min) {
        Mapping m = mapping(key);
        SortedMap<Integer, Integer> out = new TreeMap<>();
        for (Map.Entry<String, YamlNode.Entry> e : m.entries().entrySet()) {
            Integer k = asInteger(e.getKey());
            YamlNode value = e.getValue().value();
            Integer v = value instanceof Scalar sc && sc.value() instanceof Long l && l >= Integer.MIN_VALUE
                    && l <= Integer.MAX_VALUE ? Integer.valueOf(l.intValue()) : null;
            if (k == null || v == null || k < min || v < min) {
                throw new RecipeException(e.getValue().keyOrigin(), full(key) + ": " + e.getKey() + " → "
                        + value.describe() + ": expected integers ≥ " + min + " on both sides");
            }
            out.put(k, v);
        }
        return Collections.unmodifiableSortedMap(out);
    }

    private static Integer asInteger(String text) {
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A nested section; absent or null reads as an empty one. */
    public Section section(String key) {
        YamlNode v = take(key);
        if (v == null) {
            return new Section(full(key), new Mapping(Map.of(), node.origin()));
        }
        if (v instanceof Mapping m) {
            return new Section(full(key), m);
        }
        throw wrongType(key, v, "a section of keys (key: value)");
    }

    /** The raw mapping under a key (for free-form HF config overrides), or an empty one. */
    public Mapping mapping(String key) {
        YamlNode v = take(key);
        if (v == null) {
            return new Mapping(Map.of(), node.origin());
        }
        if (v instanceof Mapping m) {
            return m;
        }
        throw wrongType(key, v, "a mapping (key: value)");
    }

    /** The raw value under a key, or null. */
    public YamlNode raw(String key) {
        return take(key);
    }

    /**
     * Runs a record constructor; its {@link ConfigException} ("field = value: rule") is reported at the line of the
     * field it names (when that field is in this section).
     */
    public <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (ConfigException e) {
            Origin at = e.field().map(node::get).map(YamlNode::origin).orElse(node.origin());
            String prefix = path.isEmpty() || e.field().isEmpty() ? "" : path + ".";
            throw new RecipeException(at, new ConfigException(e.field().map(prefix::concat).orElse(null),
                    prefix + e.getMessage()));
        }
    }

    /** Fails on the first key no getter asked for, listing the valid keys and the closest one. */
    public void finish() {
        for (Map.Entry<String, YamlNode.Entry> e : node.entries().entrySet()) {
            if (!known.contains(e.getKey())) {
                String hint = closest(e.getKey(), known).map(k -> " (did you mean '" + k + "'?)").orElse("");
                throw new RecipeException(e.getValue().keyOrigin(), full(e.getKey()) + ": unknown key" + hint
                        + "; expected one of " + String.join(", ", known));
            }
        }
    }

    static Optional<String> closest(String key, Iterable<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(key.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best != null && bestD <= Math.max(2, key.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * An enum whose constants are written in recipes under {@link #key()}. Enums of the library (e.g. the datasets'
     * {@code OnError}) are used directly by the sections: their recipe name is their constant's name in lower case.
     */
    public interface Choice {
        String key();

        /** The recipe name of an enum constant: its {@link #key()}, else its name in lower case. */
        static String keyOf(Enum<?> e) {
            return e instanceof Choice c ? c.key() : e.name().toLowerCase(Locale.ROOT);
        }

        /** The constant of {@code type} whose recipe name is {@code name} (ignoring case and outer spaces). */
        static <E extends Enum<E>> Optional<E> parse(Class<E> type, String name) {
            return Arrays.stream(type.getEnumConstants()).filter(e -> keyOf(e).equalsIgnoreCase(name.trim()))
                    .findFirst();
        }

        static <E extends Enum<E>> String names(Class<E> type) {
            return Arrays.stream(type.getEnumConstants()).map(Choice::keyOf).collect(Collectors.joining(", "));
        }
    }
}
