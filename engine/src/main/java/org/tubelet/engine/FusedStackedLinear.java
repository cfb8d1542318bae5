package org.tubelet.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fully connected layers of one input side by side, {@code y = x·[W₁; …; Wₙ]ᵀ + [b₁, …, bₙ]} (each W of PyTorch's
 * shape [out_i, in]), as one graph op: attention's query, key and value projections, which Hugging Face's ViT family
 * keeps as three layers. Written out, the layers' weights and biases are concatenated into one matrix on every run (a
 * {@code concat} of 1.7 MB per layer of ViT-S, and in training a split of its gradient); here {@link FusedLinear}'s
 * kernel fills the output with the biases and BLAS adds each layer's product into its block of columns, and the
 * backward pass computes each weight's gradient from its block of dL/dy, without a concatenated copy.
 *
 * <p>The node is a stock {@code concat} of (x, W₁…Wₙ, b₁…bₙ) whose axis is {@link #MARKER} (out of range to libnd4j,
 * which so refuses to run it); its backward, {@code concat_bp}, has an output of each input's shape, which are the
 * gradients' shapes. The forward output's shape is [M, Σ out_i] ({@link #outputShape}).
 */
public final class FusedStackedLinear implements FusedNode<FusedStackedLinear.Args> {
    /** The node, as registered in {@link FusedNodes}. */
    public static final FusedStackedLinear NODE = new FusedStackedLinear();

    /** Marks a {@code concat} node as stacked linear layers: its axis. */
    static final int MARKER = 0x5442534c;   // "TBSL"

    /** The layer count follows from the inputs (x, n weights, n biases). */
    public enum Args {
        NONE
    }

    private FusedStackedLinear() {
    }

    /**
     * The fused node.
     *
     * @param x [M, in]
     * @param weights [out_i, in] each
     * @param biases [out_i] each, as many as weights
     * @return [M, Σ out_i]
     */
    public static SDVariable node(SDVariable x, SDVariable[] weights, SDVariable[] biases) {
        if (weights.length == 0 || weights.length != biases.length) {
            throw new IllegalArgumentException("stacked linear layers need one bias per weight, got "
                    + weights.length + " weights and " + biases.length + " biases");
        }
        SDVariable[] inputs = new SDVariable[1 + 2 * weights.length];
        inputs[0] = x;
        System.arraycopy(weights, 0, inputs, 1, weights.length);
        System.arraycopy(biases, 0, inputs, 1 + weights.length, biases.length);
        return NODE.build(Args.NONE, inputs);
    }

    @Override
    public String name() {
        return "linear_stacked";
    }

    @Override
    public Carrier carrier() {
        return Carrier.CONCAT;
    }

    @Override
    public int[] encode(Args args, SDVariable... inputs) {
        return new int[] {MARKER};
    }

    @Override
    public Args recognise(List<Long> iArgs) {
        return iArgs.size() == 1 && iArgs.get(0) == MARKER ? Args.NONE : null;
    }

    /** [M, Σ out_i]: libnd4j's shape function cannot give it (the concat's axis is the marker). */
    @Override
    public long[] outputShape(List<INDArray> inputs, Args args) {
        int layers = layers(inputs.size());
        long out = 0;
        for (int i = 0; i < layers; i++) {
            out += inputs.get(1 + i).size(0);
        }
        return new long[] {inputs.get(0).size(0), out};
    }

    /** Inputs x, W₁…Wₙ, b₁…bₙ; output y. */
    @Override
    public void forward(List<INDArray> inputs, INDArray output, Args args) {
        int layers = layers(inputs.size());
        FusedLinear.forward(inputs.get(0), inputs.subList(1, 1 + layers), inputs.subList(1 + layers, 1 + 2 * layers),
                output);
    }

    /** Inputs x, W₁…Wₙ, b₁…bₙ, dL/dy; outputs dL/dx, dL/dW₁…dL/dWₙ, dL/db₁…dL/dbₙ. */
    @Override
    public void backward(List<INDArray> inputs, List<INDArray> outputs, Args args) {
        int layers = layers(inputs.size() - 1);
        FusedLinear.backward(inputs.get(0), inputs.subList(1, 1 + layers), inputs.get(inputs.size() - 1),
                outputs.get(0), outputs.subList(1, 1 + layers), outputs.subList(1 + layers, 1 + 2 * layers));
    }

    /** Query, key and value of ViT-S's width; three layers of different widths; a tiny odd-sized pair. */
    @Override
    public List<Example<Args>> examples() {
        List<Example<Args>> examples = new ArrayList<>();
        for (int[] size : new int[][] {{80, 384, 384, 384, 384}, {300, 96, 150, 40, 7}, {7, 40, 3, 5}}) {
            Nd4j.getRandom().setSeed(8);
            int m = size[0];
            int in = size[1];
            int layers = size.length - 2;
            List<INDArray> inputs = new ArrayList<>();
            inputs.add(Nd4j.randn(DataType.FLOAT, m, in));
            for (int i = 0; i < layers; i++) {
                inputs.add(Nd4j.randn(DataType.FLOAT, size[2 + i], in).muli(0.1));
            }
            for (int i = 0; i < layers; i++) {
                inputs.add(Nd4j.linspace(DataType.FLOAT, -0.3 + 0.1 * i, 0.01, size[2 + i]));
            }
            examples.add(new Example<>("linear_stacked " + Arrays.toString(size), Args.NONE, inputs, (sd, v) -> {
                SDVariable w = sd.concat(0, v.subList(1, 1 + layers).toArray(new SDVariable[0]));
                SDVariable b = sd.concat(0, v.subList(1 + layers, 1 + 2 * layers).toArray(new SDVariable[0]));
                return sd.mmul(v.get(0), w, false, true, false).add(b);
            }));
        }
        return examples;
    }

    /** The layer count n of a node with {@code inputs} = 1 + 2n inputs. */
    private static int layers(int inputs) {
        if (inputs < 3 || inputs % 2 == 0) {
            throw new IllegalStateException("stacked linear layers take x, n weights and n biases, got " + inputs
                    + " inputs");
        }
        return (inputs - 1) / 2;
    }
}
