package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorKernels} against {@code Math.exp}/{@code Math.tanh} in double precision, on lengths that are and are
 * not multiples of the vector width, and on the values where float exponentials overflow or underflow; their lanes
 * against their scalar twins, bit for bit; and that the JVM running the tests uses them (surefire starts it with the
 * module, as the launcher does).
 */
class VectorKernelsTest {
    /** Lengths around the lane counts of 256- and 512-bit vectors. */
    private static final int[] LENGTHS = {1, 7, 8, 15, 16, 17, 197, 1568};

    private static float[] values(int n, double spread, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * spread);
        }
        return x;
    }

    private static void assertClose(double expected, float actual, double relative, String what) {
        assertTrue(Math.abs(actual - expected) <= 1e-30 + relative * Math.abs(expected),
                what + ": " + actual + " instead of " + expected);
    }

    @Test
    void theTestJvmUsesTheVectorApi() {
        assertTrue(VectorApi.moduleResolved(), VectorApi.describe());
        assertEquals(VectorKernels.preferredBits() >= VectorApi.MIN_BITS, VectorApi.enabled(), VectorApi.describe());
    }

    @Test
    void expAndTanhAreWithinTwoUlpOfMath() {
        for (int n : LENGTHS) {
            float[] x = values(n, 6, n);
            float[] e = new float[n];
            float[] t = new float[n];
            VectorKernels.exp(x, e, n);
            VectorKernels.tanh(x, t, n);
            for (int i = 0; i < n; i++) {
                assertClose(Math.exp(x[i]), e[i], 1e-6, "exp(" + x[i] + ")");
                assertClose(Math.tanh(x[i]), t[i], 1e-6, "tanh(" + x[i] + ")");
            }
        }
        float[] edges = {-200f, -104f, -87.5f, 0f, -0f, 88.7f, 89f, 200f, Float.NEGATIVE_INFINITY,
            Float.POSITIVE_INFINITY, -1e-20f, 1e-20f, 9f, -9f, 20f, -20f};
        float[] e = edges.clone();
        float[] t = edges.clone();
        VectorKernels.exp(e, e, e.length);                 // in place, as the GELU kernel calls it
        VectorKernels.tanh(t, t, t.length);
        for (int i = 0; i < edges.length; i++) {
            assertEquals((float) Math.exp(edges[i]), e[i], 1e-6f * Math.max(1f, (float) Math.exp(edges[i])),
                    "exp(" + edges[i] + ")");
            assertEquals((float) Math.tanh(edges[i]), t[i], 1e-6f, "tanh(" + edges[i] + ")");
        }
        float[] nan = new float[17];                          // vector lanes and the scalar tail
        Arrays.fill(nan, Float.NaN);
        float[] en = new float[nan.length];
        float[] tn = new float[nan.length];
        VectorKernels.exp(nan, en, nan.length);
        VectorKernels.tanh(nan, tn, nan.length);
        for (int i = 0; i < nan.length; i++) {
            assertTrue(Float.isNaN(en[i]) && Float.isNaN(tn[i]), "NaN stays NaN at " + i);
        }
    }

    /**
     * The vector lanes give the bits of the scalar twins, which use the same IEEE operations: what the Vector API
     * computes before C2 compiles a loop (lane by lane in Java), so a result never depends on when the JIT ran.
     */
    @Test
    void everyLaneIsBitForBitTheScalarTwin() {
        float[] x = values(4096, 30, 7);
        x[0] = 88.72283f;
        x[1] = -87.33654f;
        x[2] = 0.6249999f;
        x[3] = -0.625f;
        float[] e = new float[x.length];
        float[] t = new float[x.length];
        VectorKernels.exp(x, e, x.length);
        VectorKernels.tanh(x, t, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToRawIntBits(VectorKernels.exp(x[i])), Float.floatToRawIntBits(e[i]),
                    "exp(" + x[i] + ")");
            assertEquals(Float.floatToRawIntBits(VectorKernels.tanh(x[i])), Float.floatToRawIntBits(t[i]),
                    "tanh(" + x[i] + ")");
        }
    }

    @Test
    void softmaxRowsMatchesTheDoublePrecisionSoftmaxOfEachRow() {
        for (int n : LENGTHS) {
            int rows = 3;
            float[] a = values(rows * n, 8, 100 + n);
            a[0] = 1000f;                                      // a large score: the maximum must be subtracted
            float[] x = a.clone();
            VectorKernels.softmaxRows(a, rows, n);
            for (int r = 0; r < rows; r++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    max = Math.max(max, x[r * n + i]);
                }
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += Math.exp(x[r * n + i] - max);
                }
                for (int i = 0; i < n; i++) {
                    assertClose(Math.exp(x[r * n + i] - max) / sum, a[r * n + i], 1e-5,
                            "row " + r + " of " + n + ", element " + i);
                }
            }
        }
    }
}
