package org.tubelet.datasets.layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * The classes of a dataset: index {@code i} is class name {@code names().get(i)}. Immutable.
 *
 * <p>A label map is explicit and stable: it comes from a file (UCF101's {@code classInd.txt}, SSv2's
 * {@code labels.json}, a {@code labels.txt} written next to a checkpoint) or from the sorted set of class names
 * (Kinetics, class folders, CSV lists with class names), never from the order samples happen to appear in. Save it with the model so that
 * class {@code i} means the same thing at evaluation and prediction time.
 */
public final class LabelMap {

    private final List<String> names;
    private final Map<String, Integer> indices;

    private LabelMap(List<String> names) {
        this.names = List.copyOf(names);
        this.indices = new HashMap<>();
        for (int i = 0; i < this.names.size(); i++) {
            String name = this.names.get(i);
            if (name.isBlank() || !name.strip().equals(name) || name.contains("\n")) {
                throw new IllegalArgumentException("class " + i + " has an invalid name '" + name
                        + "' (blank, padded with spaces or containing a line break)");
            }
            Integer before = indices.put(name, i);
            if (before != null) {
                throw new IllegalArgumentException("class name '" + name + "' appears twice, as class " + before
                        + " and class " + i);
            }
        }
    }

    /** Classes in the given order. */
    public static LabelMap of(List<String> names) {
        return new LabelMap(Objects.requireNonNull(names, "names"));
    }

    /** Classes named by the sorted set of the given names (duplicates collapse). */
    public static LabelMap sorted(Collection<String> names) {
        return new LabelMap(new ArrayList<>(new TreeSet<>(names)));
    }

    /**
     * The most classes {@link #numbered} makes. Annotations without class names give the class count only through
     * their largest class number, so one mistyped number (or a corrupt file) would otherwise ask for a classifier
     * head, and a label map, of up to two billion classes; the largest video label sets have a few thousand.
     */
    public static final int MAX_NUMBERED_CLASSES = 100_000;

    /** Classes named {@code "0"}, {@code "1"}, ... for datasets whose annotations only give numbers. */
    public static LabelMap numbered(int classes) {
        if (classes < 0 || classes > MAX_NUMBERED_CLASSES) {
            throw new IllegalArgumentException("classes must be 0.." + MAX_NUMBERED_CLASSES + ", got " + classes);
        }
        List<String> names = new ArrayList<>(classes);
        for (int i = 0; i < classes; i++) {
            names.add(Integer.toString(i));
        }
        return new LabelMap(names);
    }

    /**
     * Reads a {@code labels.txt}: one class name per line, line {@code i + 1} is class {@code i}; a trailing
     * empty line is allowed.
     *
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if a line is blank or a name repeats; the message names the file and line
     */
    public static LabelMap load(Path labelsTxt) throws IOException {
        List<String> lines = AnnotationText.lines(labelsTxt);
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                throw new IllegalArgumentException(labelsTxt + ":" + (i + 1) + ": empty class name");
            }
        }
        try {
            return new LabelMap(lines.stream().map(String::strip).toList());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(labelsTxt + ": " + e.getMessage(), e);
        }
    }

    /** Writes the names, one per line, in class order (the format {@link #load} reads). */
    public void save(Path labelsTxt) throws IOException {
        Files.writeString(labelsTxt, names.isEmpty() ? "" : String.join("\n", names) + "\n", StandardCharsets.UTF_8);
    }

    /** Number of classes. */
    public int size() {
        return names.size();
    }

    /** The class names in index order. */
    public List<String> names() {
        return names;
    }

    /** The name of class {@code index}. */
    public String name(int index) {
        Objects.checkIndex(index, names.size());
        return names.get(index);
    }

    /** The index of a class name, if it is one. */
    public OptionalInt indexOf(String name) {
        Integer i = indices.get(name);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMap other && names.equals(other.names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return "LabelMap[" + names.size() + " classes" + (names.isEmpty() ? "" : ": " + names.get(0)
                + (names.size() > 1 ? ", ..., " + names.get(names.size() - 1) : "")) + "]";
    }
}
