package org.tubelet.engine;

import java.util.List;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Concat;
import org.nd4j.linalg.api.ops.impl.shape.bp.ConcatBp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LayerNorm;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LayerNormBp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SoftmaxBp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fused node: one graph op (and one backward op) that only Tubelet's sessions compute, in place of the many stock
 * ops of its written-out form.
 *
 * <p>SameDiff clones a graph through FlatBuffers before deriving its gradient, which keeps only stock op classes and
 * their arguments, so a fused node is a stock op (its {@link Carrier}) whose integer arguments carry a marker and the
 * node's own arguments ({@link #encode}, {@link #recognise}). SameDiff derives the carrier's backward op with the same
 * integer arguments, so the backward pass is recognised the same way. libnd4j must refuse every such op: the marker is
 * an out-of-range axis to it, so it fails rather than computing the carrier's softmax or layer norm.
 *
 * <p>Nodes are registered in {@link FusedNodes}; {@link Kernels} dispatches through that registry only.
 *
 * @param <A> the node's decoded arguments (e.g. the GELU form, the attention's sequence length and heads)
 */
public interface FusedNode<A> {

    /** What the node computes, for profiles ({@code gelu}, {@code linear}, ...); its backward is {@code name_bp}. */
    String name();

    /** The stock op that carries the node in graphs. */
    Carrier carrier();

    /**
     * The integer arguments of the carrier op for a node of {@code args} on {@code inputs}: a marker and the encoded
     * arguments. {@link #recognise} must give {@code args} back (up to float rounding) and null for any other op's.
     */
    int[] encode(A args, SDVariable... inputs);

    /** The arguments if a carrier op's integer arguments mark this node, else null (another node or a stock op). */
    A recognise(List<Long> iArgs);

    /**
     * Computes the forward pass.
     *
     * @param inputs the node's inputs, as {@link #build} was given them
     * @param output the output array, allocated by the session (of {@link #outputShape}'s shape where that is given)
     */
    void forward(List<INDArray> inputs, INDArray output, A args);

    /**
     * Computes the backward pass, the carrier's backward op.
     *
     * @param inputs the node's inputs, then dL/dy
     * @param outputs the gradients of the node's inputs, in input order (allocated by the session)
     */
    void backward(List<INDArray> inputs, List<INDArray> outputs, A args);

    /**
     * The forward output's shape, or null (the default) for the first input's. Tubelet's sessions allocate the
     * outputs from it ({@link FusedContexts}), never from the carrier's shape function; a backward output has its
     * input's shape.
     */
    default long[] outputShape(List<INDArray> inputs, A args) {
        return null;
    }

    /** The name of the op in profiles: {@code name (fused)} or {@code name_bp (fused)}. */
    default String label(boolean backward) {
        return name() + (backward ? "_bp" : "") + " (fused)";
    }

    /** Adds the node to {@code inputs}' graph. */
    default SDVariable build(A args, SDVariable... inputs) {
        return carrier().node(inputs, encode(args, inputs));
    }

    /**
     * Example calls for the engine's tests, each with the same function written out in stock ops: every registered
     * node is checked against them (forward, gradients, libnd4j's refusal) without a test of its own. Cover the
     * arguments and shapes that take different paths through the kernel. Examples draw their inputs from ND4J's
     * random generator with seeds of their own (it is reseeded): call this from tests only.
     */
    List<Example<A>> examples();

    /**
     * One example call.
     *
     * @param description names the case in test reports
     * @param args the node's arguments
     * @param inputs the input arrays (float32; every input is differentiable)
     * @param reference the node written out in stock ops
     */
    record Example<A>(String description, A args, List<INDArray> inputs, Reference reference) {
        @Override
        public String toString() {
            return description;
        }
    }

    /** The stock ops that carry fused nodes: a forward op class, the backward op class SameDiff derives from it. */
    enum Carrier {
        /** {@code softmax} of one input, backward {@code softmax_bp}; the integer arguments are the axis. */
        SOFTMAX(SoftMax.class, SoftmaxBp.class) {
            @Override
            SDVariable node(SDVariable[] inputs, int[] iArgs) {
                return new SoftMax(inputs[0].getSameDiff(), inputs, iArgs[0]).outputVariable();
            }
        },
        /**
         * {@code layer_norm} of three inputs, backward {@code layer_norm_bp} (outputs of the three inputs' shapes);
         * the integer arguments are the axes.
         */
        LAYER_NORM(LayerNorm.class, LayerNormBp.class) {
            @Override
            SDVariable node(SDVariable[] inputs, int[] iArgs) {
                return new LayerNorm(inputs[0].getSameDiff(), inputs[0], inputs[1], inputs[2], false, iArgs)
                        .outputVariable();
            }
        },
        /**
         * {@code concat} of any number of inputs, backward {@code concat_bp} (an output of each input's shape); the
         * integer argument is the axis.
         */
        CONCAT(Concat.class, ConcatBp.class) {
            @Override
            SDVariable node(SDVariable[] inputs, int[] iArgs) {
                return new Concat(inputs[0].getSameDiff(), iArgs[0], inputs).outputVariable();
            }
        };

        /**
         * A carrier op of one input on this carrier's three, (x, anchor, anchor): the anchor is a scalar constant of
         * x's graph, whose gradients the node's backward sets to zero ({@link #zeroAnchorGradients}) and SameDiff
         * drops. (A layer norm without its bias has two inputs, but SameDiff loses track of the missing one when it
         * clones the graph.)
         */
        SDVariable anchored(SDVariable x, int[] iArgs) {
            if (this != LAYER_NORM) {
                throw new IllegalStateException("only a layer norm carries a node of anchored inputs, not " + this);
            }
            SDVariable anchor = x.getSameDiff().constant(Nd4j.scalar(x.dataType(), 0));
            return node(new SDVariable[] {x, anchor, anchor}, iArgs);
        }

        /** Zeroes the anchors' gradients, outputs 1 and 2 of an {@link #anchored} node's backward op. */
        static void zeroAnchorGradients(List<INDArray> outputs) {
            outputs.get(1).assign(0);
            outputs.get(2).assign(0);
        }

        private final Class<? extends DifferentialFunction> forward;
        private final Class<? extends DifferentialFunction> backward;

        Carrier(Class<? extends DifferentialFunction> forward, Class<? extends DifferentialFunction> backward) {
            this.forward = forward;
            this.backward = backward;
        }

        /** Whether {@code op} is this carrier's forward op. */
        public boolean isForward(DifferentialFunction op) {
            return forward.isInstance(op);
        }

        /** Whether {@code op} is this carrier's backward op. */
        public boolean isBackward(DifferentialFunction op) {
            return backward.isInstance(op);
        }

        /** A carrier op of {@code inputs} with these integer arguments, added to their graph. */
        abstract SDVariable node(SDVariable[] inputs, int[] iArgs);
    }

    /** A node's function written out in stock ops. */
    @FunctionalInterface
    interface Reference {
        /** The output for {@code inputs}, variables of {@code sd} in the node's input order. */
        SDVariable build(SameDiff sd, List<SDVariable> inputs);
    }
}
