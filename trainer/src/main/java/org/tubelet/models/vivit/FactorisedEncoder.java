package org.tubelet.models.vivit;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.tubelet.models.GraphContext;
import org.tubelet.models.blocks.LayerNorm;
import org.tubelet.models.blocks.Tokens;

/**
 * ViViT's factorised encoder (model 2 of Arnab et al., "ViViT: A Video Vision Transformer", ICCV 2021, §3.3): a
 * spatial transformer encodes the N tokens of each temporal index on their own, with a CLS token of its own; the
 * nT frame-level CLS outputs, after {@code spatial_layernorm}, go through a temporal transformer with a second CLS
 * token, whose output after {@code layernorm} classifies the clip (late fusion). HF has no model 2; the tensor names
 * follow HF's {@code VivitModel} with {@code temporal_embeddings.*} and {@code temporal_encoder.layer.*} added.
 *
 * <p>Dimensions: B batch, nT temporal indices, N spatial tokens per temporal index, D hidden.
 */
public final class FactorisedEncoder {
    private final GraphContext g;
    private final VivitConfig c;
    private final String prefix;

    /** @param prefix the model's prefix ({@code vivit.} or empty) */
    public FactorisedEncoder(GraphContext g, VivitConfig c, String prefix) {
        this.g = g;
        this.c = c;
        this.prefix = prefix;
    }

    /**
     * @param patches [B, nT·N, D] embedded tokens, t-major
     * @param hidden receives the embedding output and each layer's output of both encoders, [B·nT, 1+N, D] then
     *               [B, 1+nT, D]
     * @return [B, 1+nT, D] after the final norm; token 0 is the clip's CLS
     */
    public SDVariable apply(SDVariable patches, List<SDVariable> hidden) {
        SameDiff sd = g.sd();
        String p = prefix;
        int d = c.hiddenSize();
        long spatialSeq = c.spatialTokens() + 1L;
        SDVariable frames = sd.reshape(patches, -1, c.spatialTokens(), d);                            // [B·nT, N, D]
        SDVariable tokens = Tokens.prepend(g.param(p + "embeddings.cls_token"), frames)
                .add(g.param(p + "embeddings.position_embeddings"));                                  // [B·nT, 1+N, D]
        SDVariable x = VivitGraphBuilder.encoder(g, c, p + "encoder.layer.", c.numHiddenLayers(), tokens, spatialSeq,
                hidden);                                                                      // [B·nT·(1+N), D]
        SDVariable spatialOut = sd.reshape(LayerNorm.of(g, p + "spatial_layernorm", c.layerNormEps())
                .apply(sd.reshape(x, -1, d)), -1, spatialSeq, d);                                    // [B·nT, 1+N, D]
        SDVariable frameCls = sd.reshape(Tokens.select(spatialOut, 0), -1, c.temporalTokens(), d);   // [B, nT, D]
        long temporalSeq = c.temporalTokens() + 1L;
        SDVariable temporalTokens = Tokens.prepend(g.param(p + "temporal_embeddings.cls_token"), frameCls)
                .add(g.param(p + "temporal_embeddings.position_embeddings"));                         // [B, 1+nT, D]
        SDVariable y = VivitGraphBuilder.encoder(g, c, p + "temporal_encoder.layer.", c.numTemporalLayers(),
                temporalTokens, temporalSeq, hidden);                                                 // [B·(1+nT), D]
        return VivitGraphBuilder.finalNorm(g, c, p, y, temporalSeq);                                  // [B, 1+nT, D]
    }
}
