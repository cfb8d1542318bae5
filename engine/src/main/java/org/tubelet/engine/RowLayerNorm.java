package org.tubelet.engine;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Layer normalisation over the last axis with an epsilon, {@code y = (x − μ) / √(σ² + ε) · γ + β} (biased variance,
 * as PyTorch computes it), and its backward pass, as one graph op each instead of the ≈ 10 forward and ≈ 12 backward
 * ops of the written-out formula.
 *
 * <p>The graph holds libnd4j's {@code layer_norm} op, whose backward SameDiff derives as one {@code layer_norm_bp}
 * op; both carry the epsilon in their integer arguments after a marker ({@link #node}), and {@link Kernels} computes
 * them here, one row at a time in Java. libnd4j itself has no epsilon and must never run these nodes: the encoded
 * arguments are out-of-range axes to it, so it would fail rather than compute something else. Graphs that leave
 * Tubelet's sessions (exported SameDiff files, the CUDA backend, {@code -Dtubelet.kernels=false}) use the
 * written-out formula instead (see {@code blocks.LayerNorm}).
 */
public final class RowLayerNorm implements FusedNode<Double> {
    /** The node, as registered in {@link FusedNodes}; its argument is ε. */
    public static final RowLayerNorm NODE = new RowLayerNorm();

    private static final String WHAT = "layer-norm kernel";

    /** Marks a {@code layer_norm} node as this kernel's: iArgs are {axis, MARKER, float bits of ε}. */
    static final int MARKER = 0x54424c4e;   // "TBLN"

    private RowLayerNorm() {
    }

    /**
     * The fused layer-norm node.
     *
     * @param x [M, D]
     * @param gamma [D]
     * @param beta [D]
     * @return [M, D]
     */
    public static SDVariable node(SDVariable x, SDVariable gamma, SDVariable beta, double eps) {
        return NODE.build(eps, x, gamma, beta);
    }

    @Override
    public String name() {
        return "layer_norm";
    }

    @Override
    public Carrier carrier() {
        return Carrier.LAYER_NORM;
    }

    /** {axis, MARKER, float bits of ε}, the axis x's last (1 when x's shape is not known). */
    @Override
    public int[] encode(Double eps, SDVariable... inputs) {
        SDVariable x = inputs[0];
        int axis = x.getShape() != null ? x.getShape().length - 1 : 1;
        return new int[] {axis, MARKER, Float.floatToIntBits(eps.floatValue())};
    }

    /** ε if the op's integer arguments are a fused node's ({axis, MARKER, bits}), else null. */
    @Override
    public Double recognise(List<Long> iArgs) {
        if (iArgs.size() != 3 || iArgs.get(1) != MARKER) {
            return null;
        }
        return (double) Float.intBitsToFloat(iArgs.get(2).intValue());
    }

    /** Inputs x, γ, β; output y. */
    @Override
    public void forward(List<INDArray> inputs, INDArray output, Double eps) {
        forward(inputs.get(0), inputs.get(1), inputs.get(2), output, eps);
    }

    /** Inputs x, γ, β, dL/dy; outputs dL/dx, dL/dγ, dL/dβ. */
    @Override
    public void backward(List<INDArray> inputs, List<INDArray> outputs, Double eps) {
        backward(inputs.get(0), inputs.get(1), inputs.get(3), outputs.get(0), outputs.get(1), outputs.get(2), eps);
    }

    /** HF's three epsilons on [300, 96]; with ε = 1e-5 the rows are scaled down until σ² ≈ ε. */
    @Override
    public List<Example<Double>> examples() {
        List<Example<Double>> examples = new ArrayList<>();
        for (double[] c : new double[][] {{1e-6, 1.0}, {1e-5, 0.003}, {1e-12, 1.0}}) {
            double eps = c[0];
            Nd4j.getRandom().setSeed(3);
            INDArray x = Nd4j.randn(DataType.FLOAT, 300, 96).addi(0.7).muli(c[1]);
            INDArray gamma = Nd4j.linspace(DataType.FLOAT, 0.5, 0.1, 96);
            INDArray beta = Nd4j.linspace(DataType.FLOAT, -0.2, 0.05, 96);
            examples.add(new Example<>("layer norm eps " + eps + ", x scaled by " + c[1], eps,
                    List.of(x, gamma, beta), (sd, in) -> writtenOut(sd, in.get(0), in.get(1), in.get(2), eps)));
        }
        return examples;
    }

    /** The layer norm of x [M, D] in stock ops: centred, scaled by 1/√(σ² + ε)·γ, shifted by β. */
    private static SDVariable writtenOut(SameDiff sd, SDVariable x, SDVariable gamma, SDVariable beta, double eps) {
        SDVariable centred = x.sub(x.mean(true, 1));                     // [M, D]
        SDVariable variance = centred.mul(centred).mean(true, 1);         // [M, 1]
        SDVariable inv = sd.math.rsqrt(variance.add(eps));                // [M, 1]
        return centred.mul(inv).mul(gamma).add(beta);                    // [M, D]
    }

    /** y from x, γ, β; x float32 with its last axis normalised (copied first if not dense). */
    static void forward(INDArray x, INDArray gamma, INDArray beta, INDArray y, double eps) {
        check(x, y);
        int width = (int) x.size(-1);
        FloatBuffer in = BatchedGemm.dense(x).data().asNioFloat();
        FloatBuffer out = y.data().asNioFloat();
        float[] g = gamma.toFloatVector();
        float[] b = beta.toFloatVector();
        forEachRowRange(x, (from, to) -> {
            float[][] scratch = Workers.rows(2, width);
            float[] row = scratch[0];
            float[] ones = ones(scratch[1]);
            for (long r = from; r < to; r++) {
                int at = (int) (r * width);
                in.get(at, row, 0, width);
                normalise(row, ones, eps);
                for (int i = 0; i < width; i++) {
                    row[i] = row[i] * g[i] + b[i];
                }
                out.put(at, row, 0, width);
            }
        });
    }

    /**
     * dx, dγ, dβ from x, γ and the incoming gradient: with x̂ = (x − μ)·s, s = 1/√(σ² + ε) and d = dy ⊙ γ,
     * {@code dx = s·(d − mean(d) − x̂·mean(d ⊙ x̂))}, {@code dγ = Σ_rows dy ⊙ x̂}, {@code dβ = Σ_rows dy}.
     */
    static void backward(INDArray x, INDArray gamma, INDArray dy, INDArray dx, INDArray dGamma, INDArray dBeta,
                         double eps) {
        check(x, dx);
        int width = (int) x.size(-1);
        FloatBuffer in = BatchedGemm.dense(x).data().asNioFloat();
        FloatBuffer grad = BatchedGemm.dense(dy).data().asNioFloat();
        FloatBuffer out = dx.data().asNioFloat();
        float[] g = gamma.toFloatVector();
        long rows = x.length() / width;
        int chunks = Workers.chunks(rows, x.length());
        // dγ and dβ sum over all M rows (batch × tokens): float over short blocks, double beyond
        Sums.Columns[] partsGamma = Sums.Columns.perChunk(1, chunks, width);
        Sums.Columns[] partsBeta = Sums.Columns.perChunk(2, chunks, width);
        Workers.forEachChunk(rows, x.length(), WHAT, (chunk, from, to) -> {
            float[][] scratch = Workers.rows(4, width);
            float[] row = scratch[0];
            float[] up = scratch[1];
            float[] d = scratch[2];
            float[] ones = ones(scratch[3]);
            Sums.Columns partGamma = partsGamma[chunk];
            Sums.Columns partBeta = partsBeta[chunk];
            // element-wise loops apart from the reductions: C2 vectorises the former only when alone
            for (long r = from; r < to; r++) {
                int at = (int) (r * width);
                in.get(at, row, 0, width);
                grad.get(at, up, 0, width);
                float inv = normalise(row, ones, eps);                         // row = x̂
                for (int i = 0; i < width; i++) {
                    d[i] = up[i] * g[i];
                }
                partGamma.addProduct(up, row);
                partBeta.add(up);
                float meanD = (float) (Sums.dot(up, g, width) / width);
                float meanDx = (float) (Sums.dot(d, row, width) / width);
                for (int i = 0; i < width; i++) {
                    d[i] = inv * (d[i] - meanD - row[i] * meanDx);
                }
                out.put(at, d, 0, width);
            }
        });
        double[] sumGamma = Sums.Columns.inChunkOrder(partsGamma, chunks, width);
        double[] sumBeta = Sums.Columns.inChunkOrder(partsBeta, chunks, width);
        dGamma.assign(Nd4j.createFromArray(sumGamma).reshape(dGamma.shape()));
        dBeta.assign(Nd4j.createFromArray(sumBeta).reshape(dBeta.shape()));
    }

    /**
     * Turns {@code row} into x̂ = (x − μ)·s in place and returns s = 1/√(σ² + ε) (biased variance, as PyTorch).
     *
     * @param ones a row of ones ({@link Sums#dot} with it is the row's sum)
     */
    private static float normalise(float[] row, float[] ones, double eps) {
        int n = row.length;
        float mean = (float) (Sums.dot(row, ones, n) / n);
        for (int i = 0; i < n; i++) {
            row[i] -= mean;
        }
        float inv = (float) (1.0 / Math.sqrt(Sums.dot(row, row, n) / n + eps));
        for (int i = 0; i < n; i++) {
            row[i] *= inv;
        }
        return inv;
    }

    /** {@code a} filled with ones (the rows' sums are {@link Sums#dot} with it). */
    private static float[] ones(float[] a) {
        Arrays.fill(a, 1f);
        return a;
    }

    private static void check(INDArray x, INDArray out) {
        if (x.dataType() != DataType.FLOAT || out.dataType() != DataType.FLOAT || !BatchedGemm.isDense(out)
                || x.length() > Integer.MAX_VALUE) {
            throw new IllegalStateException("Tubelet's layer-norm kernel takes float32 arrays, got " + x.dataType()
                    + " " + x.shapeInfoToString() + " -> " + out.dataType());
        }
    }

    private static void forEachRowRange(INDArray x, Workers.Range body) {
        Workers.forEachRange(x.length() / x.size(-1), x.length(), WHAT, body);
    }
}
