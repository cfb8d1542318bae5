package org.tubelet.train.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.models.ModelGraph;
import org.tubelet.testing.GraphRuns;
import org.tubelet.testing.TinyModels;
import org.tubelet.train.data.Batch;
import org.tubelet.train.eval.Evaluator;

/**
 * The loss against soft targets (mixup, cutmix): cross-entropy against a distribution, its gradient softmax − target;
 * with the smoothed one-hot targets of an unmixed batch it is the hard-label loss with label smoothing.
 */
class SoftTargetsTest {
    private static final int B = 4;
    private static final int K = 3;

    private static INDArray pixels(long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, B, 4, 3, 16, 16);
    }

    @Test
    void theLossIsCrossEntropyAgainstTheDistributionAndTheBiasGradientIsMeanSoftmaxMinusTarget() {
        ModelGraph g = TinyModels.vivit(K, 5);
        Objective o = Objective.softTargets(g);
        SplittableRandom rng = new SplittableRandom(3);
        float[][] t = new float[B][K];
        for (int r = 0; r < B; r++) {
            double sum = 0;
            double[] w = new double[K];
            for (int k = 0; k < K; k++) {
                w[k] = rng.nextDouble();
                sum += w[k];
            }
            for (int k = 0; k < K; k++) {
                t[r][k] = (float) (w[k] / sum);
            }
        }
        Batch b = new Batch(pixels(1).muli(3), Nd4j.createFromArray(0L, 1L, 2L, 0L), new long[B], 0, 0,
                Nd4j.create(t));
        Map<String, INDArray> feeds = o.feeds().of(b, 0, 0);
        double[][] logits = GraphRuns.outputs(g, feeds, g.outputs().logits()).get(g.outputs().logits().name())
                .castTo(DataType.DOUBLE).toDoubleMatrix();
        double expected = 0;
        double[] biasGrad = new double[K];
        for (int r = 0; r < B; r++) {
            double[] p = Evaluator.softmax(logits[r]);
            for (int k = 0; k < K; k++) {
                expected -= t[r][k] * Math.log(p[k]) / B;
                biasGrad[k] += (p[k] - t[r][k]) / B;
            }
        }
        OutAndGrad og = g.sd().calculateGradientsAndOutputs(feeds, List.of(o.loss().name()),
                List.of("classifier.bias"));
        double loss = og.getOutputs().get(o.loss().name()).getDouble(0);
        assertEquals(expected, loss, 1e-5 * Math.abs(expected), "mean over rows of -Σ t·log softmax(z)");
        double[] got = og.getGradients().get("classifier.bias").castTo(DataType.DOUBLE).toDoubleVector();
        for (int k = 0; k < K; k++) {
            assertEquals(biasGrad[k], got[k], 1e-6, "∂loss/∂bias_" + k + " = mean_r(softmax − target)");
        }
        Batch hard = new Batch(b.pixels(), b.labels(), b.videoIds(), 0, 0);
        assertThrows(IllegalStateException.class, () -> o.feeds().of(hard, 0, 0), "mixing on, but no targets");
    }

    @Test
    void smoothedOneHotTargetsGiveTheHardLabelLossWithLabelSmoothing() {
        double s = 0.1;
        long[] labels = {2, 0, 1, 1};
        float[][] t = new float[B][K];
        for (int r = 0; r < B; r++) {
            for (int k = 0; k < K; k++) {
                t[r][k] = (float) (k == labels[r] ? 1 - s + s / K : s / K);   // what Mixup gives an unmixed clip
            }
        }
        INDArray x = pixels(2).muli(3);
        ModelGraph soft = TinyModels.vivit(K, 7);
        Objective so = Objective.softTargets(soft);
        double softLoss = GraphRuns.outputs(soft, so.feeds().of(new Batch(x, Nd4j.createFromArray(labels), new long[B],
                0, 0, Nd4j.create(t)), 0, 0), so.loss()).get(so.loss().name()).getDouble(0);
        ModelGraph hard = TinyModels.vivit(K, 7);
        Objective ho = Objective.classification(hard, s);
        double hardLoss = GraphRuns.outputs(hard, ho.feeds().of(new Batch(x, Nd4j.createFromArray(labels), new long[B],
                0, 0), 0, 0), ho.loss()).get(ho.loss().name()).getDouble(0);
        assertEquals(hardLoss, softLoss, 1e-6 * Math.abs(hardLoss));
    }

    @Test
    void perFrameModelsRepeatEachClipsTargetForItsFrames() {
        INDArray t = Nd4j.create(new float[][] {{0.25f, 0.75f}, {1f, 0f}});
        INDArray r = ModelGraph.repeatRows(t, 3);
        assertArrayEquals(new long[] {6, 2}, r.shape());
        for (int row = 0; row < 6; row++) {
            assertArrayEquals(t.getRow(row / 3).toFloatVector(), r.getRow(row).toFloatVector(), 0f, "row " + row);
        }
    }
}
