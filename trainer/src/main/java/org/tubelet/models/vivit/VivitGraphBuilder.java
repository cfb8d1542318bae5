package org.tubelet.models.vivit;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.tubelet.models.Architecture;
import org.tubelet.models.GraphContext;
import org.tubelet.models.GraphOps;
import org.tubelet.models.ModelFamily;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.WeightLayout;
import org.tubelet.models.blocks.ClassificationHead;
import org.tubelet.models.blocks.Dropout;
import org.tubelet.models.blocks.FeedForward;
import org.tubelet.models.blocks.LayerNorm;
import org.tubelet.models.blocks.Linear;
import org.tubelet.models.blocks.Means;
import org.tubelet.models.blocks.MultiHeadSelfAttention;
import org.tubelet.models.blocks.PreNormEncoderLayer;
import org.tubelet.models.blocks.SelfAttention;
import org.tubelet.models.blocks.Tokens;
import org.tubelet.models.blocks.TubeletEmbedding;

/**
 * Builds ViViT as a SameDiff graph: HF's {@code VivitModel} / {@code VivitForVideoClassification} (the paper's model
 * 1) and the paper's models 2-4 (model 2: {@link FactorisedEncoder}), with tubelet or uniform-frame embedding.
 *
 * <p>Dimensions: B batch, T frames, C channels, H = W image size, nT = T/kt temporal indices, N spatial tokens per
 * temporal index, D hidden. Embedded tokens are t-major ({@code t·N + n}), as HF's Conv3d flatten.
 */
public final class VivitGraphBuilder {
    private VivitGraphBuilder() {
    }

    public static ModelGraph build(VivitConfig c, Architecture arch, GraphOps ops) {
        if (arch.family() != ModelFamily.VIVIT) {
            throw new IllegalArgumentException(arch.hfClass() + " is not a ViViT class");
        }
        SameDiff sd = SameDiff.create();
        WeightLayout layout = VivitWeights.layout(c, arch);
        GraphContext g = new GraphContext(sd, layout, ops);
        String p = arch.prefix();
        int d = c.hiddenSize();

        SDVariable pixels = g.placeHolder("pixel_values", -1, c.numFrames(), c.numChannels(),
                c.imageSize(), c.imageSize());
        SDVariable patches = embed(g, c, p, pixels);                                                   // [B, nT·N, D]

        List<SDVariable> hidden = new ArrayList<>();
        SDVariable last;   // [B, S, D] after the final norm
        SDVariable pooled; // [B, D]
        switch (c.variant()) {
            case JOINT -> {
                long seq = c.numPatches() + 1L;
                SDVariable tokens = Tokens.prepend(g.param(p + "embeddings.cls_token"), patches)
                        .add(g.param(p + "embeddings.position_embeddings"));                           // [B, S, D]
                SDVariable x = encoder(g, c, p + "encoder.layer.", c.numHiddenLayers(), tokens, seq, hidden);
                last = finalNorm(g, c, p, x, seq);
                pooled = Tokens.select(last, 0);
            }
            case FACTORISED_ENCODER -> {
                last = new FactorisedEncoder(g, c, p).apply(patches, hidden);                          // [B, 1+nT, D]
                pooled = Tokens.select(last, 0);
            }
            case FACTORISED_SELF_ATTENTION, FACTORISED_DOT_PRODUCT -> {
                long seq = c.numPatches();
                SDVariable tokens = patches.add(g.param(p + "embeddings.position_embeddings"));       // [B, nT·N, D]
                SDVariable x = encoder(g, c, p + "encoder.layer.", c.numHiddenLayers(), tokens, seq, hidden);
                last = finalNorm(g, c, p, x, seq);
                pooled = Means.overTokens(last, c.numPatches() / c.spatialTokens(), c.spatialTokens(),
                        c.hiddenSize());                                                               // no CLS
            }
            default -> throw new IllegalStateException("unhandled variant " + c.variant());
        }
        last = last.rename("last_hidden_state");

        SDVariable pooler = null;
        SDVariable logits = null;
        SDVariable loss = null;
        SDVariable labels = null;
        switch (arch.head()) {
            case POOLER -> pooler = sd.math.tanh("pooler_output", Linear.of(g, p + "pooler.dense").apply(pooled));
            case CLASSIFIER -> {
                ClassificationHead.Output head = ClassificationHead.of(g, "classifier", c.meta().numLabels())
                        .apply(pooled);                                                                // [B, K]
                logits = head.logits();
                labels = head.labels();
                loss = head.loss();
                sd.setLossVariables(loss);
            }
            default -> {
            }
        }
        g.checkAllUsed();
        return new ModelGraph(sd, c, arch, layout,
                new ModelGraph.Inputs(pixels, labels, null, g.trainingIfUsed().orElse(null)),
                new ModelGraph.Outputs(last, List.copyOf(hidden), pooler, logits, loss),
                g.params());
    }

