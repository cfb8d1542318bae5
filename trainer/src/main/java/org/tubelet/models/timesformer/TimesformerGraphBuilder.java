package org.tubelet.models.timesformer;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.tubelet.models.Architecture;
import org.tubelet.models.ConfigException;
import org.tubelet.models.GraphContext;
import org.tubelet.models.GraphOps;
import org.tubelet.models.InputSize;
import org.tubelet.models.Interpolation;
import org.tubelet.models.ModelFamily;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.WeightLayout;
import org.tubelet.models.blocks.ClassificationHead;
import org.tubelet.models.blocks.Dropout;
import org.tubelet.models.blocks.FeedForward;
import org.tubelet.models.blocks.LayerNorm;
import org.tubelet.models.blocks.Linear;
import org.tubelet.models.blocks.MultiHeadSelfAttention;
import org.tubelet.models.blocks.PreNormEncoderLayer;
import org.tubelet.models.blocks.Tokens;
import org.tubelet.models.blocks.TubeletEmbedding;

/**
 * Builds HF's {@code TimesformerModel} / {@code TimesformerForVideoClassification} for the three attention types.
 *
 * <p>Dimensions: B batch, T frames, C channels, H×W image, p patch, N = (H/p)(W/p) patches per frame, D hidden.
 * Token order (not space_only): CLS, then space-major patches {@code 1 + n·T + t}. space_only keeps frames in the
 * batch: outputs have B·T rows ({@code b·T + t}) and the classifier gives logits per frame.
 *
 * <p>When the input size differs from the config, the spatial and temporal position tables are resized with
 * nearest interpolation, as HF does.
 */
public final class TimesformerGraphBuilder {
    private TimesformerGraphBuilder() {
    }

