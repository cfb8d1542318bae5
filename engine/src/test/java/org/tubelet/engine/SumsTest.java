package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Sums} against sums in double precision, on lengths where one float32 accumulator drifts. */
class SumsTest {

    private static float[] values(int n, double offset, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (offset + r.nextGaussian());
        }
        return v;
    }

    /** Every tail length around the lanes and the block boundary, and a long row; with and without the Vector API. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 9, 255, 256, 257, 263, 3137, 1 << 20})
    void dotIsTheDoubleSum(int n) {
        float[] a = values(n, 1.0, 1);
        float[] b = values(n, 0.5, 2);
        double expected = 0;
        double magnitude = 0;
        for (int i = 0; i < n; i++) {
            expected += (double) a[i] * b[i];
            magnitude += Math.abs((double) a[i] * b[i]);
        }
        // each product is rounded to float (6e-8 relative); the float chains are 32 terms long
        double tolerance = 1e-7 * magnitude + 1e-30;
        assertEquals(expected, Sums.dot(a, b, n), tolerance, "n = " + n);
        double total = expected;
        VectorApi.without(() -> assertEquals(total, Sums.dot(a, b, n), tolerance, "n = " + n + " without vectors"));
    }

    /** Column sums over a million rows, where one float32 accumulator drifts by ≈ 4e-5 of the sum. */
    @Test
    void columnSumsOverManyRowsAreTheDoubleSums() {
        int width = 5;
        int rows = 1 << 20;
        Sums.Columns sums = new Sums.Columns(width);
        Sums.Columns products = new Sums.Columns(width);
        double[] expected = new double[width];
        double[] expectedProducts = new double[width];
        double[] magnitude = new double[width];
        float[] row = new float[width];
        float[] other = new float[width];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < width; j++) {
                row[j] = (float) (0.3 * j + r.nextGaussian());
                other[j] = (float) (1 + 0.1 * r.nextGaussian());
                expected[j] += row[j];
                expectedProducts[j] += (double) row[j] * other[j];
                magnitude[j] += Math.abs(row[j]) * (1 + Math.abs(other[j]));
            }
            sums.add(row);
            products.addProduct(row, other);
        }
        double[] total = new double[width];
        double[] totalProducts = new double[width];
        sums.addTo(total);
        products.addTo(totalProducts);
        for (int j = 0; j < width; j++) {
            // one float accumulator: ≈ 4e-5 of Σ|x| here; short float blocks summed in double: ≈ 1e-9
            assertEquals(expected[j], total[j], 1e-8 * magnitude[j], "column " + j);
            assertEquals(expectedProducts[j], totalProducts[j], 1e-8 * magnitude[j], "product column " + j);
        }
        sums.addTo(total);
        assertEquals(2 * expected[1], total[1], 1e-8 * magnitude[1], "addTo adds and leaves the sums as they were");
    }
}
