package org.tubelet.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.SessionMemMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseOpContext;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;

/**
 * The op contexts of fused nodes ({@link FusedNodes}), held in Java alone. For every op of every run, SameDiff's
 * sessions fill a native context (libnd4j's {@code Context}): a native call per input array, more for the arguments
 * and outputs, and libnd4j's shape function for the outputs' shapes. A fused node never reaches libnd4j: Tubelet's
 * kernels read its arrays from the context's Java lists, and its outputs' shapes follow from its inputs'
 * ({@link FusedNodes.Match#outputShapes}). So Tubelet's sessions parameterise those ops here, without native calls.
 * In bench-s VideoMAE pretraining's forward pass the shape function and the inputs' native calls were 13 % of the
 * main thread's time (JFR), most of it for fused nodes.
 *
 * <p>One instance per session: it remembers which of the graph's ops are fused nodes, by name (a graph's ops do not
 * change once it runs), and keeps one context per op, as SameDiff does.
 */
final class FusedContexts {
    private final SameDiff sd;
    /** Each op seen so far: its fused node, or empty for a stock op. */
    private final Map<String, Optional<FusedNodes.Match<?>>> matches = new HashMap<>();
    private final Map<String, JavaContext> contexts = new HashMap<>();

    FusedContexts(SameDiff sd) {
        this.sd = sd;
    }

    /** An input variable's array in the current run (the session's {@code getArray}). */
    @FunctionalInterface
    interface InputArrays {
        INDArray of(SDVariable v);
    }

    /**
     * The op and its context, inputs set and outputs allocated by {@code memory}, if {@code opName} is a fused node
     * (in any frame: the session's {@code arrays} resolve the inputs of the frame being run); else null, for the
     * session's own parameterisation.
     *
     * @param arrays the session's arrays of non-placeholder inputs
     * @param placeholders the run's placeholder values
     * @param otherPlaceholders the run's other placeholder values
     * @param requested the variables the caller asked for, whose arrays the session allocates apart
     */
    Pair<SameDiffOp, OpContext> parameterize(String opName, InputArrays arrays,
                                             Map<String, INDArray> placeholders,
                                             Map<String, SDValue> otherPlaceholders, SessionMemMgr memory,
                                             Set<String> requested) {
        if (!Kernels.enabled()) {
            return null;
        }
        SameDiffOp op = sd.getOps().get(opName);
        FusedNodes.Match<?> match = matches.computeIfAbsent(opName,
                n -> Optional.ofNullable(op == null ? null : FusedNodes.match(op.getOp()))).orElse(null);
        if (match == null) {
            return null;
        }
        List<String> inputNames = op.getInputsToOp();
        INDArray[] in = new INDArray[inputNames.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = input(sd.getVariable(inputNames.get(i)), arrays, placeholders, otherPlaceholders);
            if (in[i] == null) {
                throw new IllegalStateException("no array for input " + inputNames.get(i) + " of op " + opName);
            }
        }
        DynamicCustomOp custom = (DynamicCustomOp) op.getOp();
        JavaContext ctx = contexts.computeIfAbsent(opName, n -> new JavaContext());
        ctx.purge();                                   // the session purges it after each run; a failed run did not
        ctx.setArgs(in, custom.iArgs(), custom.dArgs(), custom.tArgs(), custom.bArgs());
        List<String> outputNames = op.getOutputsOfOp();
        List<long[]> shapes = match.outputShapes(ctx.getInputArrays(), outputNames.size());
        INDArray[] out = new INDArray[outputNames.size()];
        for (int i = 0; i < out.length; i++) {
            String name = outputNames.get(i);
            out[i] = memory.allocate(requested.contains(name), sd.getVariable(name).dataType(), shapes.get(i));
        }
        ctx.setOutputArrays(out);
        return new Pair<>(op, ctx);
    }

    private static INDArray input(SDVariable v, InputArrays arrays, Map<String, INDArray> placeholders,
                                  Map<String, SDValue> otherPlaceholders) {
        if (!v.isPlaceHolder()) {
            return arrays.of(v);
        }
        INDArray a = placeholders == null ? null : placeholders.get(v.name());
        if (a == null && otherPlaceholders != null && otherPlaceholders.containsKey(v.name())) {
            a = otherPlaceholders.get(v.name()).getTensorValue();
        }
        return a;
    }

    /** An op context of Java lists only: what Tubelet's kernels read and write. libnd4j cannot run it. */
    private static final class JavaContext extends BaseOpContext {
        private Pair<Long, Long> rngStates = Pair.of(0L, 0L);

        @Override
        public void setRngStates(long rootState, long nodeState) {
            rngStates = Pair.of(rootState, nodeState);
        }

        @Override
        public Pair<Long, Long> getRngStates() {
            return rngStates;
        }

        /** None: libnd4j never gets this context. */
        @Override
        public Pointer contextPointer() {
            return null;
        }

        @Override
        public void markInplace(boolean reallyInplace) {
        }

        @Override
        public void allowHelpers(boolean reallyAllow) {
        }

        @Override
        public void shapeFunctionOverride(boolean reallyOverride) {
        }

        @Override
        public void close() {
            purge();
        }
    }
}
