package org.tubelet.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully connected layer that ends a residual branch, {@code y = r + x·Wᵀ + b} (W of PyTorch's shape [out, in], r of
 * y's shape), as one graph op: a transformer layer's attention output projection and its second MLP layer, whose
 * outputs are added to the layer's input. {@link FusedLinear}'s kernel fills y with the rows of {@code r + b} in the
 * pass that would fill it with the bias alone, and BLAS adds {@code x·Wᵀ} ({@code beta = 1}); the backward pass copies
 * {@code dL/dr = dL/dy} in the pass that sums the bias gradient. Written out, that is one more {@code add} forward and
 * {@code add_bp} backward per branch, each a pass over the activations and an op of the engine (32 of a bench-s
 * VideoMAE pretraining forward pass, 24 of ViViT's). The sums are in another order than {@code r + (x·Wᵀ + b)}: the
 * same up to float rounding.
 *
 * <p>The node is a stock {@code concat} of (x, W, b, r) whose axis is {@link #MARKER} (out of range to libnd4j, which
 * so refuses to run it), like {@link FusedStackedLinear}'s; its backward, {@code concat_bp}, has an output of each
 * input's shape, which are the gradients' shapes. The forward output's shape is r's.
 */
public final class FusedResidualLinear implements FusedNode<FusedResidualLinear.Args> {
    /** The node, as registered in {@link FusedNodes}. */
    public static final FusedResidualLinear NODE = new FusedResidualLinear();

    /** Marks a {@code concat} node as a linear layer with a residual: its axis. */
    static final int MARKER = 0x5442524c;   // "TBRL"

    /** The node has no arguments besides its inputs. */
    public enum Args {
        NONE
    }

    private FusedResidualLinear() {
    }

    /**
     * The fused node.
     *
     * @param x [M, in]
     * @param weight [out, in]
     * @param bias [out]
     * @param residual [M, out]
     * @return [M, out]
     */
    public static SDVariable node(SDVariable x, SDVariable weight, SDVariable bias, SDVariable residual) {
        return NODE.build(Args.NONE, x, weight, bias, residual);
    }

    @Override
    public String name() {
        return "linear_residual";
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

    /** The residual's [M, out]: libnd4j's shape function cannot give it (the concat's axis is the marker). */
    @Override
    public long[] outputShape(List<INDArray> inputs, Args args) {
        return inputs.get(3).shape();
    }

    /** Inputs x, W, b, r; output y. */
    @Override
    public void forward(List<INDArray> inputs, INDArray output, Args args) {
        FusedLinear.forward(inputs.get(0), List.of(inputs.get(1)), List.of(inputs.get(2)), inputs.get(3), output);
    }

    /** Inputs x, W, b, r, dL/dy; outputs dL/dx, dL/dW, dL/db, dL/dr. */
    @Override
    public void backward(List<INDArray> inputs, List<INDArray> outputs, Args args) {
        FusedLinear.backward(inputs.get(0), List.of(inputs.get(1)), inputs.get(4), outputs.get(0),
                List.of(outputs.get(1)), List.of(outputs.get(2)), outputs.get(3));
    }

    /** Rows × in × out: ViT-S's attention output projection and second MLP layer, and a tiny odd-sized layer. */
    @Override
    public List<Example<Args>> examples() {
        List<Example<Args>> examples = new ArrayList<>();
        for (int[] size : new int[][] {{80, 384, 384}, {300, 150, 96}, {7, 40, 3}}) {
            Nd4j.getRandom().setSeed(9);
            INDArray x = Nd4j.randn(DataType.FLOAT, size[0], size[1]);
            INDArray weight = Nd4j.randn(DataType.FLOAT, size[2], size[1]).muli(0.1);
            INDArray bias = Nd4j.linspace(DataType.FLOAT, -0.3, 0.01, size[2]);
            INDArray residual = Nd4j.randn(DataType.FLOAT, size[0], size[2]);
            examples.add(new Example<>("linear_residual " + Arrays.toString(size), Args.NONE,
                    List.of(x, weight, bias, residual),
                    (sd, in) -> in.get(3).add(sd.mmul(in.get(0), in.get(1), false, true, false).add(in.get(2)))));
        }
        return examples;
    }
}
