package org.tubelet.engine;

import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;

/**
 * The registry of {@link FusedNode}s: the one place that knows every fused node, and through which {@link Kernels}
 * recognises, computes, labels and sizes them. A node not listed here is never computed by Tubelet's sessions (libnd4j
 * then refuses it); a node listed here is covered by the engine's tests through its {@link FusedNode#examples()}.
 */
public final class FusedNodes {
    private static final List<FusedNode<?>> ALL = List.of(FusedGelu.NODE, FusedLinear.NODE,
            FusedStackedLinear.NODE, FusedResidualLinear.NODE, FusedAttention.NODE, FusedTokenLayout.NODE,
            RowLayerNorm.NODE);

    private FusedNodes() {
    }

    /** Every registered node. */
    public static List<FusedNode<?>> all() {
        return ALL;
    }

    /**
     * The fused node a graph's op carries (forward or backward), or null for a stock op: for inspecting graphs (an op
     * about to run is recognised from its context's arguments instead).
     */
    public static FusedNode<?> of(DifferentialFunction op) {
        Match<?> m = match(op);
        return m == null ? null : m.node();
    }

    /** The registered node a graph's op carries, recognised by its class and its own integer arguments, or null. */
    static Match<?> match(DifferentialFunction op) {
        if (!(op instanceof DynamicCustomOp custom)) {
            return null;
        }
        return match(op, Arrays.stream(custom.iArgs()).boxed().toList());
    }

    /**
     * The registered node an op about to run carries, recognised by its class and its context's integer arguments, or
     * null. The arguments are read only for a carrier op.
     */
    static Match<?> match(DifferentialFunction op, OpContext ctx) {
        List<Long> iArgs = null;
        for (FusedNode<?> node : ALL) {
            if (node.carrier().isForward(op) || node.carrier().isBackward(op)) {
                iArgs = iArgs == null ? ctx.getIArguments() : iArgs;
                Match<?> m = match(node, op, iArgs);
                if (m != null) {
                    return m;
                }
            }
        }
        return null;
    }

    /** The registered node {@code op} carries, recognised by its class and its integer arguments, or null. */
    private static Match<?> match(DifferentialFunction op, List<Long> iArgs) {
        for (FusedNode<?> node : ALL) {
            Match<?> m = match(node, op, iArgs);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    private static <A> Match<A> match(FusedNode<A> node, DifferentialFunction op, List<Long> iArgs) {
        boolean forward = node.carrier().isForward(op);
        if (!forward && !node.carrier().isBackward(op)) {
            return null;
        }
        A args = node.recognise(iArgs);
        return args == null ? null : new Match<>(node, args, !forward);
    }

    /**
     * A recognised op: the node, its decoded arguments, and whether it is the backward pass.
     */
    record Match<A>(FusedNode<A> node, A args, boolean backward) {
        /** Computes the op's outputs into {@code ctx}'s output arrays. */
        void run(OpContext ctx) {
            if (backward) {
                node.backward(ctx.getInputArrays(), ctx.getOutputArrays(), args);
            } else {
                node.forward(ctx.getInputArrays(), ctx.getOutputArrays().get(0), args);
            }
        }

        /**
         * The shapes of the op's {@code outputs} outputs for {@code inputs}, without libnd4j's shape function: the
         * forward pass's is the node's {@link FusedNode#outputShape} or, where that is null, the first input's (as
         * both carriers' shape functions give); the backward pass's are the gradients of the inputs before dL/dy,
         * each of its input's shape (as {@code softmax_bp}'s and {@code layer_norm_bp}'s).
         */
        List<long[]> outputShapes(List<INDArray> inputs, int outputs) {
            if (!backward) {
                long[] own = node.outputShape(inputs, args);
                return List.of(own != null ? own : inputs.get(0).shape());
            }
            if (outputs >= inputs.size()) {
                throw new IllegalStateException(label() + ": " + outputs + " gradients for " + inputs.size()
                        + " inputs (the last is dL/dy)");
            }
            return inputs.subList(0, outputs).stream().map(INDArray::shape).toList();
        }

        String label() {
            return node.label(backward);
        }
    }
}
