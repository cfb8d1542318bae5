package org.tubelet.models.blocks;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.engine.FusedLinear;
import org.tubelet.engine.FusedResidualLinear;
import org.tubelet.engine.FusedStackedLinear;
import org.tubelet.models.GraphContext;

/**
 * A fully connected layer with PyTorch's weight layout: {@code y = x·Wᵀ + b}, W of shape [out, in].
 * Works on 2-D activations [M, in] so that BLAS sees one large matrix. With a bias, in graphs run by Tubelet's
 * sessions, it is one node computed by its kernel ({@link FusedLinear}; layers {@link #stacked} side by side:
 * {@link FusedStackedLinear}, without concatenating their weights on every run; a layer that ends a residual branch:
 * {@link FusedResidualLinear}, without an addition of its own).
 */
public final class Linear {
    /** One layer's weight, or the layers' of a fused {@link #stacked} node (then with biases). */
    private final SDVariable[] weights;
    private final SDVariable[] biases; // null for a layer without a bias
    private final boolean fused;

    /**
     * @param bias null for a layer without one
     * @param fused one fused node computed by Tubelet's kernels ({@link GraphContext#fusedKernels()})
     */
    public Linear(SDVariable weight, SDVariable bias, boolean fused) {
        this(new SDVariable[] {weight}, bias == null ? null : new SDVariable[] {bias}, fused);
    }

    private Linear(SDVariable[] weights, SDVariable[] biases, boolean fused) {
        this.weights = weights.clone();
        this.biases = biases == null ? null : biases.clone();
        this.fused = fused;
    }

    /** {@code prefix.weight} and, if the layout has it, {@code prefix.bias}. */
    public static Linear of(GraphContext g, String prefix) {
        return of(g, g.param(prefix + ".weight"), g.optionalParam(prefix + ".bias").orElse(null));
    }

    /** A layer of the given variables (bias null for none), fused if the graph's blocks may be. */
    public static Linear of(GraphContext g, SDVariable weight, SDVariable bias) {
        return new Linear(weight, bias, g.fusedKernels());
    }

    /**
     * Layers of the same input stacked into one, {@code y = x·[W₁; W₂; …]ᵀ + [b₁, b₂, …]}: their outputs side by side
     * (e.g. attention's query, key and value), one fused node if the graph's blocks may be, else one product of the
     * concatenated weights. A missing bias counts as zeros, unless all are missing.
     *
     * @param weights [out_i, in] each
     * @param biases [out_i] each, or null entries
     */
    public static Linear stacked(GraphContext g, SDVariable[] weights, SDVariable[] biases) {
        var sd = g.sd();
        if (Arrays.stream(biases).allMatch(Objects::isNull)) {
            return of(g, sd.concat(0, weights), null);                               // [Σ out_i, in]
        }
        SDVariable[] b = new SDVariable[biases.length];
        for (int i = 0; i < b.length; i++) {
            long out = weights[i].getShape()[0];
            b[i] = biases[i] != null ? biases[i]
                    : g.constant(weights[i].name() + "_zero_bias", Nd4j.zeros(g.dataType(), out));
        }
        if (g.fusedKernels()) {
            return new Linear(weights, b, true);
        }
        return of(g, sd.concat(0, weights), sd.concat(0, b));                        // [Σ out_i, in], [Σ out_i]
    }

    /** @param x [M, in] @return [M, out] */
    public SDVariable apply(SDVariable x) {
        if (fused && biases != null) {
            return weights.length == 1 ? FusedLinear.node(x, weights[0], biases[0])         // [M, out]
                    : FusedStackedLinear.node(x, weights, biases);                           // [M, Σ out_i]
        }
        SDVariable y = x.getSameDiff().mmul(x, weights[0], false, true, false);           // [M, out]
        return biases == null ? y : y.add(biases[0]);
    }

    /**
     * The layer ending a residual branch, {@code residual + (x·Wᵀ + b)}: one fused node where {@link #apply(SDVariable)}
     * is one (a single layer with a bias), the residual added in the pass that fills the output with the bias; else
     * an addition after the layer.
     *
     * @param x [M, in]
     * @param residual [M, out]
     * @return [M, out]
     */
    public SDVariable apply(SDVariable x, SDVariable residual) {
        if (fused && biases != null && weights.length == 1) {
            return FusedResidualLinear.node(x, weights[0], biases[0], residual);                 // [M, out]
        }
        return residual.add(apply(x));
    }
}
