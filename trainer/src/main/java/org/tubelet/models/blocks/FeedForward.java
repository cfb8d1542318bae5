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
        SDVariable h = Dropout.apply(g, activation.apply(g, intermediate.apply(x)), dropout); // [M, I]
        return Dropout.apply(g, output.apply(h), dropout);                                       // [M, D]
    }
}
