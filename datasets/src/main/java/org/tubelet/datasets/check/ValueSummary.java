package org.tubelet.datasets.check;

import java.util.Arrays;

/**
 * Minimum, median, mean and maximum of a set of values (NaN for all four when it is empty).
 *
 * @param count  number of values
 * @param min    smallest
 * @param median middle value (mean of the two middle ones for an even count)
 * @param mean   average
 * @param max    largest
 */
public record ValueSummary(int count, double min, double median, double mean, double max) {

    /** The summary of the given values. */
    public static ValueSummary of(double[] values) {
        if (values.length == 0) {
            return new ValueSummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new ValueSummary(n, v[0], median, Arrays.stream(v).average().orElse(Double.NaN), v[n - 1]);
    }

    @Override
    public String toString() {
        return count == 0 ? "none" : String.format(java.util.Locale.ROOT, "min %.3g, median %.3g, mean %.3g, max %.3g",
                min, median, mean, max);
    }
}
