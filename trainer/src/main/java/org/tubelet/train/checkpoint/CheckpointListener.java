package org.tubelet.train.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.train.eval.EvalResult;
import org.tubelet.train.loop.StepResult;
import org.tubelet.train.loop.TrainContext;
import org.tubelet.train.loop.TrainListener;
import org.tubelet.train.optim.WeightEma;

/**
 * Writes checkpoints every {@code everySteps} steps (or at each epoch end when 0), whenever an evaluation sets a new
 * best of the tracked metric, and at the end; keeps the newest {@code keepLast} and the best one.
 */
public final class CheckpointListener implements TrainListener {
    private static final Logger LOG = LogManager.getLogger(CheckpointListener.class);
    private final Checkpoints store;
    private final int everySteps;
    private final int keepLast;
    private final String metric;
    private final boolean higherIsBetter;
    private final String optimizerName;
    private final String recipeYaml;
    private final Map<String, String> extraFiles;
    private double bestValue = Double.NaN;
    private long bestStep = -1;
    private boolean newBest;
    private long lastWrittenStep = -1;
    private Path lastWritten;

    /**
     * @param metric tracked metric ({@code val_top1}, ...) or null for none
     */
    public CheckpointListener(Checkpoints store, int everySteps, int keepLast, String metric, boolean higherIsBetter,
                              String optimizerName, String recipeYaml, Map<String, String> extraFiles) {
        this.store = store;
        this.everySteps = everySteps;
        this.keepLast = keepLast;
        this.metric = metric;
        this.higherIsBetter = higherIsBetter;
        this.optimizerName = optimizerName;
        this.recipeYaml = recipeYaml;
        this.extraFiles = Map.copyOf(extraFiles);
    }

    /** Restores the best-so-far after a resume. */
    public void restore(TrainerState s, Path checkpoint) {
        bestValue = s.bestValue();
        bestStep = s.bestStep();
        lastWrittenStep = s.step();
        lastWritten = checkpoint;
    }

    /** The newest checkpoint written or resumed from (the last good one when training fails). */
    public Path lastWritten() {
        return lastWritten;
    }

    public long bestStep() {
        return bestStep;
    }

    @Override
    public void onStart(TrainContext ctx) throws IOException {
        store.cleanPartials();
    }

    @Override
    public void onEvaluation(TrainContext ctx, EvalResult r) {
        if (metric == null) {
            return;
        }
        double v = switch (metric) {
            case "val_top1" -> r.top1();
            case "val_top5" -> r.top5();
            case "val_mean_class_acc" -> r.meanClassAccuracy();
            case "val_loss" -> r.loss();
            default -> throw new IllegalArgumentException("unknown metric " + metric);
        };
        boolean better = Double.isNaN(bestValue) || (higherIsBetter ? v > bestValue : v < bestValue);
        if (better && !Double.isNaN(v)) {
            bestValue = v;
            bestStep = ctx.step();
            newBest = true;
        }
    }

    @Override
    public void onStep(TrainContext ctx, StepResult step) throws IOException {
        boolean due = everySteps > 0 ? step.step() % everySteps == 0 : ctx.epochJustEnded();
        if (due || newBest || step.step() == ctx.totalSteps()) {
            write(ctx);
        }
    }

    @Override
    public void onEnd(TrainContext ctx, Throwable failure) throws IOException {
        if (failure == null && ctx.step() > 0 && lastWrittenStep != ctx.step()) {
            write(ctx);
        }
        if (failure == null && newBest && lastWrittenStep == ctx.step()) {
            write(ctx);                                   // an evaluation in onEnd found a new best: record it
        }
    }

    private void write(TrainContext ctx) throws IOException {
        WeightEma ema = ctx.ema();
        TrainerState s = new TrainerState(ctx.step(), ctx.epoch(), ctx.indexInEpoch(), ctx.batchesPerEpoch(),
                ctx.accumulate(), ctx.seed(), optimizerName, metric, bestValue, bestStep,
                ema == null ? null : ema.settings());
        Map<String, INDArray> opt = new LinkedHashMap<>(ctx.optimizer().state());
        lastWritten = store.write(ctx.graph(), new Checkpoints.Content(s, opt, recipeYaml, ctx.metrics(),
                extraFiles, ema == null ? null : ema.stateDict(ctx.graph())));
        lastWrittenStep = ctx.step();
        newBest = false;
        Set<Long> keep = new HashSet<>();
        if (bestStep >= 0) {
            keep.add(bestStep);
            Checkpoints.writeText(store.dir().resolve("best.json"), "{\"metric\": \"" + metric + "\", \"value\": "
                    + bestValue + ", \"step\": " + bestStep + ", \"checkpoint\": \"" + Checkpoints.folderName(bestStep)
                    + "\"}\n");
        }
        store.prune(keepLast, keep);
        LOG.debug("checkpoint {}", lastWritten);
    }
}
