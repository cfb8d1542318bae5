package org.tubelet.models.timesformer;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.tubelet.models.GraphContext;
import org.tubelet.models.blocks.DropPath;
import org.tubelet.models.blocks.FeedForward;
import org.tubelet.models.blocks.LayerNorm;
import org.tubelet.models.blocks.Linear;

/**
 * The paper's divided space-time attention layer, exactly as HF computes it:
 * <ol>
 *   <li>temporal attention over the T frames of each patch position (CLS excluded), then {@code temporal_dense},
 *       added to the patch tokens;</li>
 *   <li>spatial attention over the N patches of each frame, with the layer-input CLS copied into every frame;
 *       the CLS residual is the mean over frames;</li>
 *   <li>the MLP with {@code layernorm_after}.</li>
 * </ol>
 * Dimensions: B batch, T frames, N patches per frame, D hidden; tokens are space-major ({@code 1 + n·T + t}).
 */
final class DividedSpaceTimeLayer {
    private final GraphContext g;
    private final LayerNorm temporalNorm;
    private final FusedQkvAttention temporalAttention;
    private final Linear temporalDense;
    private final LayerNorm spatialNorm;
    private final FusedQkvAttention spatialAttention;
    private final LayerNorm mlpNorm;
    private final FeedForward mlp;
    private final long hidden;
    private final double dropPath;

    DividedSpaceTimeLayer(GraphContext g, TimesformerConfig c, String prefix, double dropPath) {
        this.g = g;
        this.hidden = c.hiddenSize();
        this.dropPath = dropPath;
        this.temporalNorm = LayerNorm.of(g, prefix + ".temporal_layernorm", c.layerNormEps());
        this.temporalAttention = new FusedQkvAttention(g, prefix + ".temporal_attention", c.hiddenSize(),
                c.numAttentionHeads(), c.attentionProbsDropoutProb(), c.hiddenDropoutProb());
        this.temporalDense = Linear.of(g, prefix + ".temporal_dense");
        this.spatialNorm = LayerNorm.of(g, prefix + ".layernorm_before", c.layerNormEps());
        this.spatialAttention = new FusedQkvAttention(g, prefix + ".attention", c.hiddenSize(),
                c.numAttentionHeads(), c.attentionProbsDropoutProb(), c.hiddenDropoutProb());
        this.mlpNorm = LayerNorm.of(g, prefix + ".layernorm_after", c.layerNormEps());
        this.mlp = FeedForward.of(g, prefix, c.hiddenAct(), c.hiddenDropoutProb());
    }

    /** @param x [B, 1 + N·T, D] @return [B, 1 + N·T, D] */
    SDVariable apply(SDVariable x, long frames, long patches) {
        var sd = g.sd();
        long d = hidden;
        SDVariable cls = x.get(SDIndex.all(), SDIndex.interval(0, 1), SDIndex.all());            // [B, 1, D]
        SDVariable tokens = x.get(SDIndex.all(), SDIndex.interval(1L, 1L + patches * frames), SDIndex.all());
        SDVariable flat = sd.reshape(tokens, -1, d);                                             // [B·N·T, D]

        // 1. Temporal attention: groups of T consecutive tokens share a patch position.
        SDVariable t = temporalAttention.apply(temporalNorm.apply(flat), frames);                // [B·N·T, D]
        t = DropPath.apply(g, t, frames, d, dropPath);
        SDVariable temporal = flat.add(temporalDense.apply(t));                                  // [B·N·T, D]

        // 2. Spatial attention per frame, the input CLS copied into each frame.
        SDVariable perFrame = sd.permute(sd.reshape(temporal, -1, patches, frames, d), 0, 2, 1, 3); // [B, T, N, D]
        SDVariable clsPerFrame = perFrame.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(0, 1), SDIndex.all())
                .mul(0.0).add(sd.reshape(cls, -1, 1, 1, d));                                     // [B, T, 1, D]
        SDVariable spatialIn = sd.reshape(sd.concat(2, clsPerFrame, perFrame), -1, d);          // [B·T·(1+N), D]
        SDVariable s = spatialAttention.apply(spatialNorm.apply(spatialIn), patches + 1);       // [B·T·(1+N), D]
        s = DropPath.apply(g, s, patches + 1, d, dropPath);
        SDVariable s4 = sd.reshape(s, -1, frames, patches + 1, d);                               // [B, T, 1+N, D]
        SDVariable clsResidual = s4.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(0, 1), SDIndex.all())
                .mean(1);                                                                        // [B, 1, D]
        SDVariable patchResidual = s4.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(1L, patches + 1),
                SDIndex.all());                                                                  // [B, T, N, D]
        patchResidual = sd.reshape(sd.permute(patchResidual, 0, 2, 1, 3), -1, patches * frames, d); // [B, N·T, D]

        // 3. Residual sum and MLP.
        SDVariable h = sd.concat(1, cls, sd.reshape(temporal, -1, patches * frames, d))
                .add(sd.concat(1, clsResidual, patchResidual));                                  // [B, S, D]
        long seq = 1 + patches * frames;
        SDVariable h2 = sd.reshape(h, -1, d);                                                    // [B·S, D]
        SDVariable out = DropPath.apply(g, mlp.apply(mlpNorm.apply(h2)), seq, d, dropPath);
        return sd.reshape(h2.add(out), -1, seq, d);                                              // [B, S, D]
    }
}
