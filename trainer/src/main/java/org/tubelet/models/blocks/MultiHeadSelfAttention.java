package org.tubelet.models.blocks;

import org.nd4j.autodiff.samediff.SDVariable;
import org.tubelet.models.GraphContext;

/**
 * Multi-head self-attention with separate query/key/value projections and an output projection, as in HF's ViT
 * family ({@code attention.attention.{query,key,value}}, {@code attention.output.dense}). Heads are contiguous
 * slices of the hidden dimension.
 */
public final class MultiHeadSelfAttention implements SelfAttention {
    private final GraphContext g;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;
    private final int heads;
    private final long headDim;
    private final double attentionDropout;
    private final double hiddenDropout;

    public MultiHeadSelfAttention(GraphContext g, Linear query, Linear key, Linear value, Linear output,
                                  int hiddenSize, int heads, double attentionDropout, double hiddenDropout) {
        this.g = g;
        this.query = query;
        this.key = key;
        this.value = value;
        this.output = output;
        this.heads = heads;
        this.headDim = hiddenSize / heads;
        this.attentionDropout = attentionDropout;
        this.hiddenDropout = hiddenDropout;
    }

    /** HF ViT naming under {@code prefix} ({@code ...layer.i.attention}); biases where the layout has them. */
    public static MultiHeadSelfAttention of(GraphContext g, String prefix, int hiddenSize, int heads,
                                            double attentionDropout, double hiddenDropout) {
        return new MultiHeadSelfAttention(g,
                Linear.of(g, prefix + ".attention.query"),
                Linear.of(g, prefix + ".attention.key"),
                Linear.of(g, prefix + ".attention.value"),
                Linear.of(g, prefix + ".output.dense"),
                hiddenSize, heads, attentionDropout, hiddenDropout);
    }

    @Override
    public SDVariable apply(SDVariable x, long seqLen) {
        SDVariable ctx = ScaledDotProductAttention.ofRows(g, query.apply(x), key.apply(x), value.apply(x), seqLen,
                heads, headDim, 1.0 / Math.sqrt(headDim), attentionDropout);                // [G·S, D]
        return Dropout.apply(g, output.apply(ctx), hiddenDropout);
    }
}
