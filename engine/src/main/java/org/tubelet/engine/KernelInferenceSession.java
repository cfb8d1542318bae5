package org.tubelet.engine;

import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.config.ExecutionResult;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.autodiff.samediff.internal.FrameIter;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;

/**
 * SameDiff's inference session, with {@link Kernels} in place of the native ops they cover, and the fused nodes'
 * contexts in Java ({@link FusedContexts}).
 */
public class KernelInferenceSession extends InferenceSession {
    private final SubgraphCache subgraphs = new SubgraphCache();
    private final FusedContexts fused;

    public KernelInferenceSession(SameDiff sameDiff) {
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
        Pair<SameDiffOp, OpContext> javaOnly = fused.parameterize(opName, v -> getArray(v, opInputs, allIterInputs),
                placeholderValues, otherPlaceholders, getMmgr(), allReqVariables);
        return javaOnly != null ? javaOnly
                : super.getAndParameterizeOp(opName, frameIter, opInputs, allIterInputs, constAndPhInputs,
                        placeholderValues, allReqVariables, otherPlaceholders);
    }

    /** As SameDiff's, but the walk is done once while the graph and the requested variables stay the same. */
    @Override
    protected void initSubgraph(Set<String> variables) {
        subgraphs.fill(sameDiff, variables, subgraph, subgraphOps, zeroInputOpsInSubgraph, super::initSubgraph);
    }
}
