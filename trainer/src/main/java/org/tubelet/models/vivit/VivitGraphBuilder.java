package org.tubelet.models.vivit;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.tubelet.models.Architecture;
import org.tubelet.models.GraphContext;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.WeightLayout;
import org.tubelet.models.blocks.Dropout;
import org.tubelet.models.blocks.FeedForward;
import org.tubelet.models.blocks.LayerNorm;
import org.tubelet.models.blocks.Linear;
import org.tubelet.models.blocks.Losses;
import org.tubelet.models.blocks.MultiHeadSelfAttention;
import org.tubelet.models.blocks.PreNormEncoderLayer;
import org.tubelet.models.blocks.Tokens;
import org.tubelet.models.blocks.TubeletEmbedding;

/**
 * Builds HF's {@code VivitModel} / {@code VivitForVideoClassification} (the paper's model 1: tubelet embedding and
 * joint space-time attention) as a SameDiff graph.
 *
 * <p>Dimensions: B batch, T frames, C channels, H = W = image size, N tubelet tokens, S = 1 + N, D hidden size.
 */
public final class VivitGraphBuilder {
    private VivitGraphBuilder() {
    }

    public static ModelGraph build(VivitConfig c, Architecture arch) {
        if (arch.family() != org.tubelet.models.ModelFamily.VIVIT) {
            throw new IllegalArgumentException(arch.hfClass() + " is not a ViViT class");
        }
        SameDiff sd = SameDiff.create();
        WeightLayout layout = VivitWeights.layout(c, arch);
        GraphContext g = new GraphContext(sd, layout);
        String p = arch.prefix();
        int d = c.hiddenSize();
        long seq = c.numPatches() + 1L;

        SDVariable pixels = sd.placeHolder("pixel_values", DataType.FLOAT, -1, c.numFrames(), c.numChannels(),
                c.imageSize(), c.imageSize());

        // Embeddings: tubelets, CLS, learned positions, dropout.
        SDVariable patches = TubeletEmbedding.of(g, p + "embeddings.patch_embeddings", d, c.numChannels(), c.kt(),
                c.kh(), c.kw()).apply(pixels, c.numFrames(), c.imageSize(), c.imageSize());          // [B, N, D]
        SDVariable tokens = Tokens.prepend(g.param(p + "embeddings.cls_token"), patches);              // [B, S, D]
        tokens = tokens.add(g.param(p + "embeddings.position_embeddings"));                           // [B, S, D]
        SDVariable x = sd.reshape(tokens, -1, d);                                                      // [B·S, D]
        x = Dropout.apply(g, x, c.hiddenDropoutProb());

        List<SDVariable> hidden = new ArrayList<>();
        hidden.add(sd.reshape(x, -1, seq, d));
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            String l = p + "encoder.layer." + i;
            PreNormEncoderLayer layer = new PreNormEncoderLayer(
                    LayerNorm.of(g, l + ".layernorm_before", c.layerNormEps()),
                    MultiHeadSelfAttention.of(g, l + ".attention", d, c.numAttentionHeads(),
                            c.attentionProbsDropoutProb(), c.hiddenDropoutProb()),
                    LayerNorm.of(g, l + ".layernorm_after", c.layerNormEps()),
                    FeedForward.of(g, l, c.hiddenAct(), c.hiddenDropoutProb()));
            x = layer.apply(x, seq);                                                                   // [B·S, D]
            hidden.add(sd.reshape(x, -1, seq, d));
        }
        x = LayerNorm.of(g, p + "layernorm", c.layerNormEps()).apply(x);
        SDVariable last = sd.reshape(x, -1, seq, d).rename("last_hidden_state");                    // [B, S, D]
        SDVariable cls = Tokens.select(last, 0);                                                       // [B, D]

        SDVariable pooler = null;
        SDVariable logits = null;
        SDVariable loss = null;
        SDVariable labels = null;
        switch (arch.head()) {
            case POOLER -> pooler = sd.math.tanh("pooler_output", Linear.of(g, p + "pooler.dense").apply(cls));
            case CLASSIFIER -> {
                logits = Linear.of(g, "classifier").apply(cls).rename("logits");                       // [B, K]
                int k = c.meta().numLabels();
                if (k == 1) {
                    // HF ViViT: MSE on logits.view(-1) when there is one label (regression).
                    labels = sd.placeHolder("labels", DataType.FLOAT, -1);
                    loss = Losses.meanSquaredError("loss", sd.reshape(logits, -1), labels);
                } else {
                    labels = sd.placeHolder("labels", DataType.INT64, -1);
                    loss = Losses.crossEntropy("loss", logits, labels, k, 0.0);
                }
                sd.setLossVariables(loss);
            }
            case NONE -> {
            }
        }
        g.checkAllUsed();
        return new ModelGraph(sd, c, arch, layout,
                new ModelGraph.Inputs(pixels, labels, null, g.trainingIfUsed().orElse(null)),
                new ModelGraph.Outputs(last, List.copyOf(hidden), pooler, logits, loss),
                g.params());
    }
}
