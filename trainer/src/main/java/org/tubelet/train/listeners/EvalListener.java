package org.tubelet.train.listeners;

import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tubelet.models.ModelGraph;
import org.tubelet.train.data.EvalData;
import org.tubelet.train.eval.EvalResult;
import org.tubelet.train.eval.Evaluator;
import org.tubelet.train.loop.StepResult;
import org.tubelet.train.loop.TrainContext;
import org.tubelet.train.loop.TrainListener;
import org.tubelet.train.optim.WeightEma;

/**
 * Evaluates every {@code everySteps} steps (or at each epoch end when 0) and after the last step, publishes the result
 * and, for classification, writes the latest confusion matrix to {@code <run>/confusion.csv}. When the run keeps a
 * moving average of the weights with {@code eval: true}, the average is evaluated instead of the raw weights.
 */
public final class EvalListener implements TrainListener {
    private static final Logger LOG = LogManager.getLogger(EvalListener.class);
    private final Validation validation;
    private final int everySteps;
    private final boolean atEnd;
    private final Path runDir;

    /** One evaluation of the model as it is now. */
    @FunctionalInterface
    public interface Validation {
        EvalResult run(ModelGraph g) throws Exception;
    }

    /** Classification: multi-view accuracy ({@link Evaluator}). */
    public EvalListener(EvalData data, int everySteps, boolean atEnd, Path runDir) {
        this(g -> Evaluator.evaluate(g, data), everySteps, atEnd, runDir);
    }

    /** Any validation, e.g. the pretraining reconstruction loss. */
    public EvalListener(Validation validation, int everySteps, boolean atEnd, Path runDir) {
        this.validation = validation;
        this.everySteps = everySteps;
        this.atEnd = atEnd;
        this.runDir = runDir;
    }

    @Override
    public void onStep(TrainContext ctx, StepResult step) throws Exception {
        boolean due = everySteps > 0 ? step.step() % everySteps == 0 : ctx.epochJustEnded();
        boolean last = atEnd && step.step() == ctx.totalSteps();
        if (due || last) {
            evaluate(ctx);
        }
    }

    @Override
    public void onEnd(TrainContext ctx, Throwable failure) throws Exception {
        // An early stop ends before totalSteps: evaluate the final weights once more if nobody did at this step.
        if (failure == null && atEnd && ctx.lastEvalStep() != ctx.step() && ctx.step() > 0) {
            evaluate(ctx);
        }
    }

    private void evaluate(TrainContext ctx) throws Exception {
        long t0 = System.nanoTime();
        WeightEma ema = ctx.ema();
        EvalResult r = ema != null && ema.settings().eval()
                ? ema.evaluateWith(() -> validation.run(ctx.graph()))   // train.ema.eval: the average
                : validation.run(ctx.graph());
        LOG.debug("eval @ step {}: {} [{} s]", ctx.step(), r.summary(),
                String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
        if (runDir != null && r.hasAccuracy()) {
            r.writeConfusionCsv(runDir.resolve("confusion.csv"));
        }
        ctx.publish(r);
    }
}
