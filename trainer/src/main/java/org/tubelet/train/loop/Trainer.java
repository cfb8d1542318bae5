package org.tubelet.train.loop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.datasets.Seeds;
import org.tubelet.engine.GraphSessions;
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
        Map<String, INDArray> grads = null;
        double lossSum = 0;
        long waitNanos = 0;
        int clips = 0;
        NonFiniteLossException badLoss = null;
        String lossName = objective.loss().name();
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
            if (useSession(accumulate)) {
                // Fast engine: one long-lived training session; the optimiser updates each parameter as soon as its
                // gradient exists (no clipping, no accumulation: see SessionStepper).
                double loss = session().step(objective.feeds().of(b, step, m), lr, step + 1);
                if (!Double.isFinite(loss)) {
                    throw new NonFiniteLossException("loss", loss, step + 1, epoch, index, b.videoIds());
                }
                double millis = (System.nanoTime() - start) / 1e6;
                return new StepResult(step + 1, (step + 1) / (double) ctx.batchesPerEpoch(), lr, loss,
                        session().lastGradientNorm(), clips, millis, waitNanos / 1e6);
            }
            OutAndGrad og = objective.graph().sd().calculateGradientsAndOutputs(objective.feeds().of(b, step, m),
                    List.of(lossName), paramNames());
            double loss = og.getOutputs().get(lossName).getDouble(0);
            if (!Double.isFinite(loss) && badLoss == null) {
                badLoss = new NonFiniteLossException("loss", loss, step + 1, epoch, index, b.videoIds());
                if (replicas.ranks() == 1) {
                    throw badLoss;
                }
            }
            lossSum += loss;
            if (local == 1) {
                grads = og.getGradients();
            } else if (grads == null) {
                grads = new HashMap<>();
                for (Map.Entry<String, INDArray> e : og.getGradients().entrySet()) {
                    grads.put(e.getKey(), e.getValue().dup());
                }
            } else {
                for (Map.Entry<String, INDArray> e : og.getGradients().entrySet()) {
                    grads.get(e.getKey()).addi(e.getValue());
                }
            }
            if (local > 1) {
                // this micro-batch's gradients are summed into copies
                GraphSessions.releaseGradientRun(objective.graph().sd());
            }
        }
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
        if (accumulate > 1) {
            for (INDArray g : grads.values()) {
                g.divi(accumulate);
            }
        }
        double norm = globalNorm(params, grads);
        if (!Double.isFinite(norm)) {
            long batchNo = step * accumulate;
            throw new NonFiniteLossException("gradient norm", norm, step + 1, batchNo / ctx.batchesPerEpoch(),
                    (int) (batchNo % ctx.batchesPerEpoch()), null);
        }
        if (clipNorm > 0 && norm > clipNorm) {
            double scale = clipNorm / (norm + 1e-6);                     // torch.nn.utils.clip_grad_norm_
            for (INDArray g : grads.values()) {
                g.muli(scale);
            }
        }
        optimizer.step(params, grads, lr, step + 1);
        if (local == 1) {
            GraphSessions.releaseGradientRun(objective.graph().sd());   // the gradients were consumed by the optimiser
        }
        replicas.afterUpdate(step + 1, params);
        double millis = (System.nanoTime() - start) / 1e6;
        return new StepResult(step + 1, (step + 1) * accumulate / (double) ctx.batchesPerEpoch(), lr,
                lossSum / accumulate, norm, clips, millis, waitNanos / 1e6);
    }

    private List<String> names;
    private SessionStepper session;


    /** The session engine serves steps that need neither clipping nor accumulation. */
    private boolean useSession(int accumulate) {
        return clipNorm <= 0 && accumulate == 1;
    }

    private SessionStepper session() {
        if (session == null) {
            session = new SessionStepper(objective.graph(), objective.loss(), params, optimizer);
        }
        return session;
    }

    private List<String> paramNames() {
        if (names == null) {
            names = params.stream().map(Param::name).toList();
        }
        return names;
    }

    /** √(Σ‖g‖²) over the parameters' gradients, in parameter order (the same bits on every rank). */
    private static double globalNorm(List<Param> params, Map<String, INDArray> grads) {
        double sq = 0;
        for (Param p : params) {
            sq += Kernels.sumOfSquares(grads.get(p.name()));
        }
        return Math.sqrt(sq);
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
