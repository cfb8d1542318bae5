package org.tubelet.train.loop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.internal.TrainingSession;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;
import org.tubelet.engine.Dl4jConsole;
import org.tubelet.engine.GraphSessions;
import org.tubelet.engine.KernelTrainingSession;
import org.tubelet.engine.Kernels;
import org.tubelet.engine.NativeHeap;
import org.tubelet.engine.SessionArrays;
import org.tubelet.models.ModelGraph;
import org.tubelet.train.optim.Optimizer;
import org.tubelet.train.optim.Param;

/**
 * Training steps through one long-lived SameDiff {@link TrainingSession} — the engine {@code sd.fit} uses, which
 * reuses arrays between steps and applies each parameter's update as soon as its gradient exists. Measured on
 * "bench-s" (BENCHMARKS.md, "Gradient sums in the training session") it needs a third less native memory than
 * computing all gradients with {@code calculateGradients} and updating afterwards, at the same speed.
 *
 * <p>Two ways to use it:
 * <ul>
 *   <li>{@link #step}: the update itself is Tubelet's {@link Optimizer} (same maths as {@link Optimizer#step}): each
 *       parameter's gradient is handed to {@link Optimizer#update} as soon as the session has it
 *       ({@link KernelTrainingSession#sinkGradients}), which updates the parameter, in one pass for AdamW. SameDiff's
 *       own way — the optimiser turns the gradient into the step, the session subtracts it with libnd4j — read and
 *       wrote every parameter once more (bench-s TimeSformer: 21 ms of a 1.5 s step); the result is the same to the
 *       bit.</li>
 *   <li>{@link #accumulate}: for a step that needs all gradients before any update (global-norm clipping, gradient
 *       accumulation over micro-batches, the sum over ranks). The session hands each gradient to this stepper
 *       ({@link KernelTrainingSession#sinkGradients}), which adds it to its sum ({@link #sums}, one array per
 *       parameter, as PyTorch's {@code .grad}) and leaves the parameter alone; the caller then updates with
 *       {@link Optimizer#step}. This replaced {@code calculateGradients}, which held every gradient of a micro-batch
 *       at once (BENCHMARKS.md, "Gradient sums in the training session").</li>
 * </ul>
 */
public final class SessionStepper {
    private final SameDiff gradFunction;
    private final KernelTrainingSession session;
    private final TrainingConfig config;
    private final List<Param> params;
    private final Optimizer optimizer;
    /** The trained parameters by name, in the caller's order (the names are what the session trains). */
    private final Map<String, Param> byName = new LinkedHashMap<>();
    private final List<String> lossVariables;
    private final List<Listener> listeners;
    /**
     * Each parameter's gradient summed over the micro-batches of the step, by name (see {@link #accumulate}); made
     * on first use. A parameter off the loss's path gets no gradient, so its sum stays zero.
     */
    private final Map<String, INDArray> sums = new LinkedHashMap<>();
    private double lr;
    private long t;
    private double gradientSquares;
    private double lastGradientNorm = Double.NaN;
    private final NativeHeap.Trimmer trimmer = NativeHeap.Trimmer.forThisProcess();

    public SessionStepper(ModelGraph g, SDVariable loss, List<Param> params, Optimizer optimizer) {
        this(g, loss, params, optimizer, List.of());
    }

    /** As above, with SameDiff listeners called during every step (e.g. {@link OpTimings}). */
    public SessionStepper(ModelGraph g, SDVariable loss, List<Param> params, Optimizer optimizer,
                          List<Listener> listeners) {
        List<Listener> all = new ArrayList<>(g.sd().getListeners());   // e.g. the seeder of dropout's random ops
        listeners.stream().filter(l -> !all.contains(l)).forEach(all::add);
        this.listeners = List.copyOf(all);
        SameDiff sd = g.sd();
        sd.setLossVariables(loss);
        this.config = TrainingConfig.builder()
                .updater(new Sgd(0.0))
                .dataSetFeatureMapping(placeholderNames(g))
                .markLabelsUnused()
                // Makes the session compute the loss itself (its backward pass does not need it): without this the
                // reported loss is 0 in 1.0.0-M2.1 (DL4J issues #9684, #9806).
                .trainEvaluation(loss.name(), 0)
                .build();
        sd.setTrainingConfig(config);
        Dl4jConsole.createGradFunction(sd);            // again for the new loss config, without its console lines
        this.gradFunction = GraphSessions.gradientFunction(sd);
        gradFunction.setTrainingConfig(config);
        this.session = Kernels.trainingSession(gradFunction);
        this.params = List.copyOf(params);
        this.optimizer = optimizer;
        for (Param p : params) {
            byName.put(p.name(), p);
        }
        this.lossVariables = List.of(loss.name());
    }

