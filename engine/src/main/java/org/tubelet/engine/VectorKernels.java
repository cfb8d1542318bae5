package org.tubelet.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels' loops that need an exponential or a hyperbolic tangent, and the products of attention over short
 * sequences ({@link #dotsAcrossLanes}, {@link #weightedRows}), on float arrays through the Vector API. Only
 * {@link VectorApi} loads this class before checking that the module is resolved; everything else calls it only when
 * {@link VectorApi#enabled()}.
 *
 * <p>Every result is the same bits whether the JIT has compiled the Vector API into vector instructions or not. That
 * is what keeps a resumed run bit-exact: the Vector API's own {@code EXP}/{@code TANH} are the JDK's SVML intrinsics
 * once C2 has compiled a loop and {@code Math.exp}/{@code Math.tanh} per lane before, and a sum over lanes
 * ({@code reduceLanes(ADD)}) may be added in another order. So the exponential and the tangent here are Cephes'
 * {@code expf}/{@code tanhf} polynomials in operations IEEE 754 rounds one way only (add, multiply, fused multiply-add,
 * divide, bit moves), with a scalar twin of the same operations for the elements after the last whole vector, and
 * lanes are summed one by one in lane order. Both functions are within 2 ulp of {@code Math.exp}/{@code Math.tanh}
 * except where noted.
 */
final class VectorKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = F.length();

    /** exp overflows above this and is below the smallest normal float below {@link #EXP_LO} (flushed to 0). */
    private static final float EXP_HI = 88.72283f;
    private static final float EXP_LO = -87.33654f;
    private static final float LOG2E = 1.44269504088896341f;
    /** 1.5·2²³: adding it rounds to an integer, which then sits in the low mantissa bits. */
    private static final float SHIFTER = 12582912f;
    private static final int SHIFTER_BITS = 0x4B400000;
    /** ln 2 in two parts (Cody–Waite): n·LN2_HI is exact for |n| ≤ 2⁸. */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float[] EXP_P = {1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f, 4.1665795894e-2f,
        1.6666665459e-1f, 5.0000001201e-1f};
    /** Below this |x| tanh is an odd polynomial; above, 1 − 2/(e^{2|x|} + 1). */
    private static final float TANH_SMALL = 0.625f;
    private static final float[] TANH_P = {-5.70498872745e-3f, 2.06390887954e-2f, -5.37397155531e-2f,
        1.33314422036e-1f, -3.33332819422e-1f};

    /*
     * The constants as vectors, each in a field of its own (a static final field is a constant to C2; an array
     * element is not): an operation with a scalar operand broadcasts it on every call, and C2 inlines that
     * broadcast's dozen methods each time. exp's operations, inlined into a loop, nearly filled C2's node budget for
     * the whole compilation (NodeCountInliningCutoff), and past the budget C2 leaves calls uninlined, whose vectors
     * are heap objects.
     */
    private static final FloatVector EXP_HI_V = FloatVector.broadcast(F, EXP_HI);
    private static final FloatVector EXP_LO_V = FloatVector.broadcast(F, EXP_LO);
    private static final FloatVector LOG2E_V = FloatVector.broadcast(F, LOG2E);
    private static final FloatVector SHIFTER_V = FloatVector.broadcast(F, SHIFTER);
    private static final IntVector SHIFTER_BITS_V = IntVector.broadcast(F.withLanes(int.class), SHIFTER_BITS);
    private static final IntVector EXPONENT_BIAS_V = IntVector.broadcast(F.withLanes(int.class), 127);
    private static final FloatVector MINUS_LN2_HI_V = FloatVector.broadcast(F, -LN2_HI);
    private static final FloatVector MINUS_LN2_LO_V = FloatVector.broadcast(F, -LN2_LO);
    private static final FloatVector EXP_P0_V = FloatVector.broadcast(F, EXP_P[0]);
    private static final FloatVector EXP_P1_V = FloatVector.broadcast(F, EXP_P[1]);
    private static final FloatVector EXP_P2_V = FloatVector.broadcast(F, EXP_P[2]);
    private static final FloatVector EXP_P3_V = FloatVector.broadcast(F, EXP_P[3]);
    private static final FloatVector EXP_P4_V = FloatVector.broadcast(F, EXP_P[4]);
    private static final FloatVector EXP_P5_V = FloatVector.broadcast(F, EXP_P[5]);
    private static final FloatVector ONE_V = FloatVector.broadcast(F, 1f);
    private static final FloatVector TWO_V = FloatVector.broadcast(F, 2f);
    private static final FloatVector ZERO_V = FloatVector.zero(F);
    private static final FloatVector INFINITY_V = FloatVector.broadcast(F, Float.POSITIVE_INFINITY);
    private static final FloatVector MINUS_INFINITY_V = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
    private static final FloatVector TANH_SMALL_V = FloatVector.broadcast(F, TANH_SMALL);
    private static final FloatVector TANH_P0_V = FloatVector.broadcast(F, TANH_P[0]);
    private static final FloatVector TANH_P1_V = FloatVector.broadcast(F, TANH_P[1]);
    private static final FloatVector TANH_P2_V = FloatVector.broadcast(F, TANH_P[2]);
    private static final FloatVector TANH_P3_V = FloatVector.broadcast(F, TANH_P[3]);
    private static final FloatVector TANH_P4_V = FloatVector.broadcast(F, TANH_P[4]);

    /** Whether the JIT got {@link VectorInlining}'s directive (before any loop here is compiled). */
    static final boolean INLINING = VectorInlining.install();

    private VectorKernels() {
    }

    /** Bits of the processor's preferred float vector. */
    static int preferredBits() {
        return F.vectorBitSize();
    }

    /**
     * {@code Σ a[i]·b[i]} over {@code i < n} as {@link Sums#dot} sums it: float lanes over blocks of
     * {@link Sums#LANE_BLOCK} elements (here one vector's lanes, by fused multiply-adds), each block added in double.
     */
    static double dot(float[] a, float[] b, int n) {
        double total = 0;
        int i = 0;
        int bound = F.loopBound(n);
        while (i < bound) {
            int end = Math.min(bound, i + Sums.LANE_BLOCK);
            FloatVector acc = FloatVector.zero(F);
            for (; i < end; i += LANES) {
                acc = FloatVector.fromArray(F, a, i).fma(FloatVector.fromArray(F, b, i), acc);
            }
            float block = 0;
            for (int l = 0; l < LANES; l++) {                               // in lane order, no call: see sumOfLanes
                block += acc.lane(l);
            }
            total += block;
        }
        for (; i < n; i++) {
            total += (double) a[i] * b[i];
        }
        return total;
    }

    /** {@code y[i] = exp(x[i])} for {@code i < n} (x and y may be the same array); 0 below −87.34. */
    static void exp(float[] x, float[] y, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += LANES) {
            exp(FloatVector.fromArray(F, x, i)).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = exp(x[i]);
        }
    }

    /** {@code y[i] = tanh(x[i])} for {@code i < n} (x and y may be the same array). */
    static void tanh(float[] x, float[] y, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += LANES) {
            tanh(FloatVector.fromArray(F, x, i)).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = tanh(x[i]);
        }
    }

    /**
     * Softmax of each of {@code rows} rows of {@code n} floats in place, row r at {@code a[r·n]}: the maximum
     * subtracted, exponentials, divided by their sum (a row of −∞ gives NaN, as libnd4j's does). Each pass over a row
     * is a method of its own, compiled on its own ({@link VectorInlining}): in one method C2 ran out of its node
     * budget and left the vector exponential or the lane sum a call, and a vector passed to a call is a heap object.
     */
    static void softmaxRows(float[] a, int rows, int n) {
        float[] lanes = new float[LANES];
        for (int r = 0, at = 0; r < rows; r++, at += n) {
            float max = rowMax(a, at, n);
            float sum = expMinusSum(a, at, n, max, lanes);
            scaleRow(a, at, n, 1f / sum);
        }
    }

    /** The largest of {@code a[at .. at + n)}. */
    static float rowMax(float[] a, int at, int n) {
        int bound = F.loopBound(n);
        FloatVector vmax = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += LANES) {
            vmax = vmax.max(FloatVector.fromArray(F, a, at + i));
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);                 // exact in any order
        for (; i < n; i++) {
            max = Math.max(max, a[at + i]);
        }
        return max;
    }

    /**
     * {@code a[i] = exp(a[i] − max)} over {@code a[at .. at + n)}, returning their sum (lanes in lane order, then the
     * tail); {@code lanes} is scratch of one vector's length. The running sum is kept in {@code lanes}, not in a vector
     * variable: in a whole training process C2's code allocated the loop-carried vector, and the exponentials flowing
     * into it, on every iteration (110–170 MB/s in bench-s TimeSformer; a small test method does not show it). The
     * same additions in the same order either way.
     */
    static float expMinusSum(float[] a, int at, int n, float max, float[] lanes) {
        int bound = F.loopBound(n);
        ZERO_V.intoArray(lanes, 0);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector e = exp(FloatVector.fromArray(F, a, at + i).sub(max));
            e.intoArray(a, at + i);
            FloatVector.fromArray(F, lanes, 0).add(e).intoArray(lanes, 0);
        }
        float sum = sumOfLanes(lanes);
        for (; i < n; i++) {
            float e = exp(a[at + i] - max);
            a[at + i] = e;
            sum += e;
        }
        return sum;
    }

    /** {@code a[i] *= factor} over {@code a[at .. at + n)}. */
    static void scaleRow(float[] a, int at, int n, float factor) {
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector.fromArray(F, a, at + i).mul(factor).intoArray(a, at + i);
        }
        for (; i < n; i++) {
            a[at + i] *= factor;
        }
    }

    /** Lanes of the kernels' float vectors: the longest sequence {@link FusedAttention} runs on them whole. */
    static int lanes() {
        return LANES;
    }

    /**
     * One vector of dot products per row, across the lanes: {@code out[i·L + j] = Σ_c a[at + i·lda + c]·bt[c·L + j]}
     * for {@code i < s}, L = {@link #lanes()}, the sum over c in order by fused multiply-adds. {@code bt} is [d, L]:
     * the keys (or values) of one short sequence transposed, token j in lane j, zero in the lanes past the sequence.
     * Rows go four at a time, four independent chains of multiply-adds on each loaded vector of {@code bt} (one
     * chain waits for each multiply-add to finish); the sums are the same either way. Accumulators start from a
     * vector made here, not from a constant: a loop that carries a vector which started as a constant object keeps
     * it boxed, and allocated 96 bytes per multiply-add (3.4 µs per call instead of 0.14 at S = 8, d = 64).
     */
    static void dotsAcrossLanes(float[] a, int at, int lda, float[] bt, int s, int d, float[] out) {
        int i = 0;
        for (; i + 4 <= s; i += 4) {
            int a0 = at + i * lda;
            int a1 = a0 + lda;
            int a2 = a1 + lda;
            int a3 = a2 + lda;
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            FloatVector acc2 = FloatVector.zero(F);
            FloatVector acc3 = FloatVector.zero(F);
            for (int c = 0; c < d; c++) {
                FloatVector b = FloatVector.fromArray(F, bt, c * LANES);
                acc0 = b.fma(FloatVector.broadcast(F, a[a0 + c]), acc0);
                acc1 = b.fma(FloatVector.broadcast(F, a[a1 + c]), acc1);
                acc2 = b.fma(FloatVector.broadcast(F, a[a2 + c]), acc2);
                acc3 = b.fma(FloatVector.broadcast(F, a[a3 + c]), acc3);
            }
            acc0.intoArray(out, i * LANES);
            acc1.intoArray(out, (i + 1) * LANES);
            acc2.intoArray(out, (i + 2) * LANES);
            acc3.intoArray(out, (i + 3) * LANES);
        }
        for (; i < s; i++) {
            int ai = at + i * lda;
            FloatVector acc = FloatVector.zero(F);
            for (int c = 0; c < d; c++) {
                acc = FloatVector.fromArray(F, bt, c * LANES).fma(FloatVector.broadcast(F, a[ai + c]), acc);
            }
            acc.intoArray(out, i * LANES);
        }
    }

    /**
     * Softmax of {@code scale}·x for each of {@code s} rows of L floats in place ({@code x[i·L ..]}), over the row's
     * first s lanes; the other lanes become 0. The same operations as {@link #softmaxRows} on one vector: the
     * maximum, the exponentials of the differences, their sum in lane order, times its reciprocal. Masking the lanes
     * and calling {@code softmaxRows} gives the same bits, but took 15 % longer per attention layer and allocated its
     * lane scratch on every call (95 KB per layer's forward and backward).
     */
    static void shortSoftmax(float[] x, int s, float scale) {
        VectorMask<Float> past = F.indexInRange(0, s).not();
        for (int i = 0, at = 0; i < s; i++, at += LANES) {
            FloatVector row = FloatVector.fromArray(F, x, at).mul(scale).blend(MINUS_INFINITY_V, past);
            float max = row.reduceLanes(VectorOperators.MAX);              // exact in any order
            exp(row.sub(max)).intoArray(x, at);                              // exp(−∞) = 0 in the lanes past s
            float sum = 0;
            for (int j = 0; j < s; j++) {
                sum += x[at + j];
            }
            FloatVector.fromArray(F, x, at).mul(1f / sum).intoArray(x, at);
        }
    }

    /**
     * Attention's softmax gradient for each of {@code s} rows of L floats: {@code dp[i·L + j] = p_ij·(dp_ij − Σ_k
     * p_ik·dp_ik)·scale} in place, the sum over the first s lanes in lane order, in double as {@link Sums#dot}'s.
     */
    static void shortSoftmaxGradient(float[] p, float[] dp, int s, float scale) {
        for (int i = 0, at = 0; i < s; i++, at += LANES) {
            double dot = 0;
            for (int j = 0; j < s; j++) {
                dot += (double) p[at + j] * dp[at + j];
            }
            FloatVector g = FloatVector.fromArray(F, dp, at).sub((float) dot);
            FloatVector.fromArray(F, p, at).mul(g).mul(scale).intoArray(dp, at);
        }
    }

    /**
     * Weighted sums of s rows of d floats, {@code v[vAt + j·ldv ..]}: {@code out[outAt + i·ldo + c] = Σ_j w(i, j)·
     * v[vAt + j·ldv + c]} for {@code i < s}, with weight {@code w(i, j) = w[i·rowStride + j·colStride]} (a [s, L]
     * matrix of weights, or its transpose), the sum over j in order by fused multiply-adds, lanes along c (scalar
     * past the last whole vector). Output rows go four at a time on each loaded vector of v, as in
     * {@link #dotsAcrossLanes}.
     */
    static void weightedRows(float[] w, int rowStride, int colStride, float[] v, int vAt, int ldv, int s, int d,
                             float[] out, int outAt, int ldo) {
        int bound = F.loopBound(d);
        int i = 0;
        for (; i + 4 <= s; i += 4) {
            int w0 = i * rowStride;
            int w1 = w0 + rowStride;
            int w2 = w1 + rowStride;
            int w3 = w2 + rowStride;
            int o0 = outAt + i * ldo;
            for (int c = 0; c < bound; c += LANES) {
                FloatVector acc0 = FloatVector.zero(F);
                FloatVector acc1 = FloatVector.zero(F);
                FloatVector acc2 = FloatVector.zero(F);
                FloatVector acc3 = FloatVector.zero(F);
                for (int j = 0; j < s; j++) {
                    FloatVector x = FloatVector.fromArray(F, v, vAt + j * ldv + c);
                    int wj = j * colStride;
                    acc0 = x.fma(FloatVector.broadcast(F, w[w0 + wj]), acc0);
                    acc1 = x.fma(FloatVector.broadcast(F, w[w1 + wj]), acc1);
                    acc2 = x.fma(FloatVector.broadcast(F, w[w2 + wj]), acc2);
                    acc3 = x.fma(FloatVector.broadcast(F, w[w3 + wj]), acc3);
                }
                acc0.intoArray(out, o0 + c);
                acc1.intoArray(out, o0 + ldo + c);
                acc2.intoArray(out, o0 + 2 * ldo + c);
                acc3.intoArray(out, o0 + 3 * ldo + c);
            }
        }
        for (; i < s; i++) {
            int wi = i * rowStride;
            for (int c = 0; c < bound; c += LANES) {
                FloatVector acc = FloatVector.zero(F);
                for (int j = 0; j < s; j++) {
                    acc = FloatVector.fromArray(F, v, vAt + j * ldv + c).fma(
                            FloatVector.broadcast(F, w[wi + j * colStride]), acc);
                }
                acc.intoArray(out, outAt + i * ldo + c);
            }
        }
        for (int r = 0; r < s; r++) {                                        // the columns past the last vector
            int wi = r * rowStride;
            for (int c = bound; c < d; c++) {
                float acc = 0;
                for (int j = 0; j < s; j++) {
                    acc = Math.fma(v[vAt + j * ldv + c], w[wi + j * colStride], acc);
                }
                out[outAt + r * ldo + c] = acc;
            }
        }
    }

    /**
     * A vector's lanes, stored into {@code lanes} by the caller, added in lane order. It takes an array, not the
     * vector: a vector passed to a method C2 does not inline is a heap object.
     */
    private static float sumOfLanes(float[] lanes) {
        float s = 0;
        for (float lane : lanes) {
            s += lane;
        }
        return s;
    }

    /** e^x: x = n·ln 2 + r, |r| ≤ ln 2 / 2, e^r by Cephes' polynomial, times 2ⁿ built in the exponent bits. */
    private static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_LO_V).min(EXP_HI_V);                   // NaN stays NaN
        FloatVector t = xc.mul(LOG2E_V).add(SHIFTER_V);
        FloatVector n = t.sub(SHIFTER_V);                                   // round(x·log2 e), exactly
        FloatVector r = n.fma(MINUS_LN2_HI_V, xc);
        r = n.fma(MINUS_LN2_LO_V, r);
        FloatVector p = r.mul(EXP_P0_V).add(EXP_P1_V);                       // the scalar twin's loop, unrolled
        p = p.mul(r).add(EXP_P2_V);
        p = p.mul(r).add(EXP_P3_V);
        p = p.mul(r).add(EXP_P4_V);
        p = p.mul(r).add(EXP_P5_V);
        p = p.mul(r.mul(r)).add(r).add(ONE_V);
        IntVector ni = t.reinterpretAsInts().sub(SHIFTER_BITS_V);           // n as an integer, −126..128
        IntVector half = ni.lanewise(VectorOperators.ASHR, 1);
        FloatVector y = p.mul(twoTo(half)).mul(twoTo(ni.sub(half)));        // 2ⁿ in two factors: n may be 128
        return y.blend(INFINITY_V, x.compare(VectorOperators.GT, EXP_HI_V))
                .blend(ZERO_V, x.compare(VectorOperators.LT, EXP_LO_V));
    }

    /** 2ᵉ for −126 ≤ e ≤ 127, from its exponent bits. */
    private static FloatVector twoTo(IntVector e) {
        return e.add(EXPONENT_BIAS_V).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    /** {@link #exp(FloatVector)} for one float, in the same operations. */
    static float exp(float x) {
        float xc = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float t = xc * LOG2E + SHIFTER;
        float n = t - SHIFTER;
        float r = Math.fma(n, -LN2_HI, xc);
        r = Math.fma(n, -LN2_LO, r);
        float p = r * EXP_P[0] + EXP_P[1];
        for (int k = 2; k < EXP_P.length; k++) {
            p = p * r + EXP_P[k];
        }
        p = p * (r * r) + r + 1f;
        int ni = Float.floatToRawIntBits(t) - SHIFTER_BITS;
        int half = ni >> 1;
        float y = p * Float.intBitsToFloat((half + 127) << 23) * Float.intBitsToFloat((ni - half + 127) << 23);
        if (x > EXP_HI) {
            return Float.POSITIVE_INFINITY;
        }
        return x < EXP_LO ? 0f : y;
    }

    /**
     * tanh x: for |x| &lt; 0.625 Cephes' odd polynomial {@code x + x³·P(x²)}, else {@code ±(1 − 2/(e^{2|x|} + 1))}.
     */
    private static FloatVector tanh(FloatVector x) {
        FloatVector s = x.mul(x);
        FloatVector q = s.mul(TANH_P0_V).add(TANH_P1_V);                     // the scalar twin's loop, unrolled
        q = q.mul(s).add(TANH_P2_V);
        q = q.mul(s).add(TANH_P3_V);
        q = q.mul(s).add(TANH_P4_V);
        FloatVector small = q.mul(s).mul(x).add(x);
        FloatVector a = x.abs();
        FloatVector big = ONE_V.sub(TWO_V.div(exp(a.mul(TWO_V)).add(ONE_V)));
        big = big.blend(big.neg(), x.compare(VectorOperators.LT, ZERO_V));
        return big.blend(small, a.compare(VectorOperators.LT, TANH_SMALL_V));
    }

    /** {@link #tanh(FloatVector)} for one float, in the same operations. */
    static float tanh(float x) {
        float s = x * x;
        float q = s * TANH_P[0] + TANH_P[1];
        for (int k = 2; k < TANH_P.length; k++) {
            q = q * s + TANH_P[k];
        }
        float a = Math.abs(x);
        if (a < TANH_SMALL) {
            return q * s * x + x;
        }
        float big = 1f - 2f / (exp(a * 2f) + 1f);
        return x < 0f ? -big : big;
    }
}
