package org.tubelet.models.videomae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.models.Activation;
import org.tubelet.models.Architecture;
import org.tubelet.models.ConfigException;
import org.tubelet.models.EncoderFields;
import org.tubelet.models.HfMeta;
import org.tubelet.models.InputSize;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.zoo.Models;
import org.tubelet.testing.GraphRuns;

class VideoMaeModelTest {

    static VideoMaeConfig tiny(boolean meanPooling, boolean normPix, boolean qkvBias) {
        return new VideoMaeConfig(16, 8, 3, 4, 2, new EncoderFields(16, 2, 2, 32, Activation.GELU, 0.0, 0.0, 0.02,
                1e-12, qkvBias), meanPooling, 2, 8, 1, 16, normPix,
                HfMeta.defaults(List.of()).withLabels(HfMeta.defaultLabels(3)));
    }

    static INDArray clip(int batch, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, batch, 4, 3, 16, 16);
    }

    @Test
    void tubeMasksAreConstantOverTimeWithExactCounts() {
        TubeMaskGenerator gen = new TubeMaskGenerator(8, 196, 0.9, MaskingStrategy.TUBE);
        assertEquals(Math.round(0.9 * 196) * 8, gen.maskedPerClip());
        boolean[][] masks = gen.generate(5, 42);
        for (boolean[] m : masks) {
            int count = 0;
            for (int t = 0; t < 8; t++) {
                for (int s = 0; s < 196; s++) {
                    assertEquals(m[s], m[t * 196 + s], "tube mask differs over time at s=" + s);
                    count += m[t * 196 + s] ? 1 : 0;
                }
            }
            assertEquals(gen.maskedPerClip(), count);
        }
        assertFalse(java.util.Arrays.equals(masks[0], masks[1]), "clips get different masks");
        assertArrayEquals(masks[3], gen.generate(5, 42)[3], "same seed, same masks");
        boolean[][] random = new TubeMaskGenerator(8, 196, 0.75, MaskingStrategy.RANDOM).generate(3, 1);
        for (boolean[] m : random) {
            int count = 0;
            for (boolean b : m) {
                count += b ? 1 : 0;
            }
            assertEquals(Math.round(0.75 * 196 * 8), count);
        }
        assertThrows(IllegalArgumentException.class, () -> new TubeMaskGenerator(2, 4, 1.0, MaskingStrategy.TUBE));
    }

    @ParameterizedTest
    @CsvSource({"true,true,true", "false,false,true", "false,true,false"})
    void everyPretrainingParameterGetsANonZeroGradient(boolean meanPooling, boolean normPix, boolean qkvBias) {
        VideoMaeConfig c = tiny(meanPooling, normPix, qkvBias);
        TubeMaskGenerator gen = TubeMaskGenerator.forConfig(c, 0.5, MaskingStrategy.TUBE);
        ModelGraph g = Models.build(c, Architecture.VIDEOMAE_FOR_PRETRAINING, InputSize.of(c), gen.maskedPerClip());
        Models.initialise(g, 3);
        Map<String, INDArray> grads = GraphRuns.gradients(g,
                g.feeds(clip(2, 1), null, TubeMaskGenerator.asArray(gen.generate(2, 7)), true));
        assertEquals(g.layout().size(), grads.size());
        assertTrue(grads.keySet().stream().anyMatch(k -> k.startsWith("decoder.")));
        grads.forEach((name, gr) -> {
            assertNotNull(gr, "no gradient for " + name);
            assertFalse(gr.isNaN().any() || gr.isInfinite().any(), "non-finite gradient for " + name);
            assertTrue(gr.amaxNumber().doubleValue() > 0, "zero gradient for " + name);
        });
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void everyClassifierParameterGetsANonZeroGradient(boolean meanPooling) {
        ModelGraph g = Models.create(tiny(meanPooling, true, true), Architecture.VIDEOMAE_FOR_VIDEO_CLASSIFICATION, 5);
        Map<String, INDArray> grads = GraphRuns.gradients(g,
                g.feeds(clip(2, 2), Nd4j.createFromArray(0L, 2L), null, true));
        grads.forEach((name, gr) -> assertTrue(gr.amaxNumber().doubleValue() > 0, "zero gradient for " + name));
    }

    @Test
    void unpatchifyInvertsPatchifyAndMatchesTheGraphTargets() {
        VideoMaeConfig c = tiny(true, false, true);
        Reconstruction r = new Reconstruction(c);
        INDArray x = clip(1, 9);
        float[] flat = x.reshape(-1).toFloatVector();
        float[][] patches = r.patchify(flat);
        assertArrayEquals(flat, r.unpatchify(patches));

        // The graph's raw targets (everything masked but one tube) are the patches of the un-normalised clip.
        int masked = c.numPatches() - c.temporalPatches();
        ModelGraph g = Models.build(c, Architecture.VIDEOMAE_FOR_PRETRAINING, InputSize.of(c), masked);
        Models.initialise(g, 1);
        float[][] m = new float[1][c.numPatches()];
        for (int i = 0; i < c.numPatches(); i++) {
            m[0][i] = i % c.spatialPatches() == 0 ? 0f : 1f;
        }
        INDArray targets = GraphRuns.outputs(g, g.feeds(x, null, Nd4j.create(m), false),
                g.outputs().pretraining().targetPatches()).get("target_patches");
        INDArray mean = Nd4j.createFromArray(0.485f, 0.456f, 0.406f).reshape(1, 1, 3, 1, 1);
        INDArray std = Nd4j.createFromArray(0.229f, 0.224f, 0.225f).reshape(1, 1, 3, 1, 1);
        float[][] raw = r.patchify(x.mul(std).add(mean).reshape(-1).toFloatVector());
        int row = 0;
        for (int tok = 0; tok < c.numPatches(); tok++) {
            if (m[0][tok] == 1f) {
                assertArrayEquals(raw[tok], targets.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(row++)).toFloatVector(), 1e-6f, "token " + tok);
            }
        }
    }

    @Test
    void reconstructionKeepsVisiblePatchesAndDenormalisesPredictions() {
        VideoMaeConfig c = tiny(true, true, true);
        Reconstruction r = new Reconstruction(c);
        float[] clip = clip(1, 4).reshape(-1).toFloatVector();
        boolean[] mask = new boolean[c.numPatches()];
        mask[1] = true;
        float[][] pred = new float[1][c.patchValues()];           // a prediction of all zeros = the patch mean
        float[] shown = r.reconstruct(clip, mask, pred);
        float[][] before = r.patchify(clip);
        float[][] after = r.patchify(shown);
        assertArrayEquals(before[0], after[0]);
        for (int k = 0; k < 3; k++) {
            double mean = 0;
            for (int j = 0; j < c.patchValues() / 3; j++) {
                mean += before[1][j * 3 + k];
            }
            mean /= c.patchValues() / 3.0;
            assertEquals(mean, after[1][k], 1e-5, "channel " + k);
        }
        assertNotEquals(before[1][0], after[1][0]);
    }

    @Test
    void invalidConfigsAndMasksAreRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> new VideoMaeConfig(16, 8, 3, 5, 2,
                new EncoderFields(16, 2, 2, 32, Activation.GELU, 0, 0, 0.02, 1e-12, true), true, 2, 8, 1, 16, true,
                HfMeta.defaults(List.of())));
        assertTrue(e.getMessage().contains("num_frames = 5") && e.getMessage().contains("tubelet_size = 2"));
        ConfigException dec = assertThrows(ConfigException.class, () -> new VideoMaeConfig(16, 8, 3, 4, 2,
                new EncoderFields(16, 2, 2, 32, Activation.GELU, 0, 0, 0.02, 1e-12, true), true, 3, 8, 1, 16, true,
                HfMeta.defaults(List.of())));
        assertTrue(dec.getMessage().contains("decoder_hidden_size = 8"));
        assertThrows(ConfigException.class, () -> Models.build(tiny(true, true, true),
                Architecture.VIDEOMAE_FOR_PRETRAINING, InputSize.of(tiny(true, true, true)), 0));
    }
}
