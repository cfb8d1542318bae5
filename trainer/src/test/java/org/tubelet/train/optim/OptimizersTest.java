package org.tubelet.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.tubelet.models.ModelGraph;
import org.tubelet.testing.ListSource;
import org.tubelet.testing.TinyModels;
import org.tubelet.train.data.Batch;
import org.tubelet.train.loop.Objective;
import org.tubelet.train.loop.TrainContext;
import org.tubelet.train.loop.Trainer;

/** The optimisers, schedule, clipping, accumulation and label smoothing against hand-computed references. */
class OptimizersTest {

    private static Param param(String name, double... values) {
        return new Param(name, Nd4j.createFromArray(values).castTo(DataType.FLOAT).reshape(1, values.length), true);
    }

    /** FLOAT runs the one-pass kernel, DOUBLE libnd4j's adam_updater: both must be PyTorch's formula. */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void adamWMatchesTorchFormulaWithDecoupledDecay(DataType type) {
        double b1 = 0.9;
        double b2 = 0.99;
        double eps = 1e-8;
        double wd = 0.1;
        double lr = 0.01;
        Param p = new Param("w", Nd4j.createFromArray(1.0, -2.0).castTo(type).reshape(1, 2), true);
        Param bias = new Param("b", Nd4j.createFromArray(0.5).castTo(type), false);
        AdamW opt = new AdamW(b1, b2, eps, wd);
        double[] w = {1.0, -2.0};
        double[] m = new double[2];
        double[] v = new double[2];
        double b = 0.5;
        double bm = 0;
        double bv = 0;
        double[][] grads = {{0.5, -1.0}, {0.25, 0.5}, {-1.0, 2.0}};
        for (int t = 1; t <= 3; t++) {
            double[] g = grads[t - 1];
            opt.step(List.of(p, bias), Map.of("w", Nd4j.createFromArray(g).castTo(type).reshape(1, 2),
                    "b", Nd4j.createFromArray(g[0]).castTo(type)), lr, t);
            for (int i = 0; i < 2; i++) {
                w[i] *= 1 - lr * wd;
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                w[i] -= lr * (m[i] / (1 - Math.pow(b1, t))) / (Math.sqrt(v[i] / (1 - Math.pow(b2, t))) + eps);
            }
            bm = b1 * bm + (1 - b1) * g[0];
            bv = b2 * bv + (1 - b2) * g[0] * g[0];
            b -= lr * (bm / (1 - Math.pow(b1, t))) / (Math.sqrt(bv / (1 - Math.pow(b2, t))) + eps);  // no decay
        }
        assertEquals(w[0], p.value().getDouble(0), 1e-6);
        assertEquals(w[1], p.value().getDouble(1), 1e-6);
        assertEquals(b, bias.value().getDouble(0), 1e-6, "exempt parameters get no weight decay");
        assertEquals(4, opt.state().size(), "exp_avg and exp_avg_sq per parameter");
    }

    @Test
    void theOnePassAdamWAgreesWithTheNativeUpdaterOnALargeTensor() {
        Nd4j.getRandom().setSeed(9);
        INDArray start = Nd4j.randn(DataType.DOUBLE, 300, 701);                 // 210,300 elements: many blocks
        Param f = new Param("w", start.castTo(DataType.FLOAT), true);
        Param d = new Param("w", start.dup(), true);
        AdamW kernel = new AdamW(0.9, 0.999, 1e-8, 0.05);
        AdamW nativeOp = new AdamW(0.9, 0.999, 1e-8, 0.05);
        for (int t = 1; t <= 4; t++) {
            INDArray g = Nd4j.randn(DataType.DOUBLE, 300, 701).muli(t);
            kernel.step(List.of(f), Map.of("w", g.castTo(DataType.FLOAT)), 1e-3, t);
            nativeOp.step(List.of(d), Map.of("w", g.dup()), 1e-3, t);
        }
        double diff = f.value().castTo(DataType.DOUBLE).sub(d.value()).amaxNumber().doubleValue();
        assertTrue(diff < 1e-6, "max |kernel - native| = " + diff);
        double moved = start.sub(d.value()).amaxNumber().doubleValue();
        assertTrue(moved > 3e-3, "the parameters moved: " + moved);
        double mDiff = kernel.state().get("exp_avg_sq/w").castTo(DataType.DOUBLE)
                .sub(nativeOp.state().get("exp_avg_sq/w")).amaxNumber().doubleValue();
        assertTrue(mDiff < 1e-4, "second moments agree: " + mDiff);
    }

