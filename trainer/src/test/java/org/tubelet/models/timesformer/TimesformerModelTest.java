package org.tubelet.models.timesformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tubelet.models.Activation;
import org.tubelet.models.Architecture;
import org.tubelet.models.ConfigException;
import org.tubelet.models.EncoderFields;
import org.tubelet.models.HfMeta;
import org.tubelet.models.InputSize;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.zoo.Models;
import org.tubelet.testing.GraphRuns;

class TimesformerModelTest {
    static final Architecture CLS = Architecture.TIMESFORMER_FOR_VIDEO_CLASSIFICATION;

    static TimesformerConfig tiny(AttentionType type, int frames, int layers, double dropPath) {
        return new TimesformerConfig(16, 8, 3, frames, new EncoderFields(16, layers, 2, 32, Activation.GELU, 0.0, 0.0,
                0.02, 1e-6, true, dropPath), type, HfMeta.defaults(List.of()).withLabels(HfMeta.defaultLabels(3)));
    }

    static INDArray clip(int batch, int frames, int size, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, batch, frames, 3, size, size);
    }

    static INDArray logits(ModelGraph g, INDArray x, boolean training) {
        return GraphRuns.outputs(g, g.feeds(x, null, null, training), g.outputs().logits()).get("logits");
    }

    @ParameterizedTest
    @EnumSource(AttentionType.class)
    void everyParameterGetsAFiniteNonZeroGradient(AttentionType type) {
        ModelGraph g = Models.create(tiny(type, 4, 2, 0.0), CLS, 3);
        Map<String, INDArray> grads = GraphRuns.gradients(g,
                g.feeds(clip(2, 4, 16, 1), Nd4j.createFromArray(0L, 2L), null, true));
        grads.forEach((name, gr) -> {
            assertNotNull(gr, "no gradient for " + name);
            assertFalse(gr.isNaN().any() || gr.isInfinite().any(), "non-finite gradient for " + name);
            assertTrue(gr.amaxNumber().doubleValue() > 0, "zero gradient for " + name);
        });
        assertEquals(g.layout().size(), grads.size());
    }

    @Test
    void spaceOnlyClassifiesEveryFrameAndRepeatsClipLabels() {
        ModelGraph g = Models.create(tiny(AttentionType.SPACE_ONLY, 4, 1, 0.0), CLS, 2);
        INDArray x = clip(2, 4, 16, 5);
        INDArray l = logits(g, x, false);
        assertArrayEquals(new long[]{8, 3}, l.shape(), "one row of logits per frame (b*T + t)");
        // Clip labels [B] are repeated per frame; the loss equals the one with explicit per-frame labels.
        var perClip = GraphRuns.outputs(g, g.feeds(x, Nd4j.createFromArray(1L, 2L), null, false), g.outputs().loss());
        var perFrame = GraphRuns.outputs(g, g.feeds(x, Nd4j.createFromArray(1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L), null,
                false), g.outputs().loss());
        assertEquals(perFrame.get("loss").getDouble(0), perClip.get("loss").getDouble(0), 1e-7);
        // Frame t of clip b sees only that frame: changing frame 3 of clip 0 changes only row 3.
        INDArray y = x.dup();
        y.get(NDArrayIndex.point(0), NDArrayIndex.point(3)).addi(1.0);
        INDArray diff = logits(g, y, false).sub(l);
        for (int r = 0; r < 8; r++) {
            double d = diff.getRow(r).amaxNumber().doubleValue();
            assertTrue(r == 3 ? d > 1e-4 : d == 0.0, "row " + r + " changed by " + d);
        }
    }

    @Test
    void withOneFrameTheTemporalAttentionWeightIsOne() {
        // One frame: softmax over a single key is 1, so the temporal branch is value → output whatever q and k are.
        ModelGraph g = Models.create(tiny(AttentionType.DIVIDED_SPACE_TIME, 1, 2, 0.0), CLS, 4);
        INDArray x = clip(2, 1, 16, 6);
        INDArray before = logits(g, x, false);
        INDArray qkv = g.paramValue("timesformer.encoder.layer.0.temporal_attention.attention.qkv.weight");
        Nd4j.getRandom().setSeed(1);
        qkv.get(NDArrayIndex.interval(0, 32), NDArrayIndex.all()).addi(Nd4j.randn(DataType.FLOAT, 32, 16));
        assertEquals(before, logits(g, x, false), "query/key weights of the temporal attention do not matter");
        qkv.get(NDArrayIndex.interval(32, 48), NDArrayIndex.all()).addi(Nd4j.randn(DataType.FLOAT, 16, 16));
        assertTrue(logits(g, x, false).sub(before).amaxNumber().doubleValue() > 1e-4, "value weights do");
    }

    @Test
    void dropPathRatesAreLinearAndActOnlyInTraining() {
        assertArrayEquals(new double[]{0.0, 0.1, 0.2}, tiny(AttentionType.JOINT_SPACE_TIME, 4, 3, 0.2)
                .dropPathRates(), 1e-12);
        ModelGraph g = Models.create(tiny(AttentionType.DIVIDED_SPACE_TIME, 4, 2, 0.5), CLS, 8);
        assertNotNull(g.inputs().training());
        INDArray x = clip(4, 4, 16, 2);
        INDArray eval = logits(g, x, false);
        assertEquals(eval, logits(g, x, false), "inference is deterministic");
        boolean changed = false;
        for (int i = 0; i < 5 && !changed; i++) {
            changed = logits(g, x, true).sub(eval).amaxNumber().doubleValue() > 1e-5;
        }
        assertTrue(changed, "drop path changes training outputs");
    }

    @Test
    void positionAndTimeEmbeddingsAreResizedForOtherInputSizes() {
        // No layers, zero patch filter, unit final norm: tokens are LN(pos + time), so the resized tables show.
        TimesformerConfig c = tiny(AttentionType.JOINT_SPACE_TIME, 2, 0, 0.0);
        ModelGraph g = Models.build(c, Architecture.TIMESFORMER_MODEL, new InputSize(4, 24, 24));
        Models.initialise(g, 11);
        g.paramValue("embeddings.patch_embeddings.projection.weight").assign(0);
        INDArray pos = g.paramValue("embeddings.position_embeddings").reshape(5, 16);    // CLS + 2x2 grid
        INDArray time = g.paramValue("embeddings.time_embeddings").reshape(2, 16);
        INDArray bias = g.paramValue("embeddings.patch_embeddings.projection.bias");
        INDArray out = GraphRuns.outputs(g, g.feeds(clip(1, 4, 24, 3), null, null, false),
                g.outputs().lastHiddenState()).get("last_hidden_state");
        assertArrayEquals(new long[]{1, 1 + 9 * 4, 16}, out.shape(), "3x3 patches x 4 frames");
        for (int n = 0; n < 9; n++) {
            int srcPos = 1 + (n / 3) * 2 / 3 * 2 + (n % 3) * 2 / 3;                   // nearest on the 2x2 grid
            for (int t = 0; t < 4; t++) {
                INDArray e = pos.getRow(srcPos).add(time.getRow(t / 2)).add(bias);
                INDArray expected = e.sub(e.meanNumber()).div(Math.sqrt(e.varNumber().doubleValue() * 15 / 16
                        + 1e-6));
                INDArray actual = out.get(NDArrayIndex.point(0), NDArrayIndex.point(1 + n * 4 + t), NDArrayIndex.all());
                assertTrue(expected.sub(actual).amaxNumber().doubleValue() < 1e-4, "token n=" + n + " t=" + t);
            }
        }
    }

    @Test
    void invalidConfigsNameFieldAndValue() {
        ConfigException e = assertThrows(ConfigException.class, () -> new TimesformerConfig(30, 8, 3, 4,
                new EncoderFields(16, 1, 2, 32, Activation.GELU, 0, 0, 0.02, 1e-6, true), AttentionType.SPACE_ONLY,
                HfMeta.defaults(List.of())));
        assertTrue(e.getMessage().contains("image_size = 30") && e.getMessage().contains("patch_size = 8"));
        assertThrows(IllegalArgumentException.class, () -> AttentionType.fromHf("axial"));
        ConfigException dp = assertThrows(ConfigException.class, () -> tiny(AttentionType.SPACE_ONLY, 4, 1, 1.5));
        assertTrue(dp.getMessage().contains("drop_path_rate = 1.5"));
    }
}
