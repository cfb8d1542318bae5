package org.tubelet.train.listeners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tubelet.models.ModelGraph;
import org.tubelet.testing.ListSource;
import org.tubelet.testing.TinyModels;
import org.tubelet.train.data.Batch;
import org.tubelet.train.eval.EvalResult;
import org.tubelet.train.loop.MetricsRow;
import org.tubelet.train.loop.Objective;
import org.tubelet.train.loop.StepResult;
import org.tubelet.train.loop.TrainContext;
import org.tubelet.train.loop.TrainListener;
import org.tubelet.train.loop.Trainer;
import org.tubelet.train.optim.LrSchedule;
import org.tubelet.train.optim.Sgd;

/**
 * Early stopping on a given sequence of validation numbers, one evaluation per epoch of two steps: the run stops at
 * the end of the epoch whose evaluation is the {@code patience}-th in a row without a new best, and a run resumed
 * in the middle stops at the same epoch.
 */
class EarlyStoppingTest {
    private static final int STEPS_PER_EPOCH = 2;

    /** Publishes the next value of a sequence as the epoch's validation result (top-1, or loss). */
    private static final class Scripted implements TrainListener {
        private final double[] values;
        private final boolean loss;

        Scripted(double[] values, boolean loss) {
            this.values = values;
            this.loss = loss;
        }

        @Override
        public void onStep(TrainContext ctx, StepResult step) throws Exception {
            if (ctx.epochJustEnded()) {
                double v = values[(int) ctx.epoch() - 1];
                ctx.publish(new EvalResult(loss ? 0.5 : v, 1.0, 0.5, loss ? v : 1.0, new long[2][2], 4, 1,
                        List.of("a", "b")));
            }
        }
    }

    private static TrainContext run(double[] values, String metric, boolean higherIsBetter, int patience,
                                    long resumeAt, List<MetricsRow> rows) throws Exception {
        ModelGraph g = TinyModels.vivit(2, 1);
        org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(1);
        List<Batch> data = new ArrayList<>();
        for (int i = 0; i < STEPS_PER_EPOCH; i++) {
            data.add(new Batch(org.nd4j.linalg.factory.Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 4, 3,
                    16, 16), org.nd4j.linalg.factory.Nd4j.createFromArray((long) i), new long[]{i}, 0, i));
        }
        Sgd sgd = new Sgd(0, false, 0);
        long total = (long) STEPS_PER_EPOCH * values.length;
        TrainContext ctx = new TrainContext(g, sgd, STEPS_PER_EPOCH, 1, total, 0);
        if (resumeAt > 0) {
            ctx.resumeAt(resumeAt, rows);
        }
        new Trainer(Objective.classification(g, 0), new ListSource(data), sgd, new LrSchedule(1e-3, 0, 0, total,
                false), Trainer.params(g, List.of()), 0, ctx)
                .listen(new Scripted(values, "val_loss".equals(metric)))
                .listen(new EarlyStopping(metric, higherIsBetter, patience)).run();
        return ctx;
    }

    @Test
    void stopsAtTheEpochOfThePatiencethEvaluationWithoutANewBest() throws Exception {
        // best 0.7 at epoch 4; epochs 5, 6 (equal is no improvement) and 7 are not better: stop after epoch 7
        double[] top1 = {0.5, 0.6, 0.6, 0.7, 0.65, 0.7, 0.69, 0.9, 0.95, 0.99};
        TrainContext ctx = run(top1, "val_top1", true, 3, 0, List.of());
        assertEquals(7 * STEPS_PER_EPOCH, ctx.step(), "stopped at the end of epoch 7");
        assertEquals(7, ctx.epoch());
        assertTrue(ctx.stopReason().contains("val_top1 did not improve for 3 evaluations"), ctx.stopReason());
        assertEquals(7, ctx.metrics().stream().filter(MetricsRow::isEval).count());

        // a lower loss is better: 1.0, 0.8, 0.9, 0.8, 0.85 → two bad evaluations after epoch 2 end it at epoch 4
        TrainContext byLoss = run(new double[]{1.0, 0.8, 0.9, 0.8, 0.85, 0.1}, "val_loss", false, 2, 0, List.of());
        assertEquals(4, byLoss.epoch());

        // patience longer than the bad streaks: the run goes to its end
        TrainContext full = run(top1, "val_top1", true, 4, 0, List.of());
        assertNull(full.stopReason());
        assertEquals((long) STEPS_PER_EPOCH * top1.length, full.step());
    }

    @Test
    void aRunResumedBetweenEvaluationsStopsWhereTheUninterruptedOneDid() throws Exception {
        double[] top1 = {0.5, 0.6, 0.6, 0.7, 0.65, 0.7, 0.69, 0.9};
        TrainContext straight = run(top1, "val_top1", true, 3, 0, List.of());
        long resumeAt = 5 * STEPS_PER_EPOCH + 1;                        // one bad evaluation already behind it
        List<MetricsRow> before = straight.metrics().stream().filter(r -> r.step() <= resumeAt).toList();
        TrainContext resumed = run(top1, "val_top1", true, 3, resumeAt, before);
        assertEquals(straight.step(), resumed.step());
        assertEquals(straight.stopReason(), resumed.stopReason());
    }
}
