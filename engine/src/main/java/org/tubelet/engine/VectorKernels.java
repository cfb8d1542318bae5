package org.tubelet.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels' loops that need an exponential or a hyperbolic tangent, on float arrays through the Vector API. Only
 * {@link VectorApi} loads this class before checking that the module is resolved; everything else calls it only when
 * {@link VectorApi#enabled()}. The JDK's intrinsics are within a few ulp of {@code Math.exp}/{@code Math.tanh}.
 */
final class VectorKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = F.length();

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
            total += acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            total += (double) a[i] * b[i];
        }
        return total;
    }

    /** {@code y[i] = exp(x[i])} for {@code i < n} (x and y may be the same array). */
    static void exp(float[] x, float[] y, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += LANES) {
            FloatVector.fromArray(F, x, i).lanewise(VectorOperators.EXP).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = (float) Math.exp(x[i]);
        }
    }

    /** {@code y[i] = tanh(x[i])} for {@code i < n} (x and y may be the same array). */
    static void tanh(float[] x, float[] y, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += LANES) {
            FloatVector.fromArray(F, x, i).lanewise(VectorOperators.TANH).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = (float) Math.tanh(x[i]);
        }
    }

    /**
     * Softmax of each of {@code rows} rows of {@code n} floats in place, row r at {@code a[r·n]}: the maximum
     * subtracted, exponentials, divided by their sum (a row of −∞ gives NaN, as libnd4j's does).
     */
    static void softmaxRows(float[] a, int rows, int n) {
        int bound = F.loopBound(n);
        for (int r = 0, at = 0; r < rows; r++, at += n) {
            FloatVector vmax = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            int i = 0;
            for (; i < bound; i += LANES) {
                vmax = vmax.max(FloatVector.fromArray(F, a, at + i));
            }
            float max = vmax.reduceLanes(VectorOperators.MAX);
            for (; i < n; i++) {
                max = Math.max(max, a[at + i]);
            }
            FloatVector vsum = FloatVector.zero(F);
            for (i = 0; i < bound; i += LANES) {
                FloatVector e = FloatVector.fromArray(F, a, at + i).sub(max).lanewise(VectorOperators.EXP);
                e.intoArray(a, at + i);
                vsum = vsum.add(e);
            }
            float sum = vsum.reduceLanes(VectorOperators.ADD);
            for (; i < n; i++) {
                float e = (float) Math.exp(a[at + i] - max);
                a[at + i] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (i = 0; i < bound; i += LANES) {
                FloatVector.fromArray(F, a, at + i).mul(inv).intoArray(a, at + i);
            }
            for (; i < n; i++) {
                a[at + i] *= inv;
            }
        }
    }
}
