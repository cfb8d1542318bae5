package org.tubelet.train.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.datasets.Seeds;
import org.tubelet.engine.Kernels;
import org.tubelet.train.data.Batch;
import org.tubelet.train.data.BatchSource;
import org.tubelet.train.optim.LrSchedule;
import org.tubelet.train.optim.Optimizer;
import org.tubelet.train.optim.Param;
import org.tubelet.train.optim.ParamGroups;

/**
 * The training loop, and only the loop: for each optimiser step, {@code accumulate} micro-batches of loss and
 * gradients from one long-lived SameDiff graph, a global-norm clip, one optimiser update (each parameter at its own
 * rate, {@link Param#lr}), then the moving average of the weights when the run keeps one
 * ({@link TrainContext#ema()}). Everything else is a {@link TrainListener}.
 *
 * <p>Reproducibility: batch {@code s·accumulate + m} of the data order feeds micro-batch m of step s, and the graph's
 * random ops (dropout, drop path) are reseeded from (seed, step, m) before each forward pass, so a run resumed at
 * step s repeats exactly what the uninterrupted run did.
 */
public final class Trainer {
    private final Objective objective;
    private final BatchSource data;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final List<Param> params;
    private final double clipNorm;
    private final TrainContext ctx;
    private final List<TrainListener> listeners = new ArrayList<>();
    private GradientReducer replicas = GradientReducer.SINGLE;

    /**
     * @param params the trainable parameters (with their weight-decay flags)
     * @param clipNorm global gradient-norm threshold, 0 = no clipping
     */
    public Trainer(Objective objective, BatchSource data, Optimizer optimizer, LrSchedule schedule,
                   List<Param> params, double clipNorm, TrainContext ctx) {
        this.objective = objective;
        this.data = data;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.params = List.copyOf(params);
        this.clipNorm = clipNorm;
        this.ctx = ctx;
    }

    /** The trainable parameters of a graph with the usual weight-decay exemptions, all at the scheduled rate. */
    public static List<Param> params(org.tubelet.models.ModelGraph g, List<String> noDecay) {
        return ParamGroups.of(g, noDecay, 1.0);
    }

    public Trainer listen(TrainListener l) {
        listeners.add(l);
        return this;
    }

    /**
     * Makes this loop one replica of a data-parallel run: it computes its share of each step's micro-batches and
     * sums the gradients with the other ranks before the update (see {@link GradientReducer}). The context's
     * accumulation is the global one (ranks × micro-batches per rank). Only rank 0 should have listeners that write.
     */
    public Trainer replicate(GradientReducer reducer) {
        if (ctx.accumulate() % reducer.ranks() != 0) {
            throw new IllegalArgumentException("accumulation " + ctx.accumulate() + " is not a multiple of the "
                    + reducer.ranks() + " ranks");
        }
        this.replicas = reducer;
        return this;
    }

    public TrainContext context() {
        return ctx;
    }

