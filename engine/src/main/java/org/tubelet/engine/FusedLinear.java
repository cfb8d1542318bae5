package org.tubelet.engine;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully connected layer with its bias, {@code y = x·Wᵀ + b} (W of PyTorch's shape [out, in]), as one graph op, and
 * its backward pass as one more, instead of a {@code matmul} and an {@code add} forward and a {@code matmul_bp} and an
 * {@code add_bp} backward. The bias goes into the product itself: the output is filled with the bias rows and BLAS
 * adds {@code x·Wᵀ} to it ({@code beta = 1}), as PyTorch's {@code addmm} does, which saves a pass over the output
 * and an op of the engine per layer.
 *
 * <p>SameDiff derives gradients on a clone that keeps only stock op classes, so the node is a stock op carrying a
 * marker, like {@link RowLayerNorm}'s: a {@code layer_norm} of (x, W, b) whose integer arguments are {1, {@link
 * #MARKER}}. Its backward, a {@code layer_norm_bp} of (x, W, b, dL/dy), has outputs of the shapes of x, W and b,
 * which are exactly the gradients' shapes. Only the forward output's shape differs from a layer norm's: [M, out]
 * instead of x's [M, in]; Tubelet's sessions allocate it ({@link
 * #outputShape(List, Args)}). libnd4j must never run these nodes:
 * to it the marker is an out-of-range axis, so it fails rather than computing a layer norm.
 */
public final class FusedLinear implements FusedNode<FusedLinear.Args> {
    /** The node, as registered in {@link FusedNodes}. */
    public static final FusedLinear NODE = new FusedLinear();

    /** Marks a {@code layer_norm} node as a fused linear layer: iArgs are {1, MARKER}. */
    static final int MARKER = 0x54424c49;   // "TBLI"

    /** A fused linear node has no arguments besides its inputs. */
    public enum Args {
        NONE
    }

    private FusedLinear() {
    }

    /**
     * The fused node.
     *
     * @param x [M, in]
     * @param weight [out, in]
     * @param bias [out]
     * @return [M, out]
     */
    public static SDVariable node(SDVariable x, SDVariable weight, SDVariable bias) {
        return NODE.build(Args.NONE, x, weight, bias);
    }

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public Carrier carrier() {
        return Carrier.LAYER_NORM;
    }

    @Override
    public int[] encode(Args args, SDVariable... inputs) {
        return new int[] {1, MARKER};
    }

    /** Whether a {@code layer_norm}/{@code layer_norm_bp} op's integer arguments mark a fused linear node. */
    @Override
    public Args recognise(List<Long> iArgs) {
        return iArgs.size() == 2 && iArgs.get(1) == MARKER ? Args.NONE : null;
    }

    /** Inputs x, W, b; output y. */
    @Override
    public void forward(List<INDArray> inputs, INDArray output, Args args) {
        forward(inputs.get(0), inputs.get(1), inputs.get(2), output);
    }

    /** Inputs x, W, b, dL/dy; outputs dL/dx, dL/dW, dL/db. */
    @Override
    public void backward(List<INDArray> inputs, List<INDArray> outputs, Args args) {
        backward(inputs.get(0), inputs.get(1), inputs.get(3), outputs.get(0), outputs.get(1), outputs.get(2));
    }

    /** [M, out] for x [M, in] and W [out, in]: a layer norm's would be x's [M, in]. */
    @Override
    public long[] outputShape(List<INDArray> inputs, Args args) {
        return new long[] {inputs.get(0).size(0), inputs.get(1).size(0)};
    }

    /** Rows × in × out: more outputs than inputs, a square layer of ViT's width, and a tiny odd-sized one. */
    @Override
    public List<Example<Args>> examples() {
        List<Example<Args>> examples = new ArrayList<>();
        for (int[] size : new int[][] {{300, 96, 150}, {80, 384, 384}, {7, 40, 3}}) {
            Nd4j.getRandom().setSeed(6);
            INDArray x = Nd4j.randn(DataType.FLOAT, size[0], size[1]);
            INDArray weight = Nd4j.randn(DataType.FLOAT, size[2], size[1]).muli(0.1);
            INDArray bias = Nd4j.linspace(DataType.FLOAT, -0.3, 0.01, size[2]);
            examples.add(new Example<>("linear " + Arrays.toString(size), Args.NONE, List.of(x, weight, bias),
                    (sd, in) -> sd.mmul(in.get(0), in.get(1), false, true, false).add(in.get(2))));
        }
        return examples;
    }

    /** {@code y = x·Wᵀ + b} ({@link #forward(INDArray, List, List, INDArray)} of one layer). */
    static void forward(INDArray x, INDArray weight, INDArray bias, INDArray y) {
        forward(x, List.of(weight), List.of(bias), y);
    }

    /** {@code dx = g·W}, {@code dW = gᵀ·x}, {@code db = Σ_rows g} from x, W and g = dL/dy (one layer's). */
    static void backward(INDArray x, INDArray weight, INDArray g, INDArray dx, INDArray dWeight, INDArray dBias) {
        backward(x, List.of(weight), g, dx, List.of(dWeight), List.of(dBias));
    }

    /**
     * Layers of one input side by side, {@code y = x·[W₁; …; Wₙ]ᵀ + [b₁, …, bₙ]}: y filled with the biases' rows,
     * then BLAS adds each layer's product to its block of columns ({@code beta = 1}).
     */
    static void forward(INDArray x, List<INDArray> weights, List<INDArray> biases, INDArray y) {
        forward(x, weights, biases, null, y);
    }

    /**
     * {@link #forward(INDArray, List, List, INDArray)} plus a residual {@code r} of y's shape (null for none): y filled
     * with the rows of {@code r + b} in the same pass, so the residual costs no pass of its own.
     */
    static void forward(INDArray x, List<INDArray> weights, List<INDArray> biases, INDArray residual, INDArray y) {
        int m = (int) x.size(0);
        int in = (int) x.size(1);
        int width = check(x, weights, y);
        checkBiases(weights, biases, false);
        float[] b = new float[width];
        int at = 0;
        for (INDArray bias : biases) {
            float[] part = bias.toFloatVector();
            System.arraycopy(part, 0, b, at, part.length);
            at += part.length;
        }
        FloatBuffer ys = y.data().asNioFloat();
        FloatBuffer rs = residual == null ? null : residualOf(residual, y).data().asNioFloat();
        Workers.forEachRange(m, y.length(), "linear kernel", (from, to) -> {
            float[] row = rs == null ? b : Workers.rows(1, width)[0];      // each row: b, or its residual + b
            for (long r = from; r < to; r++) {
                int start = (int) (r * width);
                if (rs != null) {
                    rs.get(start, row, 0, width);
                    for (int j = 0; j < width; j++) {
                        row[j] += b[j];
                    }
                }
                ys.put(start, row, 0, width);
            }
        });
        INDArray xd = BatchedGemm.dense(x);
        int column = 0;
        for (INDArray w : weights) {
            int out = (int) w.size(0);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, out, in, 1f, pointer(xd, 0), in, pointer(w, 0),
                    in, 1f, pointer(y, column), width);
            column += out;
        }
    }

    /**
     * The gradients of {@link #forward(INDArray, List, List, INDArray)}: {@code dx = Σ gᵢ·Wᵢ}, {@code dWᵢ = gᵢᵀ·x},
     * {@code dbᵢ = Σ_rows gᵢ}, where gᵢ is layer i's block of columns of g = dL/dy.
     */
    static void backward(INDArray x, List<INDArray> weights, INDArray g, INDArray dx, List<INDArray> dWeights,
                         List<INDArray> dBiases) {
        backward(x, weights, g, dx, dWeights, dBiases, null);
    }

    /**
     * {@link #backward(INDArray, List, INDArray, INDArray, List, List)} of a layer with a residual: also
     * {@code dr = g} (null for none), copied in the pass that sums the bias gradient.
     */
    static void backward(INDArray x, List<INDArray> weights, INDArray g, INDArray dx, List<INDArray> dWeights,
                         List<INDArray> dBiases, INDArray dResidual) {
        int m = (int) x.size(0);
        int in = (int) x.size(1);
        INDArray dy = BatchedGemm.dense(g);
        int width = check(x, weights, dy);
        check(x, dWeights, dy);
        checkBiases(weights, dBiases, true);
        if (!BatchedGemm.isDense(dx) || !Arrays.equals(dx.shape(), x.shape()) || dx.dataType() != DataType.FLOAT) {
            throw new IllegalStateException("Tubelet's linear kernel writes dL/dx as dense float32 of x's shape "
                    + Arrays.toString(x.shape()) + ", got " + dx.dataType() + " " + dx.shapeInfoToString());
        }
        INDArray xd = BatchedGemm.dense(x);
        boolean oneLayer = weights.size() == 1;                // its bias gradient is all the column sums
        INDArray sums = oneLayer ? dBiases.get(0) : Nd4j.createUninitialized(DataType.FLOAT, width);
        if (dResidual == null) {
            BiasGradient.columnSums(dy, sums);
        } else {
            checkResidual(dResidual, dy);
            BiasGradient.run(dy, dResidual, sums);
        }
        FloatBuffer all = sums.data().asNioFloat();
        int column = 0;
        for (int i = 0; i < weights.size(); i++) {
            int out = (int) weights.get(i).size(0);
            FloatPointer gi = pointer(dy, column);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, in, out, 1f, gi, width,
                    pointer(weights.get(i), 0), in, i == 0 ? 0f : 1f, pointer(dx, 0), in);
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, out, in, m, 1f, gi, width, pointer(xd, 0), in, 0f,
                    pointer(dWeights.get(i), 0), in);
            if (!oneLayer) {
                dBiases.get(i).data().asNioFloat().put(0, all, column, out);
            }
            column += out;
        }
    }

    /** One float32 bias of out_i elements per weight [out_i, in]; dense where the kernel writes it (a gradient). */
    private static void checkBiases(List<INDArray> weights, List<INDArray> biases, boolean written) {
        boolean ok = biases.size() == weights.size();
        for (int i = 0; ok && i < biases.size(); i++) {
            INDArray b = biases.get(i);
            ok = b.length() == weights.get(i).size(0) && b.dataType() == DataType.FLOAT
                    && (!written || BatchedGemm.isDense(b));
        }
        if (!ok) {
            throw new IllegalStateException("Tubelet's linear kernel takes a float32 bias of out_i elements per "
                    + "weight [out_i, in], got weights " + weights.stream().map(w -> Arrays.toString(w.shape()))
                    .toList() + " and biases " + biases.stream().map(INDArray::shapeInfoToString).toList());
        }
    }

    /** The residual as a dense array (a copy where it is not), checked as {@link #checkResidual}. */
    private static INDArray residualOf(INDArray residual, INDArray y) {
        INDArray dense = BatchedGemm.dense(residual);
        checkResidual(dense, y);
        return dense;
    }

    /** A residual (or its gradient, which the kernel writes) of the output's shape, dense float32. */
    private static void checkResidual(INDArray r, INDArray y) {
        if (r.dataType() != DataType.FLOAT || !BatchedGemm.isDense(r) || !Arrays.equals(r.shape(), y.shape())) {
            throw new IllegalStateException("Tubelet's linear kernel takes a dense float32 residual of the output's "
                    + "shape " + Arrays.toString(y.shape()) + ", got " + r.dataType() + " " + r.shapeInfoToString());
        }
    }

    /** A pointer to {@code a}'s buffer, {@code offset} floats in. */
    private static FloatPointer pointer(INDArray a, long offset) {
        return new FloatPointer(a.data().addressPointer()).position(offset);
    }

    /**
     * Checks x [M, in], weights [out_i, in] and a dense output [M, Σ out_i], all float32.
     *
     * @return Σ out_i
     */
    private static int check(INDArray x, List<INDArray> weights, INDArray out) {
        long width = 0;
        boolean ok = x.rank() == 2 && x.dataType() == DataType.FLOAT && out.rank() == 2
                && out.dataType() == DataType.FLOAT && BatchedGemm.isDense(out) && x.length() <= Integer.MAX_VALUE;
        for (INDArray w : weights) {
            ok &= w.rank() == 2 && w.size(1) == x.size(1) && w.dataType() == DataType.FLOAT && BatchedGemm.isDense(w);
            width += w.size(0);
        }
        if (!ok || out.size(1) != width) {
            throw new IllegalStateException("Tubelet's linear kernel takes float32 x [M, in] and weights [out_i, in] "
                    + "into [M, Σ out_i], got x " + x.dataType() + " " + x.shapeInfoToString() + ", weights "
                    + weights.stream().map(w -> w.dataType() + " " + Arrays.toString(w.shape())).toList() + " -> "
                    + out.dataType() + " " + out.shapeInfoToString());
        }
        return (int) width;
    }
}
