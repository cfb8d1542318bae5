package org.tubelet.engine;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.config.ExecutionResult;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.autodiff.samediff.internal.FrameIter;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.TrainingSession;
import org.nd4j.common.base.Preconditions;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * SameDiff's training session, with {@link Kernels} in place of the native ops they cover and the fused nodes'
 * contexts in Java ({@link FusedContexts}), for
 * {@link #trainingIteration} only: its {@link #output} computes what it is asked for and returns nothing.
 */
public class KernelTrainingSession extends TrainingSession {
    /** The names {@link #output} was asked for in this run: the parameters' gradients. */
    private Set<String> requested = Set.of();

    private final SubgraphCache subgraphs = new SubgraphCache();
    private final FusedContexts fused;

    /** Where the gradients go instead of SameDiff's updates; null: SameDiff updates the parameters. */
    private GradientSink sink;

    /** Receives each parameter's gradient, in place of the updater and the update. */
    @FunctionalInterface
    public interface GradientSink {
        /**
         * @param param the parameter's name
         * @param gradient its gradient, valid during the call only (it goes back to the array cache afterwards)
         */
        void accept(String param, INDArray gradient);
    }

    public KernelTrainingSession(SameDiff sameDiff) {
        super(sameDiff);
        setMmgr(new ArrayCache());
        fused = new FusedContexts(sameDiff);
    }

    @Override
    public ExecutionResult doExec(DifferentialFunction op, OpContext opContext, FrameIter outputFrameIter,
                                  Set<VarId> opInputs, Set<VarId> allIterInputs, Set<String> constAndPhInputs,
                                  Map<String, SDValue> otherPlaceHolders) {
        ExecutionResult r = Kernels.tryExecute(op, opContext);
        return r != null ? r
                : super.doExec(op, opContext, outputFrameIter, opInputs, allIterInputs, constAndPhInputs,
                        otherPlaceHolders);
    }

    @Override
    public Pair<SameDiffOp, OpContext> getAndParameterizeOp(String opName, FrameIter frameIter, Set<VarId> opInputs,
                                                           Set<VarId> allIterInputs, Set<String> constAndPhInputs,
                                                           Map<String, INDArray> placeholderValues,
                                                           Set<String> allReqVariables,
                                                           Map<String, SDValue> otherPlaceholders) {
        // allReqVariables is empty (see output): every output, the gradients too, comes from the array cache
        Pair<SameDiffOp, OpContext> javaOnly = fused.parameterize(opName, v -> getArray(v, opInputs, allIterInputs),
                placeholderValues, otherPlaceholders, getMmgr(), allReqVariables);
        return javaOnly != null ? javaOnly
                : super.getAndParameterizeOp(opName, frameIter, opInputs, allIterInputs, constAndPhInputs,
                        placeholderValues, allReqVariables, otherPlaceholders);
    }

    /**
     * From the next run on, each parameter's gradient goes to {@code sink} as soon as it exists, and the session
     * neither calls the updaters nor changes the parameters (for a step that needs all gradients before any
     * update); null: SameDiff's updates again.
     */
    public void sinkGradients(GradientSink sink) {
        this.sink = sink;
    }

    /**
     * Runs the op and, through SameDiff's training session, applies the update of each parameter whose gradient it
     * computed (or hands the gradient to the {@link #sinkGradients sink}); then gives those gradients back to the
     * array cache. SameDiff keeps a requested output until the run ends, so all of a step's gradients took memory at
     * once (bench-s VideoMAE pretraining: 96 MB, ViViT-B: 351 MB); here each one is free for the next ops as soon as
     * its update is done. A gradient that is an alias of the op's input or a view is left alone.
     */
    @Override
    public ExecutionResult getOutputs(Pair<SameDiffOp, OpContext> opPair, FrameIter outputFrameIter,
                                      Set<VarId> opInputs, Set<VarId> allIterInputs, Set<String> constAndPhInputs,
                                      List<Listener> listeners, At at, MultiDataSet batch,
                                      Set<String> allReqVariables, Map<String, SDValue> otherPlaceHolders) {
        List<String> outputs = opPair.getFirst().getOutputsOfOp();
        boolean gradients = false;
        for (String o : outputs) {
            gradients |= requested.contains(o);
        }
        List<INDArray> inputs = gradients && opPair.getSecond() != null
                ? List.copyOf(opPair.getSecond().getInputArrays()) : List.of();
        Map<String, String> params = gradVarToVarMap;       // gradient name → parameter name
        if (sink != null && gradients) {
            gradVarToVarMap = Map.of();                     // SameDiff's update finds no gradient
        }
        ExecutionResult out;
        try {
            // The gradients count as requested, or SameDiff would free them before the update (nothing uses them)
            out = super.getOutputs(opPair, outputFrameIter, opInputs, allIterInputs, constAndPhInputs, listeners, at,
                    batch, requested, otherPlaceHolders);
        } finally {
            gradVarToVarMap = params;
        }
        if (!gradients || !out.hasSingle()) {
            Preconditions.checkState(!gradients || sink == null, "op %s returned its gradients as values",
                    opPair.getFirst().getName());
            return out;
        }
        for (int i = 0; i < outputs.size(); i++) {
            INDArray g = out.resultAt(i);
            if (!requested.contains(outputs.get(i)) || g == null) {
                continue;
            }
            if (sink != null) {
                sink.accept(params.get(outputs.get(i)), g);
            }
            if (!g.isView() && !g.wasClosed() && inputs.stream().noneMatch(in -> in != null && in.data() == g.data())) {
                ArrayCache.release(getMmgr(), g);
            }
        }
        return out;
    }

    /**
     * The run of a training iteration, which SameDiff's {@code trainingIteration} asks for with every gradient as a
     * requested output and whose result it does not use. In 1.0.0-M2.1 {@code output} checks each requested name
     * against a new copy of the graph's whole variable map: about 230 gradients times 1,300 variables a bench-s
     * pretraining step, a third of a training run's Java garbage. Here the names are checked with one lookup each and
     * the run gets them as activations, which {@link #getOutputs} frees once their updates are done. Returns
     * nothing.
     */
    @Override
    public Map<String, INDArray> output(List<String> variables, Map<String, INDArray> placeholderValues,
                                        MultiDataSet batch, Collection<String> requiredActivations,
                                        List<Listener> listeners, At at) {
        for (String s : variables) {
            Preconditions.checkState(sameDiff.hasVariable(s),
                    "Requested output variable %s does not exist in SameDiff instance", s);
        }
        requested = new HashSet<>(variables);
        Set<String> all = new LinkedHashSet<>(variables);
        if (requiredActivations != null) {
            all.addAll(requiredActivations);
        }
        super.output(List.of(), placeholderValues, Map.of(), batch, all, listeners, at);
        return Map.of();
    }

    /** As SameDiff's, but the walk is done once while the graph and the requested variables stay the same. */
    @Override
    protected void initSubgraph(Set<String> variables) {
        subgraphs.fill(sameDiff, variables, subgraph, subgraphOps, zeroInputOpsInSubgraph, super::initSubgraph);
    }
}
