package org.tubelet.train.data;

import java.util.random.RandomGenerator;

/**
 * Draws from the Beta(a, b) distribution as {@code X / (X + Y)} with {@code X ~ Gamma(a)}, {@code Y ~ Gamma(b)}
 * (Marsaglia and Tsang's method, 2000; shapes below 1 through {@code Gamma(a) = Gamma(a + 1) · U^(1/a)}), in log
 * space so that small shapes do not underflow.
 */
final class BetaSampler {
    private BetaSampler() {
    }

    /** One draw in [0, 1]; both shapes > 0. */
    static double sample(double a, double b, RandomGenerator rng) {
        if (!(a > 0) || !(b > 0) || Double.isInfinite(a) || Double.isInfinite(b)) {
            throw new IllegalArgumentException("Beta shapes must be finite and > 0, got " + a + " and " + b);
        }
        double logX = logGamma(a, rng);
        double logY = logGamma(b, rng);
        return 1.0 / (1.0 + Math.exp(logY - logX));   // X / (X + Y)
    }

    /** The logarithm of a Gamma(shape, 1) draw. */
    static double logGamma(double shape, RandomGenerator rng) {
        if (shape < 1) {
            double u = 1.0 - rng.nextDouble();                  // (0, 1]
            return logGamma(shape + 1, rng) + Math.log(u) / shape;
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1.0 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1.0 - rng.nextDouble();
            if (u < 1.0 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1.0 - v + Math.log(v))) {
                return Math.log(d * v);
            }
        }
    }
}
