package org.tubelet.engine;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * GELU as one graph node, and its derivative as one more, instead of the 5 forward and ≈ 12 backward ops of the
 * written-out formula (SameDiff expands {@code erf}'s derivative alone into 7).
 *
 * <ul>
 *   <li>{@link Form#ERF}: {@code 0.5·x·(1 + erf(x/√2))}, with {@code dy/dx = Φ(x) + x·φ(x)};</li>
 *   <li>{@link Form#TANH}: {@code 0.5·x·(1 + tanh(k·(x + 0.044715·x³)))}, {@code k = √(2/π)} (HF's
 *       {@code gelu_new}, {@code gelu_pytorch_tanh}, and {@code gelu_fast}, whose literal 0.7978845608 differs from
 *       √(2/π) by 3e-11 relative).</li>
 * </ul>
 *
 * <p>SameDiff clones a graph through FlatBuffers before deriving its gradient, which keeps only stock op classes and
 * their arguments, so the node is a stock op carrying a marker: a {@code softmax} whose axis is {@link #ERF_MARKER}
 * or {@link #TANH_MARKER}. SameDiff derives its backward as a {@code softmax_bp} with the same axis. {@link Kernels}
 * computes both here in Java passes: {@link #erf} as a polynomial, the other transcendentals through the Vector API
 * in the same pass ({@link VectorApi}), or else as libnd4j's own {@code exp} and {@code tanh} in passes of their own.
 * libnd4j must never run these nodes itself: the marker is an out-of-range axis to it,
 * so it fails rather than computing a softmax. Graphs that leave Tubelet's sessions use the written-out formula (see
 * {@code models.Activation}).
 */
public final class FusedGelu implements FusedNode<FusedGelu.Form> {
    /** The node, as registered in {@link FusedNodes}. */
    public static final FusedGelu NODE = new FusedGelu();

    /** The two GELU forms. */
    public enum Form {
        ERF,
        TANH
    }

    static final int ERF_MARKER = 0x5447_4531;    // "TGE1"
    static final int TANH_MARKER = 0x5447_4532;   // "TGE2"

    private static final float SQRT_HALF = (float) Math.sqrt(0.5);
    private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));
    private static final float K = (float) Math.sqrt(2 / Math.PI);
    private static final float C = 0.044715f;
    private static final float ERF_A1 = 0.0705230784f;
    private static final float ERF_A2 = 0.0422820123f;
    private static final float ERF_A3 = 0.0092705272f;
    private static final float ERF_A4 = 0.0001520143f;
    private static final float ERF_A5 = 0.0002765672f;
    private static final float ERF_A6 = 0.0000430638f;
    /**
     * The exact form's backward needs a second full-size array. One per thread, kept: a fresh 4.8 MB array per call
     * (ViViT bench-s) cost ≈ 1.5 ms in allocation and first-touch page faults.
     */
    private static final ThreadLocal<INDArray> SCRATCH = new ThreadLocal<>();

    private FusedGelu() {
    }

    /** The fused GELU node for {@code x} (any shape). */
    public static SDVariable node(SDVariable x, Form form) {
        return NODE.build(form, x);
    }

    @Override
    public String name() {
        return "gelu";
    }

    @Override
    public Carrier carrier() {
        return Carrier.SOFTMAX;
    }

    /** The axis {@link #ERF_MARKER} or {@link #TANH_MARKER}. */
    @Override
    public int[] encode(Form form, SDVariable... inputs) {
        return new int[] {form == Form.ERF ? ERF_MARKER : TANH_MARKER};
    }

    /** The form a {@code softmax}/{@code softmax_bp} op's integer arguments mark, or null for a real softmax. */
    @Override
    public Form recognise(List<Long> iArgs) {
        if (iArgs.size() != 1) {
            return null;
        }
        long a = iArgs.get(0);
        return a == ERF_MARKER ? Form.ERF : a == TANH_MARKER ? Form.TANH : null;
    }

    /** Inputs x; output y. */
    @Override
    public void forward(List<INDArray> inputs, INDArray output, Form form) {
        forward(inputs.get(0), output, form);
    }

    /** Inputs x, dL/dy; output dL/dx. */
    @Override
    public void backward(List<INDArray> inputs, List<INDArray> outputs, Form form) {
        backward(inputs.get(0), inputs.get(1), outputs.get(0), form);
    }

    /**
     * Both forms on 91,000 elements (several blocks of the kernel's passes), scaled by 3 to reach GELU's tails, against
     * HF's formulas: the exact one with {@code erf}, and {@code gelu_new}'s tanh form.
     */
    @Override
    public List<Example<Form>> examples() {
        List<Example<Form>> examples = new ArrayList<>();
        for (Form form : Form.values()) {
            Nd4j.getRandom().setSeed(4);
            INDArray x = Nd4j.randn(DataType.FLOAT, 70, 1300).muli(3);
            examples.add(new Example<>("gelu " + form + " [70, 1300]", form, List.of(x),
                    (sd, in) -> writtenOut(sd, in.get(0), form)));
        }
        return examples;
    }

    /** GELU in stock ops, as HF's {@code activations.py} writes it. */
    private static SDVariable writtenOut(SameDiff sd, SDVariable x, Form form) {
        if (form == Form.ERF) {
            return x.mul(sd.math.erf(x.mul(1.0 / Math.sqrt(2.0))).add(1.0)).mul(0.5);
        }
        SDVariable inner = x.add(sd.math.pow(x, 3.0).mul(0.044715)).mul(Math.sqrt(2.0 / Math.PI));
        return x.mul(0.5).mul(sd.math.tanh(inner).add(1.0));
    }

    /** {@code y = gelu(x)}; y dense float32 of x's shape. */
    static void forward(INDArray x, INDArray y, Form form) {
        check(x, y);
        FloatBuffer in = BatchedGemm.dense(x).data().asNioFloat();
        FloatBuffer out = y.data().asNioFloat();
        if (form == Form.ERF) {
            eachBlock(y.length(), (at, len, a, b, c, d) -> {
                in.get(at, a, 0, len);
                for (int i = 0; i < len; i++) {
                    b[i] = 0.5f * a[i] * (1f + erf(a[i] * SQRT_HALF));
                }
                out.put(at, b, 0, len);
            });
            return;
        }
        boolean vectors = VectorApi.enabled();                              // t in the same pass
        if (!vectors) {
            tanhOfArgument(in, y);                                          // y ← t
        }
        eachBlock(y.length(), (at, len, a, b, c, d) -> {
            in.get(at, a, 0, len);
            tanhOfArgument(vectors, a, out, at, b, len);
            for (int i = 0; i < len; i++) {
                b[i] = 0.5f * a[i] * (1f + b[i]);
            }
            out.put(at, b, 0, len);
        });
    }

    /** {@code dx = g · gelu'(x)}; dx dense float32 of x's shape. */
    static void backward(INDArray x, INDArray g, INDArray dx, Form form) {
        check(x, dx);
        FloatBuffer in = BatchedGemm.dense(x).data().asNioFloat();
        FloatBuffer grad = BatchedGemm.dense(g).data().asNioFloat();
        FloatBuffer out = dx.data().asNioFloat();
        boolean vectors = VectorApi.enabled();                              // exp or tanh in the same pass
        if (form == Form.ERF) {
            // e ← exp(−x²/2); dx ← g·(0.5·(1 + erf(x/√2)) + x·e/√(2π))
            FloatBuffer eb = vectors ? null : exponentials(in, dx.length());
            eachBlock(dx.length(), (at, len, a, b, c, d) -> {
                in.get(at, a, 0, len);
                grad.get(at, d, 0, len);
                if (vectors) {
                    minusHalfSquare(a, c, len);
                    VectorKernels.exp(c, c, len);
                } else {
                    eb.get(at, c, 0, len);
                }
                erfGradient(a, b, c, d, len);
                out.put(at, b, 0, len);
            });
        } else {
            // dx ← t; dx ← g·(0.5·(1 + t) + 0.5·x·(1 − t²)·k·(1 + 3c·x²))
            if (!vectors) {
                tanhOfArgument(in, dx);
            }
            eachBlock(dx.length(), (at, len, a, b, c, d) -> {
                in.get(at, a, 0, len);
                tanhOfArgument(vectors, a, out, at, b, len);
                grad.get(at, c, 0, len);
                for (int i = 0; i < len; i++) {
                    float v = a[i];
                    float t = b[i];
                    b[i] = c[i] * (0.5f * (1f + t) + 0.5f * v * (1f - t * t) * K * (1f + 3f * C * v * v));
                }
                out.put(at, b, 0, len);
            });
        }
    }

    /** {@code e[i] = −x[i]²/2}. */
    private static void minusHalfSquare(float[] x, float[] e, int len) {
        for (int i = 0; i < len; i++) {
            e[i] = -0.5f * x[i] * x[i];
        }
    }

    /** exp(−x²/2) of all of {@code in} in this thread's scratch array: the argument in Java, libnd4j's exp in place. */
    private static FloatBuffer exponentials(FloatBuffer in, long n) {
        INDArray e = scratch(n);
        FloatBuffer eb = e.data().asNioFloat();
        eachBlock(n, (at, len, a, b, c, d) -> {
            in.get(at, a, 0, len);
            minusHalfSquare(a, c, len);
            eb.put(at, c, 0, len);
        });
        Nd4j.exec(new Exp(e, e));
        return eb;
    }

    /** {@code dx ← g·(0.5·(1 + erf(x/√2)) + x·e/√(2π))} from x, e = exp(−x²/2) and g; dx may not alias them. */
    private static void erfGradient(float[] x, float[] dx, float[] e, float[] g, int len) {
        for (int i = 0; i < len; i++) {          // two loops: C2 vectorises each, not the two fused (9 ms)
            dx[i] = erf(x[i] * SQRT_HALF);
        }
        for (int i = 0; i < len; i++) {
            dx[i] = g[i] * (0.5f * (1f + dx[i]) + x[i] * e[i] * INV_SQRT_2PI);
        }
    }

    /**
     * erf(x) by Abramowitz &amp; Stegun 7.1.28, {@code 1 − (1 + a₁|x| + … + a₆|x|⁶)⁻¹⁶} with x's sign: within 1.7e-6
     * of erf (3e-7 from the approximation, the rest float rounding amplified by the 16th power; GELU multiplies it by
     * x/2, far below the HF parity tolerance). It needs no exponential, so C2 vectorises the loops that call it: 0.5 ns
     * per element on one core, where libnd4j's {@code erf} took 1.7. x is clamped to ±10 (erf = ±1 in float there),
     * which keeps ±∞ finite; NaN stays NaN.
     */
    static float erf(float x) {
        float v = Math.max(-10f, Math.min(10f, x));
        float a = Math.abs(v);
        float p = 1f + a * (ERF_A1 + a * (ERF_A2 + a * (ERF_A3 + a * (ERF_A4 + a * (ERF_A5 + a * ERF_A6)))));
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        return (1f - 1f / p) * v / (a + 1e-30f);                     // v / (|v| + tiny): x's sign, 0 at 0
    }

    /**
     * {@code t[i] = tanh(k·(x[i] + 0.044715·x[i]³))} for the block at {@code at}: through the Vector API, or read from
     * {@code computed}, where {@link #tanhOfArgument(FloatBuffer, INDArray)} put it before the pass.
     */
    private static void tanhOfArgument(boolean vectors, float[] x, FloatBuffer computed, int at, float[] t, int len) {
        if (!vectors) {
            computed.get(at, t, 0, len);
            return;
        }
        for (int i = 0; i < len; i++) {
            float v = x[i];
            t[i] = K * (v + C * v * v * v);
        }
        VectorKernels.tanh(t, t, len);
    }

    /** {@code out ← t = tanh(k·(x + 0.044715·x³))}: the argument in Java, libnd4j's tanh in place. */
    private static void tanhOfArgument(FloatBuffer in, INDArray out) {
        FloatBuffer o = out.data().asNioFloat();
        eachBlock(out.length(), (at, len, a, b, c, d) -> {
            in.get(at, a, 0, len);
            for (int i = 0; i < len; i++) {
                float v = a[i];
                b[i] = K * (v + C * v * v * v);
            }
            o.put(at, b, 0, len);
        });
        Nd4j.exec(new Tanh(out, out));
    }

    private static void eachBlock(long n, Workers.BlockPass pass) {
        Workers.forEachBlock(n, "GELU kernel", pass);
    }

    /** A dense float32 vector of {@code n} elements from this thread's scratch array (grown when too small). */
    private static INDArray scratch(long n) {
        INDArray s = SCRATCH.get();
        if (s == null || s.length() < n) {
            s = Nd4j.createUninitializedDetached(DataType.FLOAT, n);
            SCRATCH.set(s);
        }
        return s.length() == n ? s : s.get(NDArrayIndex.interval(0, n));
    }

    private static void check(INDArray x, INDArray out) {
        if (x.dataType() != DataType.FLOAT || out.dataType() != DataType.FLOAT || !BatchedGemm.isDense(out)
                || !out.equalShapes(x) || x.length() > Integer.MAX_VALUE) {
            throw new IllegalStateException("Tubelet's GELU kernel takes float32 arrays of one shape, got "
                    + x.dataType() + " " + x.shapeInfoToString() + " -> " + out.dataType() + " "
                    + out.shapeInfoToString());
        }
    }

}
