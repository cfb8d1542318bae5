package org.tubelet.models.engine;

import java.nio.FloatBuffer;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LayerNorm;
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
public final class RowLayerNorm {
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
        int axis = x.getShape() != null ? x.getShape().length - 1 : 1;
        return new LayerNorm(x.getSameDiff(), x, gamma, beta, false, axis, MARKER, Float.floatToIntBits((float) eps))
                .outputVariable();
    }

    /** ε if the op's integer arguments are a fused node's ({axis, MARKER, bits}), else NaN. */
    static double epsilon(List<Long> iArgs) {
        if (iArgs.size() != 3 || iArgs.get(1) != MARKER) {
            return Double.NaN;
        }
        return Float.intBitsToFloat(iArgs.get(2).intValue());
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
            float[] row = new float[width];
            for (long r = from; r < to; r++) {
                int at = (int) (r * width);
                in.get(at, row, 0, width);
                float mean = mean(row);
                float inv = inverseStd(row, mean, eps);
                for (int i = 0; i < width; i++) {
                    row[i] = (row[i] - mean) * inv * g[i] + b[i];
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
        double[] sumGamma = new double[width];
        double[] sumBeta = new double[width];
        forEachRowRange(x, (from, to) -> {
            float[] row = new float[width];
            float[] up = new float[width];
            float[] d = new float[width];
            float[] dXHat = new float[width];
            float[] partGamma = new float[width];
            float[] partBeta = new float[width];
            // element-wise loops apart from the reductions: C2 vectorises the former only when alone
            for (long r = from; r < to; r++) {
                int at = (int) (r * width);
                in.get(at, row, 0, width);
                grad.get(at, up, 0, width);
                float mean = mean(row);
                float inv = inverseStd(row, mean, eps);
                for (int i = 0; i < width; i++) {
                    row[i] = (row[i] - mean) * inv;                            // x̂
                    d[i] = up[i] * g[i];
                    dXHat[i] = d[i] * row[i];
                    partGamma[i] += up[i] * row[i];
                    partBeta[i] += up[i];
                }
                float meanD = (float) (sum(d) / width);
                float meanDx = (float) (sum(dXHat) / width);
                for (int i = 0; i < width; i++) {
                    d[i] = inv * (d[i] - meanD - row[i] * meanDx);
                }
                out.put(at, d, 0, width);
            }
            synchronized (sumGamma) {                 // per-thread float partials (≤ M/threads rows each) into double
                for (int i = 0; i < width; i++) {
                    sumGamma[i] += partGamma[i];
                    sumBeta[i] += partBeta[i];
                }
            }
        });
        dGamma.assign(Nd4j.createFromArray(sumGamma).reshape(dGamma.shape()));
        dBeta.assign(Nd4j.createFromArray(sumBeta).reshape(dBeta.shape()));
    }

    private static float mean(float[] row) {
        return (float) (sum(row) / row.length);
    }

    /** 1/√(σ² + ε), σ² the biased variance of the row around {@code mean}. */
    private static float inverseStd(float[] row, float mean, double eps) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n = row.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double c0 = row[i] - mean;
            double c1 = row[i + 1] - mean;
            double c2 = row[i + 2] - mean;
            double c3 = row[i + 3] - mean;
            s0 += c0 * c0;
            s1 += c1 * c1;
            s2 += c2 * c2;
            s3 += c3 * c3;
        }
        for (; i < n; i++) {
            double c = row[i] - mean;
            s0 += c * c;
        }
        return (float) (1.0 / Math.sqrt((s0 + s1 + s2 + s3) / n + eps));
    }

    /**
     * Σ v in double over four independent accumulators: a single chain of dependent additions was latency-bound
     * (≈ 4 cycles per element).
     */
    private static double sum(float[] v) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n = v.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += v[i];
            s1 += v[i + 1];
            s2 += v[i + 2];
            s3 += v[i + 3];
        }
        for (; i < n; i++) {
            s0 += v[i];
        }
        return s0 + s1 + s2 + s3;
    }

    private static void check(INDArray x, INDArray out) {
        if (x.dataType() != DataType.FLOAT || out.dataType() != DataType.FLOAT || !BatchedGemm.isDense(out)
                || x.length() > Integer.MAX_VALUE) {
            throw new IllegalStateException("Tubelet's layer-norm kernel takes float32 arrays, got " + x.dataType()
                    + " " + x.shapeInfoToString() + " -> " + out.dataType());
        }
    }

    private static void forEachRowRange(INDArray x, Workers.Range body) {
        Workers.forEachRange(x.length() / x.size(-1), x.length(), "layer-norm kernel", body);
    }
}
