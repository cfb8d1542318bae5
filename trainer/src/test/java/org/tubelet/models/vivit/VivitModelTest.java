package org.tubelet.models.vivit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.models.Activation;
import org.tubelet.models.Architecture;
import org.tubelet.models.ConfigException;
import org.tubelet.models.EncoderFields;
import org.tubelet.models.HfMeta;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.zoo.Models;
import org.tubelet.testing.GraphRuns;

class VivitModelTest {

    static VivitConfig tiny(double dropout, boolean qkvBias, int labels) {
        return new VivitConfig(16, 4, List.of(2, 8, 8), 3, new EncoderFields(16, 2, 2, 32, Activation.GELU_FAST,
                dropout, dropout, 0.02, 1e-6, qkvBias),
                HfMeta.defaults(List.of()).withLabels(HfMeta.defaultLabels(labels)));
    }

    static INDArray clip(int batch, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, batch, 4, 3, 16, 16);
    }

    @Test
    void everyParameterGetsAFiniteNonZeroGradient() {
        for (boolean qkvBias : new boolean[]{true, false}) {
            ModelGraph g = Models.create(tiny(0.0, qkvBias, 3), Architecture.VIVIT_FOR_VIDEO_CLASSIFICATION, 7);
            Map<String, INDArray> grads = GraphRuns.gradients(g,
                    g.feeds(clip(3, 1), Nd4j.createFromArray(0L, 1L, 2L), null, true));
            assertEquals(g.layout().size(), grads.size());
            grads.forEach((name, gr) -> {
                assertNotNull(gr, "no gradient for " + name);
                assertFalse(gr.isNaN().any() || gr.isInfinite().any(), "non-finite gradient for " + name);
                assertTrue(gr.amaxNumber().doubleValue() > 0, "zero gradient for " + name);
            });
        }
    }

    @Test
    void shapesFollowTheConfig() {
        VivitConfig c = tiny(0.0, true, 3);
        ModelGraph g = Models.create(c, Architecture.VIVIT_FOR_VIDEO_CLASSIFICATION, 1);
        var out = GraphRuns.outputs(g, g.feeds(clip(2, 3), null, null, false), g.outputs().lastHiddenState(),
                g.outputs().logits());
        assertEquals(List.of(2L, 1L + c.numPatches(), 16L),
                List.of(out.get("last_hidden_state").shape()[0], out.get("last_hidden_state").shape()[1],
                        out.get("last_hidden_state").shape()[2]));
        assertEquals(2, out.get("logits").rows());
        assertEquals(3, out.get("logits").columns());
        assertEquals(1 + 2, g.outputs().hiddenStates().size(), "embedding output + one per layer");
    }

    @Test
    void dropoutActsOnlyInTraining() {
        ModelGraph g = Models.create(tiny(0.3, true, 3), Architecture.VIVIT_FOR_VIDEO_CLASSIFICATION, 5);
        assertNotNull(g.inputs().training(), "a model with dropout has a training switch");
        INDArray x = clip(2, 9);
        String logits = g.outputs().logits().name();
        INDArray eval1 = GraphRuns.outputs(g, g.feeds(x, null, null, false), g.outputs().logits()).get(logits);
        INDArray eval2 = GraphRuns.outputs(g, g.feeds(x, null, null, false), g.outputs().logits()).get(logits);
        INDArray train = GraphRuns.outputs(g, g.feeds(x, null, null, true), g.outputs().logits()).get(logits);
        assertEquals(eval1, eval2, "inference is deterministic");
        assertTrue(eval1.sub(train).amaxNumber().doubleValue() > 1e-4, "dropout changes training outputs");
    }

    @Test
    void dropoutMasksAreAFunctionOfTheSeed() {
        ModelGraph g = Models.create(tiny(0.3, true, 3), Architecture.VIVIT_FOR_VIDEO_CLASSIFICATION, 5);
        INDArray x = clip(2, 9);
        String logits = g.outputs().logits().name();
        INDArray[] train = new INDArray[3];
        long[] seeds = {1, 1, 2};
        for (int i = 0; i < 3; i++) {
            g.reseedRandomOps(seeds[i]);
            train[i] = GraphRuns.outputs(g, g.feeds(x, null, null, true), g.outputs().logits()).get(logits);
        }
        assertEquals(train[0], train[1], "the same seed draws the same masks (a resumed step repeats itself)");
        assertTrue(train[0].sub(train[2]).amaxNumber().doubleValue() > 1e-4,
                "another seed draws other masks (SameDiff's random ops alone repeat the same mask every call)");
    }

    @Test
    void regressionWithOneLabelUsesMeanSquaredError() {
        ModelGraph g = Models.create(tiny(0.0, true, 1), Architecture.VIVIT_FOR_VIDEO_CLASSIFICATION, 2);
        INDArray x = clip(2, 4);
        INDArray y = Nd4j.createFromArray(0.5f, -1.0f);
        var out = GraphRuns.outputs(g, g.feeds(x, y, null, false), g.outputs().logits(), g.outputs().loss());
        INDArray logits = out.get("logits").reshape(-1);
        double expected = logits.sub(y).mul(logits.sub(y)).meanNumber().doubleValue();
        assertEquals(expected, out.get("loss").getDouble(0), 1e-6);
    }

    @Test
    void invalidConfigsNameFieldAndValue() {
        ConfigException heads = assertThrows(ConfigException.class, () -> new VivitConfig(16, 4, List.of(2, 8, 8), 3,
                new EncoderFields(30, 2, 4, 32, Activation.GELU, 0, 0, 0.02, 1e-6, true), HfMeta.defaults(List.of())));
        assertTrue(heads.getMessage().contains("hidden_size = 30") && heads.getMessage().contains("4"),
                heads.getMessage());
        ConfigException image = assertThrows(ConfigException.class, () -> new VivitConfig(20, 4, List.of(2, 8, 8), 3,
                new EncoderFields(16, 2, 2, 32, Activation.GELU, 0, 0, 0.02, 1e-6, true), HfMeta.defaults(List.of())));
        assertTrue(image.getMessage().contains("image_size = 20"), image.getMessage());
        ConfigException frames = assertThrows(ConfigException.class, () -> new VivitConfig(16, 5, List.of(2, 8, 8), 3,
                new EncoderFields(16, 2, 2, 32, Activation.GELU, 0, 0, 0.02, 1e-6, true), HfMeta.defaults(List.of())));
        assertTrue(frames.getMessage().contains("num_frames = 5"), frames.getMessage());
        IllegalArgumentException act = assertThrows(IllegalArgumentException.class,
                () -> Activation.fromHf("gelu_fancy"));
        assertTrue(act.getMessage().contains("gelu_fancy") && act.getMessage().contains("gelu_fast"));
    }
}