    /**
     * A step from summed gradients scales them in the same pass as the update (FLOAT: the one-pass kernel, which also
     * subtracts the step from the parameter; DOUBLE: scaling, libnd4j's updater, subtraction): bit for bit the step of
     * the gradients scaled beforehand.
     */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void aScaledStepIsTheStepOfTheScaledGradients(DataType type) {
        Nd4j.getRandom().setSeed(17);
        INDArray start = Nd4j.randn(type, 40, 301);
        Param scaled = new Param("w", start.dup(), true);
        Param reference = new Param("w", start.dup(), true);
        AdamW a = new AdamW(0.9, 0.999, 1e-8, 0.05);
        AdamW b = new AdamW(0.9, 0.999, 1e-8, 0.05);
        double scale = 0.37;
        for (int t = 1; t <= 3; t++) {
            INDArray g = Nd4j.randn(type, 40, 301).muli(t);
            a.step(List.of(scaled), Map.of("w", g.dup()), scale, 1e-2, t);
            b.step(List.of(reference), Map.of("w", g.mul(scale)), 1e-2, t);
        }
        assertEquals(0.0, reference.value().sub(scaled.value()).amaxNumber().doubleValue(), "bit for bit");
        assertTrue(start.sub(scaled.value()).amaxNumber().doubleValue() > 1e-2, "the parameters moved");
        for (String k : a.state().keySet()) {
            assertEquals(0.0, b.state().get(k).sub(a.state().get(k)).amaxNumber().doubleValue(), k);
        }
    }

    @Test
    void optimiserStateRoundTripsExactly() {
        AdamW a = new AdamW(0.9, 0.999, 1e-8, 0.05);
        Param p = param("w", 1, 2, 3);
        a.step(List.of(p), Map.of("w", Nd4j.createFromArray(0.1f, 0.2f, 0.3f).reshape(1, 3)), 0.1, 1);
        AdamW b = new AdamW(0.9, 0.999, 1e-8, 0.05);
        b.loadState(a.state());
        Param q = param("w", 0, 0, 0);
        q.value().assign(p.value());
        INDArray g = Nd4j.createFromArray(-0.3f, 0.1f, 0.2f).reshape(1, 3);
        a.step(List.of(p), Map.of("w", g.dup()), 0.1, 2);   // step() overwrites the gradient with the update
        b.step(List.of(q), Map.of("w", g.dup()), 0.1, 2);
        assertEquals(p.value(), q.value());
    }

    @Test
    void adamWithZeroLearningRateDoesNotMoveTheParameters() {
        AdamW opt = new AdamW(0.9, 0.999, 1e-8, 0.05);
        Param p = param("w", 1, 2, 3);
        INDArray before = p.value().dup();
        opt.step(List.of(p), Map.of("w", Nd4j.createFromArray(0.1f, -0.2f, 0.3f).reshape(1, 3)), 0.0, 1);
        assertEquals(before, p.value(), "lr 0 (e.g. the first warm-up step) leaves the weights as they were");
        assertEquals(0.01f, opt.state().get("exp_avg/w").getFloat(0), 1e-7f, "the moments still advance");
    }

    @Test
    void sgdMomentumAndNesterovMatchTorch() {
        for (boolean nesterov : new boolean[]{false, true}) {
            Sgd opt = new Sgd(0.9, nesterov, 0.01);
            Param p = param("w", 1.0);
            double w = 1.0;
            double buf = 0;
            for (int t = 1; t <= 3; t++) {
                double g = 0.5 * t;
                opt.step(List.of(p), Map.of("w", Nd4j.createFromArray((float) g).reshape(1, 1)), 0.1, t);
                double gd = g + 0.01 * w;
                buf = 0.9 * buf + gd;
                w -= 0.1 * (nesterov ? gd + 0.9 * buf : buf);
            }
            assertEquals(w, p.value().getDouble(0), 1e-6, "nesterov=" + nesterov);
        }
    }

    @Test
    void warmupThenCosineToMinLr() {
        LrSchedule s = new LrSchedule(1.0, 0.1, 10, 110, true);
        assertEquals(0.1, s.at(0), 1e-12);
        assertEquals(1.0, s.at(9), 1e-12);
        assertEquals(1.0, s.at(10), 1e-12);
        assertEquals(0.55, s.at(60), 1e-12, "half way down the cosine");
        assertTrue(s.at(109) > 0.1 && s.at(109) < 0.101);
        LrSchedule constant = new LrSchedule(0.5, 0, 0, 10, false);
        assertEquals(0.5, constant.at(7));
    }

