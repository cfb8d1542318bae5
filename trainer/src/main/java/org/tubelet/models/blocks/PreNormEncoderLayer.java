package org.tubelet.models.blocks;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The pre-LN transformer layer shared by ViViT, VideoMAE and TimeSformer's joint/space-only modes:
 * {@code h = x + Attn(LN_before(x)); out = h + MLP(LN_after(h))}.
 */
public final class PreNormEncoderLayer {
    private final LayerNorm before;
    private final SelfAttention attention;
    private final LayerNorm after;
    private final FeedForward feedForward;

    public PreNormEncoderLayer(LayerNorm before, SelfAttention attention, LayerNorm after, FeedForward feedForward) {
        this.before = before;
        this.attention = attention;
        this.after = after;
        this.feedForward = feedForward;
    }

    /** @param x [G·S, D] @param seqLen S @return [G·S, D] */
    public SDVariable apply(SDVariable x, long seqLen) {
        SDVariable h = x.add(attention.apply(before.apply(x), seqLen));
        return h.add(feedForward.apply(after.apply(h)));
    }
}