    /**
     * Continues from {@code ctx.step()} (0 for a fresh run, the checkpoint's step after a resume) up to
     * {@code ctx.totalSteps()} or until a listener asks to stop.
     *
     * @throws NonFiniteLossException when a loss or gradient norm is NaN/Inf (no update is applied)
     */
    public void run() throws Exception {
        ctx.listeners(listeners);
        for (TrainListener l : listeners) {
            l.onStart(ctx);
        }
        Throwable failure = null;
        try {
            while (ctx.step() < ctx.totalSteps() && ctx.stopReason() == null) {
                StepResult r = step(ctx.step());
                if (ctx.ema() != null) {
                    ctx.ema().afterStep(r.step());            // before any listener evaluates or saves this step
                }
                ctx.setStep(r.step());
                ctx.setLr(r.lr());
                ctx.record(r.row());
                for (TrainListener l : listeners) {
                    l.onStep(ctx, r);
                }
                if (replicas.ranks() > 1) {
                    String stop = replicas.agreeOnStop(ctx.stopReason());   // also: rank 0's checkpoint is written
                    if (stop != null) {
                        ctx.requestStop(stop);
                    }
                }
            }
        } catch (Exception | Error e) {
            failure = e;
            throw e;
        } finally {
            for (TrainListener l : listeners) {
                try {
                    l.onEnd(ctx, failure);
                } catch (Exception e) {
                    if (failure != null) {
                        failure.addSuppressed(e);
                    } else {
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * Optimiser step number {@code step} (0-based): this rank's micro-batches, the sum over the ranks, clipping,
     * update.
     */
    private StepResult step(long step) throws Exception {
        long start = System.nanoTime();
        double lr = schedule.at(step);
        int accumulate = ctx.accumulate();                        // global: ranks × micro-batches per rank
        int local = accumulate / replicas.ranks();
        int first = replicas.rank() * local;
        double lossSum = 0;
        long waitNanos = 0;
        int clips = 0;
        NonFiniteLossException badLoss = null;
        for (int j = 0; j < local; j++) {
            int m = first + j;                                    // the micro-batch's number in the global step
            long batchNo = step * accumulate + m;
            long epoch = batchNo / ctx.batchesPerEpoch();
            int index = (int) (batchNo % ctx.batchesPerEpoch());
            if (j == 0 || index == 0) {
                data.seek(epoch, index);
            }
            long t0 = System.nanoTime();
            Batch b = data.next();
            waitNanos += System.nanoTime() - t0;
            clips += b.size();
            objective.graph().reseedRandomOps(Seeds.of(ctx.seed(), 0x44524F50L, step, m));   // dropout, drop path
            Map<String, INDArray> feeds = objective.feeds().of(b, step, m);
            if (updatesDuringBackward(accumulate)) {
                // One training session; the optimiser updates each parameter as soon as its gradient exists.
                double loss = session().step(feeds, lr, step + 1);
                if (!Double.isFinite(loss)) {
                    throw new NonFiniteLossException("loss", loss, step + 1, epoch, index, b.videoIds());
                }
                double millis = (System.nanoTime() - start) / 1e6;
                return new StepResult(step + 1, (step + 1) / (double) ctx.batchesPerEpoch(), lr, loss,
                        session().lastGradientNorm(), clips, millis, waitNanos / 1e6);
            }
            // The same session sums this micro-batch's gradients instead; the update comes after the last one.
            double loss = session().accumulate(feeds, j == 0, step + 1);
            if (!Double.isFinite(loss) && badLoss == null) {
                badLoss = new NonFiniteLossException("loss", loss, step + 1, epoch, index, b.videoIds());
                if (replicas.ranks() == 1) {
                    throw badLoss;
                }
            }
            lossSum += loss;
        }
        Map<String, INDArray> grads = session().sums();
        if (replicas.ranks() > 1) {
            double[] totals = {lossSum, clips};
            List<INDArray> ordered = new ArrayList<>(params.size());
            for (Param p : params) {
                ordered.add(grads.get(p.name()));
            }
            replicas.sum(ordered, totals);                        // every rank now holds the same sums
            lossSum = totals[0];
            clips = (int) Math.round(totals[1]);
            if (!Double.isFinite(lossSum)) {                      // every rank stops, the one that saw it says where
                long batchNo = step * accumulate;
                throw badLoss != null ? badLoss : new NonFiniteLossException("loss (another rank's)", lossSum,
                        step + 1, batchNo / ctx.batchesPerEpoch(), (int) (batchNo % ctx.batchesPerEpoch()), null);
            }
        }
        double norm = globalNorm(params, grads) / accumulate;         // of the mean over the micro-batches
        if (!Double.isFinite(norm)) {
            long batchNo = step * accumulate;
            throw new NonFiniteLossException("gradient norm", norm, step + 1, batchNo / ctx.batchesPerEpoch(),
                    (int) (batchNo % ctx.batchesPerEpoch()), null);
        }
        optimizer.step(params, grads, clipFactor(norm, clipNorm) / accumulate, lr, step + 1);
        replicas.afterUpdate(step + 1, params);
        double millis = (System.nanoTime() - start) / 1e6;
        return new StepResult(step + 1, (step + 1) * accumulate / (double) ctx.batchesPerEpoch(), lr,
                lossSum / accumulate, norm, clips, millis, waitNanos / 1e6);
    }

    private SessionStepper session;

    /**
     * Steps that need neither clipping nor accumulation (nor a sum over ranks) update during the backward pass; the
     * others sum the gradients first.
     */
    private boolean updatesDuringBackward(int accumulate) {
        return clipNorm <= 0 && accumulate == 1;
    }

    private SessionStepper session() {
        if (session == null) {
            session = new SessionStepper(objective.graph(), objective.loss(), params, optimizer);
        }
        return session;
    }

    /** √(Σ‖g‖²) over the parameters' gradients, in parameter order (the same bits on every rank). */
    private static double globalNorm(List<Param> params, Map<String, INDArray> grads) {
        double sq = 0;
        for (Param p : params) {
            sq += Kernels.sumOfSquares(grads.get(p.name()));
        }
        return Math.sqrt(sq);
    }

    /**
     * Global-norm clipping as {@code torch.nn.utils.clip_grad_norm_}: the factor {@code maxNorm / (norm + 1e-6)} to
     * scale the gradients by when their global norm is above {@code maxNorm} (0: no clipping), else 1.
     */
    public static double clipFactor(double norm, double maxNorm) {
        return maxNorm > 0 && norm > maxNorm ? maxNorm / (norm + 1e-6) : 1;
    }

    /** √(Σ‖g‖²) over every gradient, in double precision. */
    public static double globalNorm(Map<String, INDArray> grads) {
        double sq = 0;
        for (INDArray g : grads.values()) {
            sq += Kernels.sumOfSquares(g);
        }
        return Math.sqrt(sq);
    }
}
