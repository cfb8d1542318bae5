package org.tubelet.models.videomae;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.tubelet.models.Architecture;
import org.tubelet.models.ConfigException;
import org.tubelet.models.GraphContext;
import org.tubelet.models.GraphOps;
import org.tubelet.models.ModelFamily;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.WeightLayout;
import org.tubelet.models.blocks.ClassificationHead;
import org.tubelet.models.blocks.FeedForward;
import org.tubelet.models.blocks.LayerNorm;
import org.tubelet.models.blocks.Linear;
import org.tubelet.models.blocks.Losses;
import org.tubelet.models.blocks.Means;
import org.tubelet.models.blocks.MultiHeadSelfAttention;
import org.tubelet.models.blocks.PreNormEncoderLayer;
import org.tubelet.models.blocks.Tokens;
import org.tubelet.models.blocks.TubeletEmbedding;

/**
 * Builds HF's {@code VideoMAEModel}, {@code VideoMAEForVideoClassification} and {@code VideoMAEForPreTraining}
 * (decoder: {@link VideoMaeDecoder}; targets: {@link PixelTargets}).
 *
 * <p>Dimensions: B batch, T frames, C channels, p patch, N tokens (no CLS), Nm masked and Nv = N − Nm visible
 * tokens per clip, D encoder and Dd decoder hidden size, P = tubelet·p·p·C values per target patch.
 *
 * <p>The number of masked tokens is fixed when the graph is built (every clip of a batch must have the same count,
 * as in HF); {@code maskedTokens = 0} builds an encoder without the {@code bool_masked_pos} input.
 */
public final class VideoMaeGraphBuilder {
    private VideoMaeGraphBuilder() {
    }

    public static ModelGraph build(VideoMaeConfig c, Architecture arch, int maskedTokens, GraphOps ops) {
        if (arch.family() != ModelFamily.VIDEOMAE) {
            throw new IllegalArgumentException(arch.hfClass() + " is not a VideoMAE class");
        }
        int n = c.numPatches();
        boolean pretraining = arch.head() == Architecture.Head.PRETRAINING;
        ConfigException.require(maskedTokens >= 0 && maskedTokens < n, "masked tokens", maskedTokens,
                "must be in [0, " + n + ")");
        ConfigException.require(!pretraining || maskedTokens > 0, "masked tokens", maskedTokens,
                "VideoMAEForPreTraining needs bool_masked_pos with at least one masked token per clip");
        ConfigException.require(arch.head() != Architecture.Head.CLASSIFIER || maskedTokens == 0, "masked tokens",
                maskedTokens, "VideoMAEForVideoClassification takes no bool_masked_pos");
        SameDiff sd = SameDiff.create();
        WeightLayout layout = VideoMaeWeights.layout(c, arch);
        GraphContext g = new GraphContext(sd, layout, ops);
        String p = arch.prefix();
        int d = c.hiddenSize();

        SDVariable pixels = g.placeHolder("pixel_values", -1, c.numFrames(), c.numChannels(),
                c.imageSize(), c.imageSize());
        TubeletEmbedding embedding = TubeletEmbedding.of(g, p + "embeddings.patch_embeddings", d, c.numChannels(),
                c.tubeletSize(), c.patchSize(), c.patchSize());
        SDVariable tubes = embedding.tubes(pixels, c.numFrames(), c.imageSize(), c.imageSize());   // [B, N, K]
        SDVariable positions = g.constant(VideoMaeWeights.ENCODER_POSITIONS,
                SinCosPositions.table(n, d));                                                     // [N, D]

        SDVariable mask = null;
        SDVariable visibleSelection = null;
        int visible = n - maskedTokens;
        SDVariable x;
        if (maskedTokens > 0) {
            // HF embeds every token and keeps the visible ones; each token's embedding depends on its own tube and
            // position only, so selecting first gives the same numbers for a tenth of the product at 90 % masking.
            mask = g.placeHolder("bool_masked_pos", -1, n);                      // [B, N], 1 = masked
            visibleSelection = TokenSelection.matrix(mask.rsub(1.0), visible);                   // [B, Nv, N]
            SDVariable visiblePositions = sd.reshape(sd.mmul(sd.reshape(visibleSelection, -1, n), positions),
                    -1, visible, d);                                                              // [B, Nv, D]
            x = embedding.project(TokenSelection.apply(visibleSelection, tubes), visible)
                    .add(visiblePositions);                                                       // [B, Nv, D]
        } else {
            x = embedding.project(tubes, n).add(positions);                                       // [B, N, D]
        }

        List<SDVariable> hidden = new ArrayList<>();
        hidden.add(x);
        SDVariable flat = sd.reshape(x, -1, d);                                                  // [B·Nv, D]
        double[] dropPath = c.dropPathRates();
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            flat = layer(g, c, p + "encoder.layer." + i, d, c.numAttentionHeads(), c.intermediateSize(), dropPath[i])
                    .apply(flat, visible);
            hidden.add(sd.reshape(flat, -1, visible, d));
        }
        if (!c.useMeanPooling()) {
            flat = LayerNorm.of(g, p + "layernorm", c.layerNormEps()).apply(flat);
        }
        SDVariable last = sd.reshape(flat, -1, visible, d).rename("last_hidden_state");          // [B, Nv, D]