    @Test
    void stepDecayMultipliesByGammaAtEachMilestone() {
        // TimeSformer's steps_with_relative_lrs: [1, 0.1, 0.01] from epochs [0, 11, 14]; here 10 steps per epoch
        LrSchedule s = new LrSchedule(0.005, 0, 0, 150, LrSchedule.Decay.STEPS, List.of(110L, 140L), 0.1);
        assertEquals(0.005, s.at(0), 1e-15);
        assertEquals(0.005, s.at(109), 1e-15);
        assertEquals(0.0005, s.at(110), 1e-15);
        assertEquals(0.0005, s.at(139), 1e-15);
        assertEquals(0.00005, s.at(140), 1e-15);
        assertEquals(0.00005, s.at(149), 1e-15);
        LrSchedule warm = new LrSchedule(1.0, 0.05, 4, 20, LrSchedule.Decay.STEPS, List.of(8L, 8L), 0.5);
        assertEquals(0.25, warm.at(0), 1e-15, "warmup still ramps linearly");
        assertEquals(1.0, warm.at(7), 1e-15);
        assertEquals(0.25, warm.at(8), 1e-15, "two milestones on one step apply both factors");
        LrSchedule floor = new LrSchedule(1.0, 0.3, 0, 20, LrSchedule.Decay.STEPS, List.of(5L, 10L), 0.1);
        assertEquals(0.3, floor.at(12), 1e-15, "min_lr is the floor");
        assertThrows(IllegalArgumentException.class,
                () -> new LrSchedule(1.0, 0, 0, 20, LrSchedule.Decay.COSINE, List.of(5L), 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> new LrSchedule(1.0, 0, 0, 20, LrSchedule.Decay.STEPS, List.of(9L, 5L), 0.1));
    }

    @Test
    void weightDecayExemptions() {
        List<String> ex = List.of("bias", "norm", "cls_token", "position_embeddings");
        assertTrue(Param.decays("vivit.encoder.layer.0.intermediate.dense.weight", new long[]{8, 4}, ex));
        assertFalse(Param.decays("vivit.encoder.layer.0.intermediate.dense.bias", new long[]{8}, ex));
        assertFalse(Param.decays("vivit.layernorm.weight", new long[]{8}, ex), "1-D tensors never decay");
        assertFalse(Param.decays("vivit.embeddings.cls_token", new long[]{1, 1, 8}, ex));
        assertFalse(Param.decays("vivit.embeddings.position_embeddings", new long[]{1, 5, 8}, ex));
        assertTrue(Param.decays("classifier.weight", new long[]{3, 8}, ex));
    }

    @Test
    void globalNormIsTheNormOfAllGradientsTogether() {
        Map<String, INDArray> g = new java.util.HashMap<>(Map.of("a", Nd4j.createFromArray(3f), "b",
                Nd4j.createFromArray(4f)));
        assertEquals(5.0, Trainer.globalNorm(g), 1e-9);
    }

    /**
     * Clipping to a quarter of the global norm scales every gradient by the same factor {@code c / (‖g‖ + 1e-6)}
     * (torch's {@code clip_grad_norm_}): with SGD at lr 1 the update is the clipped gradient itself, compared tensor by
     * tensor with gradients computed separately at the same weights.
     */
    @Test
    void globalNormClippingScalesEveryGradientByTheSameFactor() throws Exception {
        Nd4j.getRandom().setSeed(21);
        Batch b = new Batch(Nd4j.randn(DataType.FLOAT, 2, 4, 3, 16, 16), Nd4j.createFromArray(0L, 2L),
                new long[]{0, 1}, 0, 0);
        ModelGraph ref = TinyModels.vivit(3, 5);
        Map<String, INDArray> grads = org.tubelet.testing.GraphRuns.gradients(ref,
                Objective.classification(ref, 0).feeds().of(b, 0, 0));
        double sq = 0;
        for (INDArray gr : grads.values()) {
            for (double v : gr.castTo(DataType.DOUBLE).dup('c').data().asDouble()) {
                sq += v * v;
            }
        }
        double norm = Math.sqrt(sq);
        double clip = norm / 4;
        double factor = clip / (norm + 1e-6);

        ModelGraph g = TinyModels.vivit(3, 5);
        Map<String, INDArray> before = new java.util.LinkedHashMap<>();
        g.params().keySet().forEach(n -> before.put(n, g.paramValue(n).dup()));
        Sgd sgd = new Sgd(0, false, 0);
        new Trainer(Objective.classification(g, 0), new ListSource(List.of(b)), sgd,
                new LrSchedule(1.0, 0, 0, 1, false), Trainer.params(g, List.of()), clip,
                new TrainContext(g, sgd, 1, 1, 1, 0)).run();
        double movedSq = 0;
        for (String n : before.keySet()) {
            double[] d = before.get(n).sub(g.paramValue(n)).castTo(DataType.DOUBLE).dup('c').data().asDouble();
            double[] gr = grads.get(n).castTo(DataType.DOUBLE).dup('c').data().asDouble();
            double dot = 0;
            double gg = 0;
            for (int i = 0; i < d.length; i++) {
                dot += d[i] * gr[i];
                gg += gr[i] * gr[i];
                movedSq += d[i] * d[i];
            }
            assertEquals(factor, dot / gg, 1e-3 * factor, n + " scaled like every other gradient");
            for (int i = 0; i < d.length; i++) {
                assertEquals(factor * gr[i], d[i], 1e-3 * factor * Math.sqrt(gg) + 1e-7, n + "[" + i + "]");
            }
        }
        assertEquals(clip, Math.sqrt(movedSq), 1e-3 * clip, "the clipped gradients have the threshold's norm");
    }

    /** Label-smoothed cross-entropy equals PyTorch's definition: (1-s)·CE + s·mean_k(-log p_k). */
    @Test
    void labelSmoothingLossMatchesTheDefinition() {
        ModelGraph g = TinyModels.vivit(3, 1);
        Objective o = Objective.classification(g, 0.2);
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 4, 3, 16, 16);
        INDArray y = Nd4j.createFromArray(0L, 2L);
        Map<String, INDArray> out = g.sd().output(g.feeds(x, y, null, true),
                List.of(o.loss().name(), g.outputs().logits().name()));
        INDArray logits = out.get(g.outputs().logits().name()).castTo(DataType.DOUBLE);
        double expected = 0;
        for (int i = 0; i < 2; i++) {
            double[] row = logits.getRow(i).toDoubleVector();
            double max = java.util.Arrays.stream(row).max().getAsDouble();
            double lse = max + Math.log(java.util.Arrays.stream(row).map(v -> Math.exp(v - max)).sum());
            double ce = lse - row[(int) y.getLong(i)];
            double uniform = java.util.Arrays.stream(row).map(v -> lse - v).average().getAsDouble();
            expected += (0.8 * ce + 0.2 * uniform) / 2;
        }
        assertEquals(expected, out.get(o.loss().name()).getDouble(0), 1e-5);
    }

