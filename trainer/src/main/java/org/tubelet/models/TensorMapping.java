package org.tubelet.models;

import java.util.Arrays;

/**
 * One trainable tensor of a model: its Hugging Face state-dict name (which is also its SameDiff variable name), its
 * shape in the HF file, its shape in the graph (they differ only where the graph stores a reshaped view, e.g. a
 * patch-embedding filter flattened to a matrix), and how a fresh model initialises it.
 */
public record TensorMapping(String name, long[] hfShape, long[] graphShape, Init init) {

    /** How a freshly built (not loaded) model fills the tensor, following HF's {@code _init_weights}. */
    public enum Init {
        /** Truncated normal with the config's {@code initializer_range}. */
        NORMAL,
        ZEROS,
        ONES
    }

    public TensorMapping {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("tensor name must not be blank");
        }
        hfShape = hfShape.clone();
        graphShape = graphShape.clone();
        if (numel(hfShape) != numel(graphShape)) {
            throw new IllegalArgumentException(name + ": HF shape " + Arrays.toString(hfShape)
                    + " and graph shape " + Arrays.toString(graphShape) + " hold different element counts");
        }
    }

    /** A tensor stored with the same shape in the file and in the graph. */
    public static TensorMapping same(String name, Init init, long... shape) {
        return new TensorMapping(name, shape, shape, init);
    }

    @Override
    public long[] hfShape() {
        return hfShape.clone();
    }

    @Override
    public long[] graphShape() {
        return graphShape.clone();
    }

    public long numel() {
        return numel(graphShape);
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorMapping t && t.name.equals(name) && Arrays.equals(t.hfShape, hfShape)
                && Arrays.equals(t.graphShape, graphShape) && t.init == init;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(graphShape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(hfShape);
    }
}
