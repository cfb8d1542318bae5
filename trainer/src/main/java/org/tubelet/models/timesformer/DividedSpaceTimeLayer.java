package org.tubelet.models.timesformer;

import org.nd4j.autodiff.samediff.SDVariable;
import org.tubelet.engine.FusedTokenLayout;
import org.tubelet.engine.FusedTokenLayout.Move;
import org.tubelet.models.GraphContext;
import org.tubelet.models.blocks.DropPath;
import org.tubelet.models.blocks.FeedForward;
import org.tubelet.models.blocks.LayerNorm;
import org.tubelet.models.blocks.Linear;
import org.tubelet.models.blocks.MultiHeadSelfAttention;

/**
 * The paper's divided space-time attention layer, exactly as HF computes it:
 * <ol>
 *   <li>temporal attention over the T frames of each patch position (CLS excluded), then {@code temporal_dense},
 *       added to the patch tokens;</li>
 *   <li>spatial attention over the N patches of each frame, with the layer-input CLS copied into every frame;
 *       the CLS residual is the mean over frames;</li>
 *   <li>the MLP with {@code layernorm_after}.</li>
 * </ol>
 * Dimensions: B batch, T frames, N patches per frame, D hidden, S = 1 + N·T; tokens are space-major
 * ({@code 1 + n·T + t}), and move between the layouts by {@link FusedTokenLayout}'s moves.
 */
final class DividedSpaceTimeLayer {
    private final GraphContext g;
    private final LayerNorm temporalNorm;
    private final MultiHeadSelfAttention temporalAttention;
    private final Linear temporalDense;
    private final LayerNorm spatialNorm;
    private final MultiHeadSelfAttention spatialAttention;
    private final LayerNorm mlpNorm;
    private final FeedForward mlp;
    private final long hidden;
    private final double dropPath;

    DividedSpaceTimeLayer(GraphContext g, TimesformerConfig c, String prefix, double dropPath) {
        this.g = g;
        this.hidden = c.hiddenSize();
        this.dropPath = dropPath;
        this.temporalNorm = LayerNorm.of(g, prefix + ".temporal_layernorm", c.layerNormEps());
        this.temporalAttention = TimesformerGraphBuilder.attention(g, c, prefix + ".temporal_attention");
        this.temporalDense = Linear.of(g, prefix + ".temporal_dense");
        this.spatialNorm = LayerNorm.of(g, prefix + ".layernorm_before", c.layerNormEps());
        this.spatialAttention = TimesformerGraphBuilder.attention(g, c, prefix + ".attention");
        this.mlpNorm = LayerNorm.of(g, prefix + ".layernorm_after", c.layerNormEps());
        this.mlp = FeedForward.of(g, prefix, c.hiddenAct(), c.hiddenDropoutProb());
    }

    /** @param x [B, 1 + N·T, D] @return [B, 1 + N·T, D] */
    SDVariable apply(SDVariable x, long frames, long patches) {
        var sd = g.sd();
        long d = hidden;
        long seq = 1 + patches * frames;
        SDVariable rows = sd.reshape(x, -1, d);                                                 // [B·S, D]

        // 1. Temporal attention: groups of T consecutive patch rows share a patch position; CLS unchanged.
        SDVariable flat = move(rows, Move.DROP_CLS, frames, patches);                            // [B·N·T, D]
        SDVariable t = temporalAttention.apply(temporalNorm.apply(flat), frames);                // [B·N·T, D]
        t = DropPath.apply(g, t, frames, d, dropPath);
        SDVariable temporal = rows.add(move(temporalDense.apply(t), Move.PAD_CLS, frames, patches)); // [B·S, D]

        // 2. Spatial attention per frame, the input CLS copied into each frame; its residual is the frames' mean.
        SDVariable spatialIn = move(temporal, Move.TO_FRAMES, frames, patches);                  // [B·T·(1+N), D]
        SDVariable s = spatialAttention.apply(spatialNorm.apply(spatialIn), patches + 1);       // [B·T·(1+N), D]
        s = DropPath.apply(g, s, patches + 1, d, dropPath);
        SDVariable h = temporal.add(move(s, Move.FROM_FRAMES, frames, patches));                // [B·S, D]

        // 3. MLP (without stochastic depth, its output layer adds the residual).
        SDVariable out = dropPath > 0 ? h.add(DropPath.apply(g, mlp.apply(mlpNorm.apply(h)), seq, d, dropPath))
                : mlp.apply(mlpNorm.apply(h), h);                                                // [B·S, D]
        return sd.reshape(out, -1, seq, d);                                                      // [B, S, D]
    }

    /** A token move between the layouts: one fused node in Tubelet's sessions, else stock ops. */
    private SDVariable move(SDVariable x, Move move, long frames, long patches) {
        return g.fusedKernels() ? FusedTokenLayout.node(x, move, frames, patches)
                : FusedTokenLayout.writtenOut(x, move, frames, patches, hidden);
    }
}