        SDVariable logits = null;
        SDVariable loss = null;
        SDVariable labels = null;
        ModelGraph.Pretraining pre = null;
        switch (arch.head()) {
            case CLASSIFIER -> {
                SDVariable pooled = c.useMeanPooling()
                        ? LayerNorm.of(g, "fc_norm", VideoMaeConfig.HEAD_NORM_EPS).apply(Means.overTokens(last,
                                c.temporalPatches(), c.spatialPatches(), d))                    // [B, D]
                        : Tokens.select(last, 0);                                                // first patch token
                ClassificationHead.Output head = ClassificationHead.of(g, "classifier", c.meta().numLabels())
                        .apply(pooled);                                                          // [B, K]
                logits = head.logits();
                labels = head.labels();
                loss = head.loss();
            }
            case PRETRAINING -> {
                VideoMaeDecoder.Output decoded = new VideoMaeDecoder(g, c).apply(flat, mask, visibleSelection,
                        maskedTokens);
                SDVariable targets = TokenSelection.apply(decoded.maskedSelection(),
                        new PixelTargets(c).apply(pixels)).rename("target_patches");            // [B, Nm, P]
                logits = decoded.logits();                                                       // [B, Nm, P]
                loss = Losses.meanSquaredError("loss", logits, targets, 3);
                pre = new ModelGraph.Pretraining(decoded.input(), targets, maskedTokens);
            }
            case NONE, POOLER -> {
            }
        }
        if (loss != null) {
            sd.setLossVariables(loss);
        }
        g.checkAllUsed();
        return new ModelGraph(sd, c, arch, layout,
                new ModelGraph.Inputs(pixels, labels, mask, g.trainingIfUsed().orElse(null)),
                new ModelGraph.Outputs(last, List.copyOf(hidden), null, logits, loss, pre),
                g.params());
    }

    /**
     * A VideoMAE block: ViT layer with q/v bias (k has none); also the decoder's ({@link VideoMaeDecoder}, without
     * drop path). With a drop-path rate each clip's residual branches are dropped or kept as a whole in training.
     */
    static PreNormEncoderLayer layer(GraphContext g, VideoMaeConfig c, String prefix, int hidden, int heads,
                                     int intermediate, double dropPath) {
        String a = prefix + ".attention.attention.";
        Linear qkv = Linear.stacked(g,
                new SDVariable[] {g.param(a + "query.weight"), g.param(a + "key.weight"), g.param(a + "value.weight")},
                new SDVariable[] {g.optionalParam(a + "q_bias").orElse(null), null,
                        g.optionalParam(a + "v_bias").orElse(null)});
        MultiHeadSelfAttention attention = new MultiHeadSelfAttention(g, qkv,
                Linear.of(g, prefix + ".attention.output.dense"), hidden, heads, c.attentionProbsDropoutProb(),
                c.hiddenDropoutProb());
        return new PreNormEncoderLayer(
                LayerNorm.of(g, prefix + ".layernorm_before", c.layerNormEps()), attention,
                LayerNorm.of(g, prefix + ".layernorm_after", c.layerNormEps()),
                FeedForward.of(g, prefix, c.hiddenAct(), c.hiddenDropoutProb()), g, hidden, dropPath);
    }
}
