package org.tubelet.train.loop;

import org.tubelet.train.eval.EvalResult;

/**
 * One line of {@code metrics.csv}: a training step, or an evaluation (then the training columns are NaN and written
 * empty). Missing values are NaN.
 */
public record MetricsRow(long step, double epoch, double lr, double loss, double gradNorm, double clipsPerS,
                         double dataWaitMs, double stepMs, double valLoss, double valTop1, double valTop5,
                         double valMeanClassAcc) {

    public static MetricsRow train(long step, double epoch, double lr, double loss, double gradNorm, double clipsPerS,
                                   double dataWaitMs, double stepMs) {
        return new MetricsRow(step, epoch, lr, loss, gradNorm, clipsPerS, dataWaitMs, stepMs, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
    }

    public static MetricsRow eval(long step, double epoch, double lr, EvalResult r) {
        return new MetricsRow(step, epoch, lr, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, r.loss(),
                r.top1(), r.top5(), r.meanClassAccuracy());
    }

    public boolean isEval() {
        return !Double.isNaN(valTop1) || !Double.isNaN(valLoss);
    }
}
