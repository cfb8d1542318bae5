package org.tubelet.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The complete, ordered list of a model's trainable tensors. Each model family computes it with one pure function of
 * its config and architecture; the graph builder creates exactly these variables, and checkpoint import and export
 * both go through it.
 */
public final class WeightLayout {
    private final Map<String, TensorMapping> byName;
    private final List<PositionTable> positionTables;

    public WeightLayout(List<TensorMapping> tensors) {
        this(tensors, List.of());
    }

    /** @param positionTables the model's position tables and the grids they cover (see {@link PositionTable}) */
    public WeightLayout(List<TensorMapping> tensors, List<PositionTable> positionTables) {
        Map<String, TensorMapping> map = new LinkedHashMap<>();
        for (TensorMapping t : tensors) {
            if (map.put(t.name(), t) != null) {
                throw new IllegalArgumentException("duplicate tensor name in weight layout: " + t.name());
            }
        }
        this.byName = Collections.unmodifiableMap(map);
        for (PositionTable p : positionTables) {
            if (p.learned() && !map.containsKey(p.name())) {
                throw new IllegalArgumentException("position table " + p.name() + " is not a tensor of the layout");
            }
        }
        this.positionTables = List.copyOf(positionTables);
    }

    /** The position tables (learned and computed ones) with the token grids they cover. */
    public List<PositionTable> positionTables() {
        return positionTables;
    }

    /** The position table of that name, if the model has one. */
    public Optional<PositionTable> positionTable(String name) {
        return positionTables.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public List<TensorMapping> tensors() {
        return List.copyOf(byName.values());
    }

    public Optional<TensorMapping> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public TensorMapping get(String name) {
        TensorMapping t = byName.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor named '" + name + "' in this model's weight layout");
        }
        return t;
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    public int size() {
        return byName.size();
    }

    public long parameterCount() {
        return byName.values().stream().mapToLong(TensorMapping::numel).sum();
    }
}
