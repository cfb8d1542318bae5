package org.tubelet.train.listeners;

import org.tubelet.train.eval.EvalResult;
import org.tubelet.train.loop.MetricsRow;
import org.tubelet.train.loop.TrainContext;
import org.tubelet.train.loop.TrainListener;

/** Stops the run after {@code patience} evaluations without a new best of the metric. */
public final class EarlyStopping implements TrainListener {
    private final String metric;
    private final boolean higherIsBetter;
    private final int patience;
    private double best = Double.NaN;
    private int bad;

    public EarlyStopping(String metric, boolean higherIsBetter, int patience) {
        this.metric = metric;
        this.higherIsBetter = higherIsBetter;
        this.patience = patience;
    }

    /** Replays the evaluations of a resumed run, so patience counts as if it had never stopped. */
    @Override
    public void onStart(TrainContext ctx) {
        for (MetricsRow row : ctx.metrics()) {
            if (row.isEval()) {
                update(ctx, "val_loss".equals(metric) ? row.valLoss() : "val_top5".equals(metric) ? row.valTop5()
                        : "val_mean_class_acc".equals(metric) ? row.valMeanClassAcc() : row.valTop1(), false);
            }
        }
    }

    @Override
    public void onEvaluation(TrainContext ctx, EvalResult r) {
        update(ctx, "val_loss".equals(metric) ? r.loss() : "val_top5".equals(metric) ? r.top5()
                : "val_mean_class_acc".equals(metric) ? r.meanClassAccuracy() : r.top1(), true);
    }

    private void update(TrainContext ctx, double v, boolean live) {
        if (Double.isNaN(best) || (higherIsBetter ? v > best : v < best)) {
            best = v;
            bad = 0;
        } else if (++bad >= patience && live) {
            ctx.requestStop("early stop: " + metric + " did not improve for " + patience + " evaluations (best "
                    + best + ")");
        }
    }
}
