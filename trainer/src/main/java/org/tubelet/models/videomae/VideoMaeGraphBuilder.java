package org.tubelet.models.videomae;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
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
import org.tubelet.models.blocks.MultiHeadSelfAttention;
import org.tubelet.models.blocks.PreNormEncoderLayer;
import org.tubelet.models.blocks.Tokens;
import org.tubelet.models.blocks.TubeletEmbedding;

/**
 * Builds HF's {@code VideoMAEModel}, {@code VideoMAEForVideoClassification} and {@code VideoMAEForPreTraining}.
 *
 * <p>Dimensions: B batch, T frames, C channels, p patch, N tokens (no CLS), Nm masked and Nv = N − Nm visible
 * tokens per clip, D encoder and Dd decoder hidden size, P = tubelet·p·p·C values per target patch.
 *
 * <p>The number of masked tokens is fixed when the graph is built (every clip of a batch must have the same count,
 * as in HF); {@code maskedTokens = 0} builds an encoder without the {@code bool_masked_pos} input.
 */
public final class VideoMaeGraphBuilder {
    /** ImageNet statistics HF uses to un-normalise the pretraining targets ({@code utils/constants.py}). */
    private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

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

        SDVariable pixels = sd.placeHolder("pixel_values", DataType.FLOAT, -1, c.numFrames(), c.numChannels(),
                c.imageSize(), c.imageSize());
        TubeletEmbedding embedding = TubeletEmbedding.of(g, p + "embeddings.patch_embeddings", d, c.numChannels(),
                c.tubeletSize(), c.patchSize(), c.patchSize());
        SDVariable tubes = embedding.tubes(pixels, c.numFrames(), c.imageSize(), c.imageSize());   // [B, N, K]
        SDVariable positions = sd.constant("encoder_positions", SinCosPositions.table(n, d));       // [N, D]