    /**
     * One optimiser step on one batch.
     *
     * @param feeds placeholder values
     * @param learningRate lr of this step
     * @param step 1-based update number
     * @return the loss of the batch (before the update)
     */
    public double step(Map<String, INDArray> feeds, double learningRate, long step) {
        this.lr = learningRate;
        this.t = step;
        this.gradientSquares = 0;
        double loss = run(feeds, step, this::update);
        lastGradientNorm = Math.sqrt(gradientSquares);
        return loss;
    }

    /**
     * One micro-batch's forward and backward pass without an update: each parameter's gradient is added to its sum
     * in {@link #sums}; the step's first micro-batch replaces the sums. The parameters keep their values.
     *
     * @param feeds placeholder values
     * @param first true for the first micro-batch of an optimiser step
     * @param step 1-based update number (for the session's listeners)
     * @return the loss of the micro-batch
     */
    public double accumulate(Map<String, INDArray> feeds, boolean first, long step) {
        if (sums.isEmpty()) {
            params.forEach(p -> sums.put(p.name(), p.value().ulike().assign(0)));
        }
        return run(feeds, step, (param, gradient) -> Kernels.sumInto(gradient, sums.get(param), first));
    }

    /**
     * The gradients summed by {@link #accumulate} since its last {@code first} micro-batch, by parameter name: this
     * stepper's own arrays, which the caller may scale in place and hand to {@link Optimizer#step}.
     */
    public Map<String, INDArray> sums() {
        return Collections.unmodifiableMap(sums);
    }

    /** One parameter's gradient in {@link #step}: its squares for the norm, then the optimiser's update. */
    private void update(String param, INDArray gradient) {
        Param p = byName.get(param);
        gradientSquares += Kernels.sumOfSquares(gradient);
        optimizer.update(p, gradient, 1, p.lr(lr), t);
    }

    /** One training iteration, each parameter's gradient handed to {@code sink} (the session updates nothing). */
    private double run(Map<String, INDArray> feeds, long step, KernelTrainingSession.GradientSink sink) {
        session.sinkGradients(sink);
        At at = At.builder().epoch(0).iteration((int) Math.min(Integer.MAX_VALUE, step)).operation(Operation.TRAINING)
                .build();
        double loss = session.trainingIteration(config, feeds, byName.keySet(), Map.of(), null, lossVariables, listeners,
                at).getLosses()[0];
        SessionArrays.release(session, gradFunction);   // else they wait for the garbage collector
        trimmer.afterStep();                            // with -Dtubelet.malloc.trim=true: malloc's kept memory back
        return loss;
    }

    /** The intermediate arrays of the last step that are not back in the session's cache (see SessionArrays). */
    List<INDArray> leftovers() {
        return SessionArrays.leftovers(session, gradFunction);
    }

    /** The arrays in the session's cache between steps (for tests: steady state means the same arrays every step). */
    Set<INDArray> cachedArrays() {
        Set<INDArray> out = Collections.newSetFromMap(new IdentityHashMap<>());
        if (session.getMmgr() instanceof ArrayCacheMemoryMgr cache) {
            out.addAll(cache.getLruCacheValues().values());
        }
        return out;
    }

    /** Global L2 norm of the last {@link #step}'s gradients (before the update), as {@link Trainer} computes it. */
    public double lastGradientNorm() {
        return lastGradientNorm;
    }

    private static List<String> placeholderNames(ModelGraph g) {
        List<String> names = new ArrayList<>();
        for (SDVariable v : g.sd().variables()) {
            if (v.isPlaceHolder()) {
                names.add(v.name());
            }
        }
        return names;
    }
}
