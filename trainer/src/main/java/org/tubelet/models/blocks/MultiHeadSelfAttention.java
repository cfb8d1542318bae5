package org.tubelet.models.blocks;

import org.nd4j.autodiff.samediff.SDVariable;
import org.tubelet.models.GraphContext;

/**
 * Multi-head self-attention: the query, key and value projections as one packed {@code Linear(D, 3D)}, attention
 * ({@link ScaledDotProductAttention#ofPacked}), and the output projection. Heads are contiguous slices of the hidden
 * dimension. HF's ViT family keeps separate {@code attention.attention.{query,key,value}} layers, stacked here into the
 * packed one ({@link #of}); TimeSformer's {@code attention.qkv} is packed already.
 */
public final class MultiHeadSelfAttention implements SelfAttention {
    private final GraphContext g;
    private final Linear qkv;
    private final Linear output;
    private final int heads;
    private final long headDim;
    private final double attentionDropout;
    private final double hiddenDropout;

    /**
     * @param qkv the packed projections: D inputs, 3·D outputs (q, k, v)
     * @param output the output projection
     */
    public MultiHeadSelfAttention(GraphContext g, Linear qkv, Linear output, int hiddenSize, int heads,
                                  double attentionDropout, double hiddenDropout) {
        this.g = g;
        this.qkv = qkv;
        this.output = output;
        this.heads = heads;
        this.headDim = hiddenSize / heads;
        this.attentionDropout = attentionDropout;
        this.hiddenDropout = hiddenDropout;
    }

    /**
     * HF ViT naming under {@code prefix} ({@code ...layer.i.attention}): {@code attention.{query,key,value}} stacked
     * into the packed projection, {@code output.dense}; biases where the layout has them.
     */
    public static MultiHeadSelfAttention of(GraphContext g, String prefix, int hiddenSize, int heads,
                                            double attentionDropout, double hiddenDropout) {
        String a = prefix + ".attention.";
        SDVariable[] weights = new SDVariable[3];
        SDVariable[] biases = new SDVariable[3];
        String[] parts = {"query", "key", "value"};
        for (int i = 0; i < 3; i++) {
            weights[i] = g.param(a + parts[i] + ".weight");
            biases[i] = g.optionalParam(a + parts[i] + ".bias").orElse(null);
        }
        return new MultiHeadSelfAttention(g, Linear.stacked(g, weights, biases),
                Linear.of(g, prefix + ".output.dense"), hiddenSize, heads, attentionDropout, hiddenDropout);
    }

    @Override
    public SDVariable apply(SDVariable x, long seqLen) {
        return Dropout.apply(g, output.apply(context(x, seqLen)), hiddenDropout);
    }

    /** The residual added by the output projection itself when no dropout follows it. */
    @Override
    public SDVariable apply(SDVariable x, long seqLen, SDVariable residual) {
        return hiddenDropout > 0.0 ? residual.add(apply(x, seqLen)) : output.apply(context(x, seqLen), residual);
    }

    /** @param x [G·S, D] @return the heads' outputs side by side, [G·S, D] */
    private SDVariable context(SDVariable x, long seqLen) {
        return ScaledDotProductAttention.ofPacked(g, qkv.apply(x), seqLen, heads, headDim, 1.0 / Math.sqrt(headDim),
                attentionDropout);
    }
}