        SDVariable mask = null;
        SDVariable visibleSelection = null;
        int visible = n - maskedTokens;
        SDVariable x;
        if (maskedTokens > 0) {
            // HF embeds every token and keeps the visible ones; each token's embedding depends on its own tube and
            // position only, so selecting first gives the same numbers for a tenth of the product at 90 % masking.
            mask = sd.placeHolder("bool_masked_pos", DataType.FLOAT, -1, n);                      // [B, N], 1 = masked
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
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            flat = layer(g, c, p + "encoder.layer." + i, d, c.numAttentionHeads(), c.intermediateSize())
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
                        ? LayerNorm.of(g, "fc_norm", VideoMaeConfig.HEAD_NORM_EPS).apply(last.mean(1))  // [B, D]
                        : Tokens.select(last, 0);                                                // first patch token
                ClassificationHead.Output head = ClassificationHead.of(g, "classifier", c.meta().numLabels())
                        .apply(pooled);                                                          // [B, K]
                logits = head.logits();
                labels = head.labels();
                loss = head.loss();
            }
            case PRETRAINING -> {
                Decoded decoded = decode(g, c, pixels, flat, mask, visibleSelection, maskedTokens);
                logits = decoded.logits;
                loss = Losses.meanSquaredError("loss", logits, decoded.targets);
                pre = new ModelGraph.Pretraining(decoded.input, decoded.targets, maskedTokens);
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

    private record Decoded(SDVariable input, SDVariable logits, SDVariable targets) {
    }

    /** encoder_to_decoder, mask tokens, decoder layers, decoder.norm/head on the masked tokens, and the targets. */
    private static Decoded decode(GraphContext g, VideoMaeConfig c, SDVariable pixels, SDVariable encoded,
                                  SDVariable mask, SDVariable visibleSelection, int masked) {
        SameDiff sd = g.sd();
        int n = c.numPatches();
        int visible = n - masked;
        int dd = c.decoderHiddenSize();
        SDVariable dec = sd.reshape(Linear.of(g, "encoder_to_decoder").apply(encoded), -1, visible, dd); // [B, Nv, Dd]
        SDVariable table = sd.constant("decoder_positions", SinCosPositions.table(n, dd));             // [N, Dd]
        SDVariable maskedSelection = TokenSelection.matrix(mask, masked);                              // [B, Nm, N]
        SDVariable posVisible = sd.reshape(sd.mmul(sd.reshape(visibleSelection, -1, n), table), -1, visible, dd);
        SDVariable posMasked = sd.reshape(sd.mmul(sd.reshape(maskedSelection, -1, n), table), -1, masked, dd);
        SDVariable input = sd.concat(1, dec.add(posVisible), posMasked.add(g.param("mask_token")))
                .rename("decoder_input");                                                              // [B, N, Dd]

        SDVariable x = sd.reshape(input, -1, dd);                                                      // [B·N, Dd]
        for (int i = 0; i < c.decoderNumHiddenLayers(); i++) {
            x = layer(g, c, "decoder.decoder_layers." + i, dd, c.decoderNumAttentionHeads(),
                    c.decoderIntermediateSize()).apply(x, n);
        }
        SDVariable tail = sd.reshape(x, -1, n, dd).get(SDIndex.all(), SDIndex.interval((long) visible, (long) n),
                SDIndex.all());                                                                        // [B, Nm, Dd]
        SDVariable normed = LayerNorm.of(g, "decoder.norm", VideoMaeConfig.HEAD_NORM_EPS)
                .apply(sd.reshape(tail, -1, dd));
        SDVariable logits = sd.reshape(Linear.of(g, "decoder.head").apply(normed), -1, masked, c.patchValues())
                .rename("logits");                                                                     // [B, Nm, P]
        SDVariable targets = TokenSelection.apply(maskedSelection, targetPatches(c, pixels))
                .rename("target_patches");                                                             // [B, Nm, P]
        return new Decoded(input, logits, targets);
    }

    /**
     * HF's pretraining targets for every token: un-normalised pixels (ImageNet mean/std, when C = 3) patchified in
     * (dt, ph, pw, c) order, normalised per token and channel when {@code norm_pix_loss}.
     *
     * @return [B, N, P]
     */
    static SDVariable targetPatches(VideoMaeConfig c, SDVariable pixels) {
        SameDiff sd = pixels.getSameDiff();
        SDVariable frames = pixels;
        if (c.numChannels() == 3) {
            SDVariable mean = sd.constant(Nd4j.create(IMAGENET_MEAN, new long[]{1, 1, 3, 1, 1}, DataType.FLOAT));
            SDVariable std = sd.constant(Nd4j.create(IMAGENET_STD, new long[]{1, 1, 3, 1, 1}, DataType.FLOAT));
            frames = pixels.mul(std).add(mean);
        } else {
            ConfigException.require(c.normPixLoss(), "norm_pix_loss", false,
                    "un-normalised targets need num_channels = 3 (ImageNet statistics)");
        }
        int ts = c.tubeletSize();
        int ps = c.patchSize();
        int ch = c.numChannels();
        int nT = c.temporalPatches();
        int nS = c.imageSize() / ps;
        long perPatch = (long) ts * ps * ps;
        SDVariable v = sd.reshape(frames, -1, nT, ts, ch, nS, ps, nS, ps);                        // [B,T',ts,C,H',p,W',p]
        v = sd.permute(v, 0, 1, 4, 6, 2, 5, 7, 3);                                                // [B,T',H',W',ts,p,p,C]
        v = sd.reshape(v, -1, c.numPatches(), perPatch, ch);                                      // [B, N, ts·p·p, C]
        if (c.normPixLoss()) {
            SDVariable centred = v.sub(v.mean(true, 2));
            SDVariable variance = centred.mul(centred).sum(true, 2).div(perPatch - 1.0);          // unbiased
            v = centred.div(sd.math.sqrt(variance).add(1e-6));
        }
        return sd.reshape(v, -1, c.numPatches(), perPatch * ch);                                  // [B, N, P]
    }

    /** A VideoMAE block: ViT layer with q/v bias (k has none). */
    private static PreNormEncoderLayer layer(GraphContext g, VideoMaeConfig c, String prefix, int hidden, int heads,
                                             int intermediate) {
        String a = prefix + ".attention.attention.";
        MultiHeadSelfAttention attention = new MultiHeadSelfAttention(g,
                Linear.of(g, g.param(a + "query.weight"), g.optionalParam(a + "q_bias").orElse(null)),
                Linear.of(g, g.param(a + "key.weight"), null),
                Linear.of(g, g.param(a + "value.weight"), g.optionalParam(a + "v_bias").orElse(null)),
                Linear.of(g, prefix + ".attention.output.dense"),
                hidden, heads, c.attentionProbsDropoutProb(), c.hiddenDropoutProb());
        return new PreNormEncoderLayer(
                LayerNorm.of(g, prefix + ".layernorm_before", c.layerNormEps()), attention,
                LayerNorm.of(g, prefix + ".layernorm_after", c.layerNormEps()),
                FeedForward.of(g, prefix, c.hiddenAct(), c.hiddenDropoutProb()));
    }
}