    /** Two accumulated micro-batches of 2 make the same update as one batch of 4 (mean losses, no dropout). */
    @Test
    void gradientAccumulationEqualsTheLargerBatch() throws Exception {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 4, 3, 16, 16);
        INDArray y = Nd4j.createFromArray(0L, 1L, 2L, 1L);
        ModelGraph big = TinyModels.vivit(3, 5);
        ModelGraph small = TinyModels.vivit(3, 5);
        run(big, List.of(new Batch(x, y, new long[]{0, 1, 2, 3}, 0, 0)), 1);
        run(small, List.of(
                new Batch(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)).dup(),
                        y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)).dup(), new long[]{0, 1}, 0, 0),
                new Batch(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 4)).dup(),
                        y.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 4)).dup(), new long[]{2, 3}, 0, 1)), 2);
        for (String n : big.params().keySet()) {
            assertTrue(big.paramValue(n).equalsWithEps(small.paramValue(n), 1e-5), n);
        }
    }

    private static void run(ModelGraph g, List<Batch> batches, int accumulate) throws Exception {
        Objective o = Objective.classification(g, 0.0);
        AdamW opt = new AdamW(0.9, 0.999, 1e-8, 0.05);
        TrainContext ctx = new TrainContext(g, opt, batches.size(), accumulate, 1, 0);
        new Trainer(o, new ListSource(batches), opt, new LrSchedule(0.01, 0, 0, 1, false),
                Trainer.params(g, List.of("bias", "norm")), 0.5, ctx).run();
    }

    /** Fixed batches in order, one epoch = the list. */
}