    public static ModelGraph build(TimesformerConfig c, Architecture arch, InputSize size, GraphOps ops) {
        if (arch.family() != ModelFamily.TIMESFORMER) {
            throw new IllegalArgumentException(arch.hfClass() + " is not a TimeSformer class");
        }
        ConfigException.require(size.height() % c.patchSize() == 0 && size.width() % c.patchSize() == 0,
                "input size", size.height() + "x" + size.width(), "must be divisible by patch_size = "
                        + c.patchSize());
        SameDiff sd = SameDiff.create();
        WeightLayout layout = TimesformerWeights.layout(c, arch);
        GraphContext g = new GraphContext(sd, layout, ops);
        String p = arch.prefix();
        int d = c.hiddenSize();
        int frames = size.frames();
        int ph = size.height() / c.patchSize();
        int pw = size.width() / c.patchSize();
        long n = (long) ph * pw;

        SDVariable pixels = g.placeHolder("pixel_values", -1, frames, c.numChannels(),
                size.height(), size.width());
        SDVariable patches = TubeletEmbedding.of(g, p + "embeddings.patch_embeddings", d, c.numChannels(), 1,
                c.patchSize(), c.patchSize()).apply(pixels, frames, size.height(), size.width()); // [B, T·N, D]
        patches = sd.reshape(patches, -1, n, d);                                                   // [B·T, N, D]

        SDVariable pos = g.param(p + "embeddings.position_embeddings");                            // [1, 1+N0, D]
        SDVariable posCls = pos.get(SDIndex.all(), SDIndex.interval(0, 1), SDIndex.all());         // [1, 1, D]
        SDVariable posPatches = pos.get(SDIndex.all(), SDIndex.interval(1L, 1L + c.numPatches()), SDIndex.all());
        int grid = c.imageSize() / c.patchSize();
        if (ph != grid || pw != grid) {
            SDVariable select = g.constant("position_resize", Interpolation.NEAREST.taps(grid, ph)
                    .matrix2d(Interpolation.NEAREST.taps(grid, pw)));                              // [N, N0]
            posPatches = sd.reshape(sd.mmul(select, sd.reshape(posPatches, c.numPatches(), d)), 1, n, d);
        }
        patches = patches.add(posPatches);                                                         // [B·T, N, D]
        SDVariable cls = g.param(p + "embeddings.cls_token").add(posCls);                         // [1, 1, D]

        SDVariable x;      // [G, S, D]
        long seq;
        if (c.attentionType() == AttentionType.SPACE_ONLY) {
            x = Dropout.apply(g, Tokens.prepend(cls, patches), c.hiddenDropoutProb());           // [B·T, 1+N, D]
            seq = 1 + n;
        } else {
            patches = Dropout.apply(g, patches, c.hiddenDropoutProb());
            SDVariable time = g.param(p + "embeddings.time_embeddings");                          // [1, T0, D]
            if (frames != c.numFrames()) {
                SDVariable select = g.constant("time_resize",
                        Interpolation.NEAREST.taps(c.numFrames(), frames).matrix());                 // [T, T0]
                time = sd.reshape(sd.mmul(select, sd.reshape(time, c.numFrames(), d)), 1, frames, d);
            }
            SDVariable st = sd.permute(sd.reshape(patches, -1, frames, n, d), 0, 2, 1, 3);        // [B, N, T, D]
            st = st.add(sd.reshape(time, 1, 1, frames, d));
            st = Dropout.apply(g, st, c.hiddenDropoutProb());
            st = sd.reshape(st, -1, n * frames, d);                                                // [B, N·T, D]
            SDVariable clsB = Dropout.apply(g, Tokens.broadcast(cls, st), c.hiddenDropoutProb()); // [B, 1, D]
            x = sd.concat(1, clsB, st);                                                            // [B, 1+N·T, D]
            seq = 1 + n * frames;
        }

        List<SDVariable> hidden = new ArrayList<>();
        hidden.add(x);
        double[] dropPath = c.dropPathRates();
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            String l = p + "encoder.layer." + i;
            if (c.attentionType() == AttentionType.DIVIDED_SPACE_TIME) {
                x = new DividedSpaceTimeLayer(g, c, l, dropPath[i]).apply(x, frames, n);
            } else {
                PreNormEncoderLayer layer = new PreNormEncoderLayer(
                        LayerNorm.of(g, l + ".layernorm_before", c.layerNormEps()),
                        attention(g, c, l + ".attention"),
                        LayerNorm.of(g, l + ".layernorm_after", c.layerNormEps()),
                        FeedForward.of(g, l, c.hiddenAct(), c.hiddenDropoutProb()),
                        g, d, dropPath[i]);
                x = sd.reshape(layer.apply(sd.reshape(x, -1, d), seq), -1, seq, d);
            }
            hidden.add(x);
        }
        SDVariable normed = LayerNorm.of(g, p + "layernorm", c.layerNormEps()).apply(sd.reshape(x, -1, d));
        SDVariable last = sd.reshape(normed, -1, seq, d).rename("last_hidden_state");             // [G, S, D]

        SDVariable logits = null;
        SDVariable loss = null;
        SDVariable labels = null;
        if (arch.head() == Architecture.Head.CLASSIFIER) {
            ClassificationHead.Output head = ClassificationHead.of(g, "classifier", c.meta().numLabels())
                    .apply(Tokens.select(last, 0));                                                // [G, K]
            logits = head.logits();
            labels = head.labels();
            loss = head.loss();
            sd.setLossVariables(loss);
        }
        g.checkAllUsed();
        return new ModelGraph(sd, c, arch, layout,
                new ModelGraph.Inputs(pixels, labels, null, g.trainingIfUsed().orElse(null)),
                new ModelGraph.Outputs(last, List.copyOf(hidden), null, logits, loss),
                g.params());
    }

    /**
     * TimeSformer's attention under {@code prefix}: the packed projection {@code attention.qkv} (its output columns q,
     * k, v, as {@link MultiHeadSelfAttention} takes them) and {@code output.dense}.
     */
    static MultiHeadSelfAttention attention(GraphContext g, TimesformerConfig c, String prefix) {
        return new MultiHeadSelfAttention(g, Linear.of(g, prefix + ".attention.qkv"),
                Linear.of(g, prefix + ".output.dense"),
                c.hiddenSize(), c.numAttentionHeads(), c.attentionProbsDropoutProb(), c.hiddenDropoutProb());
    }
}
