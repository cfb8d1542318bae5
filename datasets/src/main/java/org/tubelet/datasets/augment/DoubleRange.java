package org.tubelet.datasets.augment;

import java.util.random.RandomGenerator;

/**
 * A closed interval of real numbers, as augmentation parameters are given ({@code scale=(0.08, 1.0)}).
 *
 * @param min lower bound, finite
 * @param max upper bound, finite, >= min
 */
public record DoubleRange(double min, double max) {

    /** Validates the bounds. */
    public DoubleRange {
        if (!Double.isFinite(min) || !Double.isFinite(max) || max < min) {
            throw new IllegalArgumentException("range must be finite with min <= max, got [" + min + ", " + max + "]");
        }
    }

    /** A uniform draw from {@code [min, max)} (or {@code min} when the range is a point). */
    public double uniform(RandomGenerator rng) {
        return min == max ? min : min + (max - min) * rng.nextDouble();
    }

    /** A draw whose logarithm is uniform (both bounds must be > 0), as aspect ratios are drawn. */
    public double logUniform(RandomGenerator rng) {
        if (min <= 0) {
            throw new IllegalStateException("logUniform needs min > 0, got " + min);
        }
        return Math.exp(new DoubleRange(Math.log(min), Math.log(max)).uniform(rng));
    }
}
