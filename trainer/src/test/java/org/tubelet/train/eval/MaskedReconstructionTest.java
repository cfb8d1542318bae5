package org.tubelet.train.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tubelet.models.Activation;
import org.tubelet.models.Architecture;
import org.tubelet.models.EncoderFields;
import org.tubelet.models.HfMeta;
import org.tubelet.models.InputSize;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.videomae.MaskingStrategy;
import org.tubelet.models.videomae.TubeMaskGenerator;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.models.zoo.Models;
import org.tubelet.testing.GraphRuns;
import org.tubelet.train.data.Batch;
import org.tubelet.train.data.EvalData;

/** The pretraining validation: fixed masks, and the loss as the mean squared error of every clip under its mask. */
class MaskedReconstructionTest {
    static final VideoMaeConfig C = new VideoMaeConfig(16, 8, 3, 4, 2, new EncoderFields(16, 1, 2, 32,
            Activation.GELU, 0.0, 0.0, 0.02, 1e-12, true), false, 2, 16, 1, 32, true, HfMeta.defaults(List.of()));
    static final int VIDEOS = 3;
    static final int VIEWS = 2;

    /** 3 videos × 2 views in batches of 4, 2 (a batch boundary inside a video). */
    static EvalData data() {
        Nd4j.getRandom().setSeed(4);
        INDArray all = Nd4j.randn(DataType.FLOAT, VIDEOS * VIEWS, 4, 3, 16, 16);
        return new EvalData() {
            @Override
            public int numVideos() {
                return VIDEOS;
            }

            @Override
            public int viewsPerVideo() {
                return VIEWS;
            }

            @Override
            public List<String> classNames() {
                return List.of();
            }

            @Override
            public Iterator<Batch> batches() {
                List<Batch> b = new ArrayList<>();
                b.add(new Batch(all.get(NDArrayIndex.interval(0, 4)).dup(), null, new long[]{0, 0, 1, 1}, 0, 0));
                b.add(new Batch(all.get(NDArrayIndex.interval(4, 6)).dup(), null, new long[]{2, 2}, 0, 1));
                return b.iterator();
            }
        };
    }

    @Test
    void masksAreFixedPerVideoAndViewAndDrawnFromTheRunsSeed() {
        TubeMaskGenerator gen = TubeMaskGenerator.forConfig(C, 0.5, MaskingStrategy.TUBE);
        MaskedReconstruction a = new MaskedReconstruction(gen, 3);
        MaskedReconstruction b = new MaskedReconstruction(gen, 3);
        List<boolean[]> seen = new ArrayList<>();
        for (int v = 0; v < 6; v++) {
            for (int view = 0; view < 2; view++) {
                assertArrayEquals(a.mask(v, view), b.mask(v, view), "the same every time");
                int count = 0;
                for (boolean m : a.mask(v, view)) {
                    count += m ? 1 : 0;
                }
                assertEquals(gen.maskedPerClip(), count);
                seen.add(a.mask(v, view));
            }
        }
        assertTrue(seen.stream().anyMatch(m -> !java.util.Arrays.equals(m, seen.get(0))), "clips differ");
        boolean differs = false;
        MaskedReconstruction other = new MaskedReconstruction(gen, 4);
        for (int v = 0; v < 6; v++) {
            differs |= !java.util.Arrays.equals(a.mask(v, 0), other.mask(v, 0));
        }
        assertTrue(differs, "another seed, other masks");
    }

    @Test
    void validationLossIsTheMeanSquaredErrorOfEveryViewUnderItsFixedMask() {
        TubeMaskGenerator gen = TubeMaskGenerator.forConfig(C, 0.5, MaskingStrategy.RANDOM);
        ModelGraph g = Models.build(C, Architecture.VIDEOMAE_FOR_PRETRAINING, InputSize.of(C), gen.maskedPerClip());
        Models.initialise(g, 1);
        MaskedReconstruction r = new MaskedReconstruction(gen, 7);
        EvalResult first = r.evaluate(g, data());
        EvalResult again = r.evaluate(g, data());
        assertEquals(first.loss(), again.loss(), "fixed clips and masks: the same number twice");
        assertFalse(first.hasAccuracy());
        assertEquals(VIDEOS, first.videos());
        assertEquals(VIEWS, first.viewsPerVideo());

        // independently: every view alone with its mask, squared error of the predictions against the targets
        double sum = 0;
        int clips = 0;
        int[] viewOf = new int[VIDEOS];
        for (Iterator<Batch> it = data().batches(); it.hasNext(); ) {
            Batch b = it.next();
            for (int i = 0; i < b.size(); i++) {
                long video = b.videoIds()[i];
                boolean[] m = r.mask(video, viewOf[(int) video]++);
                INDArray x = b.pixels().get(NDArrayIndex.interval(i, i + 1)).dup();
                Map<String, INDArray> out = GraphRuns.outputs(g, g.feeds(x, null,
                        TubeMaskGenerator.asArray(new boolean[][]{m}), false), g.outputs().logits(),
                        g.outputs().pretraining().targetPatches());
                double[] p = out.get(g.outputs().logits().name()).castTo(DataType.DOUBLE).data().asDouble();
                double[] t = out.get("target_patches").castTo(DataType.DOUBLE).data().asDouble();
                double se = 0;
                for (int j = 0; j < p.length; j++) {
                    se += (p[j] - t[j]) * (p[j] - t[j]);
                }
                sum += se / p.length;
                clips++;
            }
        }
        assertEquals(VIDEOS * VIEWS, clips);
        assertEquals(sum / clips, first.loss(), 1e-5 * (sum / clips));

        // the masks matter: other masks give another loss
        assertTrue(Math.abs(new MaskedReconstruction(gen, 8).evaluate(g, data()).loss() - first.loss()) > 1e-6);
    }
}