    /** Tubelet or uniform-frame embedding. @return [B, nT·N, D], t-major */
    private static SDVariable embed(GraphContext g, VivitConfig c, String p, SDVariable pixels) {
        var sd = g.sd();
        String prefix = p + "embeddings.patch_embeddings";
        if (c.embedding() == VivitEmbedding.TUBELET) {
            return TubeletEmbedding.of(g, prefix, c.hiddenSize(), c.numChannels(), c.kt(), c.kh(), c.kw())
                    .apply(pixels, c.numFrames(), c.imageSize(), c.imageSize());
        }
        // Uniform frame sampling: every kt-th frame, each embedded with 2-D patches.
        long frameValues = (long) c.numChannels() * c.imageSize() * c.imageSize();
        SDVariable grouped = sd.reshape(pixels, -1, c.temporalTokens(), c.kt(), frameValues);  // [B, nT, kt, C·H·W]
        SDVariable sampled = sd.unstack(grouped, 2, c.kt())[0];                                 // [B, nT, C·H·W]
        SDVariable frames = sd.reshape(sampled, -1, c.temporalTokens(), c.numChannels(), c.imageSize(),
                c.imageSize());                                                                 // [B, nT, C, H, W]
        return TubeletEmbedding.of(g, prefix, c.hiddenSize(), c.numChannels(), 1, c.kh(), c.kw())
                .apply(frames, c.temporalTokens(), c.imageSize(), c.imageSize());
    }

    /**
     * Embedding dropout, then {@code layers} encoder layers of this config's variant, with stochastic depth rising
     * linearly over them to {@code drop_path_rate}. A dropped residual branch is dropped for a whole sequence: a clip
     * (models 1, 3, 4 and model 2's temporal encoder) or one temporal index of a clip (model 2's spatial encoder, whose
     * batch is B·nT as in Scenic).
     *
     * @param tokens [G, S, D] @return [G·S, D]
     */
    static SDVariable encoder(GraphContext g, VivitConfig c, String prefix, int layers, SDVariable tokens, long seq,
                              List<SDVariable> hidden) {
        var sd = g.sd();
        int d = c.hiddenSize();
        SDVariable x = Dropout.apply(g, sd.reshape(tokens, -1, d), c.hiddenDropoutProb());        // [G·S, D]
        hidden.add(sd.reshape(x, -1, seq, d));
        boolean temporalEncoder = prefix.contains("temporal_encoder");
        double[] dropPath = c.encoder().dropPathRates(layers);      // per encoder, as Scenic's ViViT
        for (int i = 0; i < layers; i++) {
            String l = prefix + i;
            if (c.variant() == VivitVariant.FACTORISED_SELF_ATTENTION) {
                x = new FactorisedSelfAttentionLayer(g, c, l, dropPath[i]).apply(x, c.temporalTokens(),
                        c.spatialTokens());
            } else {
                SelfAttention attention = c.variant() == VivitVariant.FACTORISED_DOT_PRODUCT && !temporalEncoder
                        ? new FactorisedDotProductAttention(g, c, l + ".attention")
                        : MultiHeadSelfAttention.of(g, l + ".attention", d, c.numAttentionHeads(),
                        c.attentionProbsDropoutProb(), c.hiddenDropoutProb());
                x = new PreNormEncoderLayer(LayerNorm.of(g, l + ".layernorm_before", c.layerNormEps()), attention,
                        LayerNorm.of(g, l + ".layernorm_after", c.layerNormEps()),
                        FeedForward.of(g, l, c.hiddenAct(), c.hiddenDropoutProb()), g, d, dropPath[i])
                        .apply(x, seq);
            }
            hidden.add(sd.reshape(x, -1, seq, d));
        }
        return x;
    }

    /** {@code layernorm} on every token. @param x [B·S, D] @return [B, S, D] */
    static SDVariable finalNorm(GraphContext g, VivitConfig c, String p, SDVariable x, long seq) {
        return g.sd().reshape(LayerNorm.of(g, p + "layernorm", c.layerNormEps()).apply(x), -1, seq,
                c.hiddenSize());
    }
}
