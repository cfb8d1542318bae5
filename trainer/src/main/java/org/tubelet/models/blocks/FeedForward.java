package org.tubelet.models.blocks;

import org.nd4j.autodiff.samediff.SDVariable;
import org.tubelet.models.Activation;
import org.tubelet.models.GraphContext;

/** The transformer MLP: {@code intermediate.dense} → activation → dropout → {@code output.dense} → dropout. */
public final class FeedForward {
    private final GraphContext g;
    private final Linear intermediate;
    private final Linear output;
    private final Activation activation;
    private final double dropout;

    public FeedForward(GraphContext g, Linear intermediate, Linear output, Activation activation, double dropout) {
        this.g = g;
        this.intermediate = intermediate;
        this.output = output;
        this.activation = activation;
        this.dropout = dropout;
    }

    /** HF naming: {@code prefix.intermediate.dense}, {@code prefix.output.dense}. */
    public static FeedForward of(GraphContext g, String prefix, Activation activation, double dropout) {
        return new FeedForward(g, Linear.of(g, prefix + ".intermediate.dense"), Linear.of(g, prefix + ".output.dense"),
                activation, dropout);
    }

    /** @param x [M, D] @return [M, D] */
    public SDVariable apply(SDVariable x) {
        return Dropout.apply(g, output.apply(hidden(x)), dropout);                               // [M, D]
    }

    /**
     * {@code residual + MLP(x)}, the residual added by the output layer itself ({@link Linear#apply(SDVariable,
     * SDVariable)}) when no dropout follows it.
     *
     * @param x [M, D] @param residual [M, D] @return [M, D]
     */
    public SDVariable apply(SDVariable x, SDVariable residual) {
        return dropout > 0.0 ? residual.add(apply(x)) : output.apply(hidden(x), residual);
    }

    /** @param x [M, D] @return [M, I] */
    private SDVariable hidden(SDVariable x) {
        return Dropout.apply(g, activation.apply(g, intermediate.apply(x)), dropout);
    }
}
