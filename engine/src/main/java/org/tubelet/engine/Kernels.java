package org.tubelet.engine;

import static org.bytedeco.openblas.global.openblas_nolapack.cblas_ddot;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dsdot;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.config.ExecutionResult;
import org.nd4j.common.base.Preconditions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.reduce.MmulBp;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.shape.Permute;
import org.nd4j.linalg.api.ops.impl.shape.Reshape;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SoftmaxBp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.bp.AddBpOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Faster implementations of a few libnd4j ops, used by Tubelet's SameDiff sessions ({@link KernelInferenceSession},
 * {@link KernelTrainingSession}) in place of the native op when the arrays allow it. Each computes what the native
 * op computes (same outputs up to float summation order), so a graph means the same with or without them:
 *
 * <ul>
 *   <li>{@code matmul} of rank ≥ 3 (attention's batched products) and its backward {@code matmul_bp}: BLAS
 *       {@code gemm} calls on row blocks ({@link BatchedGemm}) instead of libnd4j's per-element loop.</li>
 *   <li>Fused nodes that only these sessions compute, each a stock op carrying a marker in its integer arguments
 *       ({@link FusedNode}): every node registered in {@link FusedNodes}, e.g. GELU ({@link FusedGelu}) and layer
 *       norm with epsilon ({@link RowLayerNorm}).</li>
 *   <li>{@code add_bp} of a bias addition ([M, N] + [N]): one pass for the copy and the column sums
 *       ({@link BiasGradient}).</li>
 *   <li>{@code permute} of a float32 array: one bulk copy per output row ({@link PermuteCopy}).</li>
 *   <li>{@code softmax_bp} over the last axis of a float32 array: libnd4j's softmax and one Java pass per row
 *       ({@link RowSoftmax}) instead of libnd4j's reductions through full-size temporaries.</li>
 * </ul>
 *
 * <p>{@link #sumOfSquares} (the trainer's gradient norm), {@link #sumInto} (its gradient sums) and {@link #adamW}
 * (its optimiser) are the same idea outside the graph.
 *
 * <p>Only on the CPU backend. {@link #install()} makes every SameDiff inference session a
 * {@link KernelInferenceSession} and {@link #trainingSession} picks the training session, so the choice lives here
 * only; {@code -Dtubelet.kernels=false} turns the kernels off (the native ops run).
 */
public final class Kernels {
    /** System property that turns the kernels off when set to {@code false}. */
    public static final String ENABLED_PROPERTY = "tubelet.kernels";

    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY))
            && Nd4j.getEnvironment().isCPU();
    private static final AtomicLong EXECUTED = new AtomicLong();

    private Kernels() {
    }

    /**
     * Makes SameDiff create {@link KernelInferenceSession}s for every inference and gradient run (idempotent). Call it
     * before a graph first runs: SameDiff keeps the session it created per graph and thread.
     */
    public static void install() {
        if (ENABLED) {
            SameDiff.bindInferenceFactory(KernelInferenceSession::new);
        }
    }

    /**
     * The training session for {@code gradFunction}: a {@link KernelTrainingSession}, which runs every op natively when
     * the kernels are off (its other work, the array cache, the early release of gradients and
     * {@link KernelTrainingSession#sinkGradients}, is the same either way).
     */
    public static KernelTrainingSession trainingSession(SameDiff gradFunction) {
        return new KernelTrainingSession(gradFunction);
    }

    /** Whether the kernels are in use in this JVM. */
    public static boolean enabled() {
        return ENABLED;
    }

    /** How many ops the kernels have computed in this JVM (for tests and profiles). */
    public static long executed() {
        return EXECUTED.get();
    }

    /**
     * {@code Σ x²} over all elements, summed in double precision: one BLAS {@code dsdot} pass on a dense CPU
     * array, else libnd4j's {@code norm2} of a float64 copy (its float32 {@code norm2} accumulates in float32). The
     * trainer's gradient norm used {@code norm2} for each of the 200–250 gradients of a step, each with a result
     * allocation and a synchronising read: ≈ 37 ms of a VideoMAE pretraining step (JFR).
     */
    public static double sumOfSquares(INDArray x) {
        if (ENABLED && BatchedGemm.isDense(x) && x.length() <= Integer.MAX_VALUE) {
            if (x.dataType() == DataType.FLOAT) {
                FloatPointer p = new FloatPointer(x.data().addressPointer());
                return cblas_dsdot((int) x.length(), p, 1, p, 1);
            }
            if (x.dataType() == DataType.DOUBLE) {
                DoublePointer p = new DoublePointer(x.data().addressPointer());
                return cblas_ddot((int) x.length(), p, 1, p, 1);
            }
        }
        double n = x.castTo(DataType.DOUBLE).norm2Number().doubleValue();
        return n * n;
    }

    /**
     * Adds a gradient to its sum: {@code sum = g} when {@code first}, else {@code sum += g}. One pass where the
     * kernel applies, else an ND4J op.
     *
     * @param g a gradient
     * @param sum its sum so far, of g's length
     */
    public static void sumInto(INDArray g, INDArray sum, boolean first) {
        Preconditions.checkArgument(g.length() == sum.length(), "gradient of %s elements, sum of %s", g.length(),
                sum.length());
        if (ENABLED && Elementwise.supportsCopy(g, sum)) {
            Elementwise.sumInto(g, sum, first);
        } else if (first) {
            sum.assign(g.reshape(sum.shape()));
        } else {
            sum.addi(g.reshape(sum.shape()));
        }
    }

    /**
     * One AdamW update in a single pass ({@link AdamWPass}): moments {@code m}, {@code v} updated in place and the
     * gradient {@code g} overwritten with the step {@code u}, decoupled weight decay included, so that the new
     * parameter is {@code p − u}.
     *
     * @param stepSize lr/(1−β1ᵗ)
     * @param sqrtBiasCorrection2 √(1−β2ᵗ)
     * @param decay lr·weight decay, 0 for exempt parameters
     * @return false if the kernel does not apply (kernels off, or not all dense float32 of one length): nothing done
     */
    public static boolean adamW(INDArray g, INDArray m, INDArray v, INDArray p, double beta1, double beta2,
                                double stepSize, double sqrtBiasCorrection2, double eps, double decay) {
        if (!ENABLED || !AdamWPass.supports(g, m, v, p)) {
            return false;
        }
        AdamWPass.run(g, 1f, m, v, p, (float) beta1, (float) beta2, (float) stepSize, (float) sqrtBiasCorrection2,
                (float) eps, (float) decay, AdamWPass.Target.GRADIENT);
        return true;
    }

    /**
     * As {@link #adamW}, but the gradient is first multiplied by {@code gradScale} and the step is subtracted from the
     * parameter in the same pass ({@code p ← p − u(gradScale·g)}); {@code g} is left as it was. For an update from
     * summed gradients: the scale is 1/micro-batches times the clipping factor.
     *
     * @return false if the kernel does not apply: nothing done
     */
    public static boolean adamWStep(INDArray g, double gradScale, INDArray m, INDArray v, INDArray p, double beta1,
                                    double beta2, double stepSize, double sqrtBiasCorrection2, double eps,
                                    double decay) {
        if (!ENABLED || !AdamWPass.supports(g, m, v, p)) {
            return false;
        }
        AdamWPass.run(g, (float) gradScale, m, v, p, (float) beta1, (float) beta2, (float) stepSize,
                (float) sqrtBiasCorrection2, (float) eps, (float) decay, AdamWPass.Target.PARAMETER);
        return true;
    }

    /**
     * The op's name for profiles: a fused node is named for what it computes ({@code gelu (fused)},
     * {@code layer_norm_bp (fused)}) rather than for the stock op that carries it.
     */
    public static String label(DifferentialFunction op, OpContext ctx) {
        FusedNodes.Match<?> fused = FusedNodes.match(op, ctx);
        return fused != null ? fused.label() : op.opName();
    }

    /**
     * Runs {@code op} with a kernel if one applies to its arrays.
     *
     * @param op the op the session is about to execute
     * @param ctx its context, inputs set and outputs allocated by the session
     * @return the result, or null if the native op must run
     */
    static ExecutionResult tryExecute(DifferentialFunction op, OpContext ctx) {
        return run(op, ctx) ? ExecutionResult.createFrom(op, ctx) : null;
    }

    /**
     * Computes {@code op}'s outputs into {@code ctx}'s output arrays if a kernel applies.
     *
     * @return false if no kernel applies (nothing was written)
     */
    static boolean run(DifferentialFunction op, OpContext ctx) {
        if (!ENABLED || ctx == null) {
            return false;
        }
        FusedNodes.Match<?> fused = FusedNodes.match(op, ctx);
        boolean done = false;
        if (fused != null) {
            fused.run(ctx);
            done = true;
        } else if (op instanceof Mmul) {
            done = matmul(ctx);
        } else if (op instanceof MmulBp) {
            done = matmulBackward(ctx);
        } else if (op instanceof SoftmaxBp) {
            done = softmaxBackward(ctx);
        } else if (op instanceof Permute) {
            done = permute(ctx);
        } else if (op instanceof AddBpOp) {
            done = biasGradient(ctx);
        } else if (op instanceof AddOp) {
            done = add(ctx);
        } else if (op instanceof ScalarMultiplication) {
            done = scale((ScalarMultiplication) op, ctx);
        } else if (op instanceof Reshape) {
            done = reshape(ctx);
        }
        if (done) {
            EXECUTED.incrementAndGet();
        }
        return done;
    }

    /** {@code z = alpha · op(x)·op(y)}; iArgs transpose x, y, z; tArgs alpha, beta. */
    private static boolean matmul(OpContext ctx) {
        List<INDArray> in = ctx.getInputArrays();
        List<INDArray> out = ctx.getOutputArrays();
        if (in.size() != 2 || out.size() != 1 || flag(ctx, 2)) {
            return false;
        }
        List<Double> t = ctx.getTArguments();
        double alpha = t.size() > 0 ? t.get(0) : 1.0;
        double beta = t.size() > 1 ? t.get(1) : 0.0;
        INDArray x = in.get(0);
        INDArray y = in.get(1);
        INDArray z = out.get(0);
        if (beta != 0.0 || !BatchedGemm.supports(x, y, z)) {
            return false;
        }
        BatchedGemm.multiply(x, flag(ctx, 0), y, flag(ctx, 1), z, alpha);
        return true;
    }

    /**
     * Gradients of {@code z = op(x)·op(y)} given {@code g = dL/dz} (what libnd4j's {@code matmul_bp} computes):
     * {@code dx = g·op(y)ᵀ} and {@code dy = op(x)ᵀ·g}, each transposed back when its operand was.
     */
    private static boolean matmulBackward(OpContext ctx) {
        List<INDArray> in = ctx.getInputArrays();
        List<INDArray> out = ctx.getOutputArrays();
        if (in.size() != 3 || out.size() != 2 || flag(ctx, 2)) {
            return false;
        }
        INDArray x = in.get(0);
        INDArray y = in.get(1);
        INDArray g = in.get(2);
        INDArray dx = out.get(0);
        INDArray dy = out.get(1);
        if (!BatchedGemm.supports(g, y, dx) || !BatchedGemm.supports(x, g, dy)) {
            return false;
        }
        boolean tx = flag(ctx, 0);
        boolean ty = flag(ctx, 1);
        if (tx) {
            BatchedGemm.multiply(y, ty, g, true, dx, 1.0);          // dx = (g·op(y)ᵀ)ᵀ = op(y)·gᵀ
        } else {
            BatchedGemm.multiply(g, false, y, !ty, dx, 1.0);        // dx = g·op(y)ᵀ
        }
        if (ty) {
            BatchedGemm.multiply(g, true, x, tx, dy, 1.0);          // dy = (op(x)ᵀ·g)ᵀ = gᵀ·op(x)
        } else {
            BatchedGemm.multiply(x, !tx, g, false, dy, 1.0);        // dy = op(x)ᵀ·g
        }
        return true;
    }

    /** {@code dx} from the softmax's input {@code x} and the incoming gradient {@code g} (libnd4j's argument order). */
    private static boolean softmaxBackward(OpContext ctx) {
        List<INDArray> in = ctx.getInputArrays();
        List<INDArray> out = ctx.getOutputArrays();
        if (in.size() != 2 || out.size() != 1 || !overLastAxis(ctx, in.get(0))
                || !RowSoftmax.supports(in.get(0), in.get(1), out.get(0))) {
            return false;
        }
        RowSoftmax.backward(in.get(0), in.get(1), out.get(0));
        return true;
    }

    /** {@code permute} with its axes in iArgs or as a second input. */
    private static boolean permute(OpContext ctx) {
        List<INDArray> in = ctx.getInputArrays();
        List<INDArray> out = ctx.getOutputArrays();
        if (in.isEmpty() || in.size() > 2 || out.size() != 1) {
            return false;
        }
        int[] perm = in.size() == 2 ? in.get(1).toIntVector()
                : ctx.getIArguments().stream().mapToInt(Long::intValue).toArray();
        if (!PermuteCopy.supports(in.get(0), perm, out.get(0))) {
            return false;
        }
        PermuteCopy.copy(in.get(0), perm, out.get(0));
        return true;
    }

    /** {@code add_bp} of a bias addition: inputs x [M, N], b [N], dL/dz; outputs dL/dx, dL/db. */
    private static boolean biasGradient(OpContext ctx) {
        List<INDArray> in = ctx.getInputArrays();
        List<INDArray> out = ctx.getOutputArrays();
        if (in.size() != 3 || out.size() != 2
                || !BiasGradient.supports(in.get(0), in.get(1), in.get(2), out.get(0), out.get(1))) {
            return false;
        }
        BiasGradient.run(in.get(2), out.get(0), out.get(1));
        return true;
    }

    /** {@code add} of two arrays of one shape, or of a bias row to every row. */
    private static boolean add(OpContext ctx) {
        List<INDArray> in = ctx.getInputArrays();
        List<INDArray> out = ctx.getOutputArrays();
        if (in.size() != 2 || out.size() != 1 || !Elementwise.supportsAdd(in.get(0), in.get(1), out.get(0))) {
            return false;
        }
        Elementwise.add(in.get(0), in.get(1), out.get(0));
        return true;
    }

    /** {@code mul_scalar}: input x (and the scalar as a second input, or held by the op); output s·x. */
    private static boolean scale(ScalarMultiplication op, OpContext ctx) {
        List<INDArray> in = ctx.getInputArrays();
        List<INDArray> out = ctx.getOutputArrays();
        INDArray s = in.size() == 2 ? in.get(1) : op.scalar();
        if (in.isEmpty() || in.size() > 2 || out.size() != 1 || s == null || s.length() != 1
                || !Elementwise.supportsScale(in.get(0), out.get(0))) {
            return false;
        }
        Elementwise.scale(in.get(0), s.getFloat(0), out.get(0));
        return true;
    }

    /** A C-order {@code reshape} (its first integer argument {@link Reshape#C_ORDER}): a copy. */
    private static boolean reshape(OpContext ctx) {
        List<INDArray> in = ctx.getInputArrays();
        List<INDArray> out = ctx.getOutputArrays();
        List<Long> i = ctx.getIArguments();
        if (in.isEmpty() || out.size() != 1 || i.isEmpty() || i.get(0) != Reshape.C_ORDER
                || !Elementwise.supportsCopy(in.get(0), out.get(0))) {
            return false;
        }
        Elementwise.copy(in.get(0), out.get(0));
        return true;
    }

    private static boolean overLastAxis(OpContext ctx, INDArray x) {
        List<Long> i = ctx.getIArguments();
        long axis = i.isEmpty() ? -1 : i.get(0);
        return axis == -1 || axis == x.rank() - 1;
    }

    private static boolean flag(OpContext ctx, int index) {
        List<Long> i = ctx.getIArguments();
        return i.size() > index && i.get(index) != 0;
    }
}
