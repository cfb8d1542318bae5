package org.tubelet.train.loop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tubelet.models.ModelGraph;
import org.tubelet.train.eval.EvalResult;
import org.tubelet.train.optim.Optimizer;
import org.tubelet.train.optim.WeightEma;

/**
 * The state of a run that listeners read: model, optimiser, position and the metrics so far; and the two things they
 * may do: publish an evaluation and ask the loop to stop.
 */
public final class TrainContext {
    private final ModelGraph graph;
    private final Optimizer optimizer;
    private final int batchesPerEpoch;
    private final int accumulate;
    private final long totalSteps;
    private final long seed;
    private final List<MetricsRow> metrics = new ArrayList<>();
    private final List<TrainListener> listeners = new ArrayList<>();
    private long step;
    private double lr;
    private String stopReason;
    private EvalResult lastEval;
    private long lastEvalStep = -1;
    private WeightEma ema;

    public TrainContext(ModelGraph graph, Optimizer optimizer, int batchesPerEpoch, int accumulate, long totalSteps,
                        long seed) {
        this.graph = graph;
        this.optimizer = optimizer;
        this.batchesPerEpoch = batchesPerEpoch;
        this.accumulate = accumulate;
        this.totalSteps = totalSteps;
        this.seed = seed;
    }

    public ModelGraph graph() {
        return graph;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** The moving average of the weights the loop keeps after each step, or null when the run keeps none. */
    public WeightEma ema() {
        return ema;
    }

    /** Keeps {@code average} up to date after every step ({@link WeightEma#afterStep}); set before the run starts. */
    public void keepEma(WeightEma average) {
        this.ema = average;
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    public int accumulate() {
        return accumulate;
    }

    public long totalSteps() {
        return totalSteps;
    }

    public long seed() {
        return seed;
    }

    /** Optimiser steps done. */
    public long step() {
        return step;
    }

    void setStep(long step) {
        this.step = step;
    }

    /** Learning rate of the last step. */
    public double lr() {
        return lr;
    }

    void setLr(double lr) {
        this.lr = lr;
    }

    /** Micro-batches consumed after {@code step} optimiser steps. */
    public long batchesConsumed(long atStep) {
        return atStep * accumulate;
    }

    /** Epoch (0-based) of the next batch. */
    public long epoch() {
        return batchesConsumed(step) / batchesPerEpoch;
    }

    /** Position of the next batch inside its epoch. */
    public int indexInEpoch() {
        return (int) (batchesConsumed(step) % batchesPerEpoch);
    }

    /** Epochs done, fractional. */
    public double epochProgress() {
        return batchesConsumed(step) / (double) batchesPerEpoch;
    }

    /** Whether the step just done finished an epoch. */
    public boolean epochJustEnded() {
        long b = batchesConsumed(step);
        return b > 0 && b / batchesPerEpoch > batchesConsumed(step - 1) / batchesPerEpoch;
    }

    /** Metrics rows so far (training steps and evaluations), restored on resume. */
    public List<MetricsRow> metrics() {
        return Collections.unmodifiableList(metrics);
    }

    public void record(MetricsRow row) {
        metrics.add(row);
    }

    /** Puts a resumed run where its checkpoint left it: {@code step} steps done, these metrics so far. */
    public void resumeAt(long atStep, List<MetricsRow> rows) {
        this.step = atStep;
        metrics.clear();
        metrics.addAll(rows);
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (!rows.get(i).isEval()) {
                lr = rows.get(i).lr();
                break;
            }
        }
        for (MetricsRow r : rows) {
            if (r.isEval()) {
                lastEvalStep = r.step();
            }
        }
    }

    public EvalResult lastEval() {
        return lastEval;
    }

    public long lastEvalStep() {
        return lastEvalStep;
    }

    void listeners(List<TrainListener> l) {
        listeners.clear();
        listeners.addAll(l);
    }

    /** Records an evaluation and tells every listener. */
    public void publish(EvalResult result) throws Exception {
        lastEval = result;
        lastEvalStep = step;
        record(MetricsRow.eval(step, epochProgress(), lr, result));
        for (TrainListener l : listeners) {
            l.onEvaluation(this, result);
        }
    }

    /** Asks the loop to stop after the current step. */
    public void requestStop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    public String stopReason() {
        return stopReason;
    }
}
