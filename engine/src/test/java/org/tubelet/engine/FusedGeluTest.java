package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link FusedGelu}'s own approximation of erf (the node itself is covered by {@link FusedNodesTest}). */
class FusedGeluTest {

    /** erf in double: its Taylor series below 3, the asymptotic series of erfc above. */
    private static double referenceErf(double x) {
        double a = Math.abs(x);
        double r;
        if (a < 3) {
            double term = a;
            double sum = a;
            for (int n = 1; n < 80; n++) {
                term *= -a * a / n;
                sum += term / (2 * n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double s = 1;
            double t = 1;
            for (int n = 1; n < 8; n++) {
                t *= -(2 * n - 1) / (2 * a * a);
                s += t;
            }
            r = 1 - Math.exp(-a * a) / (a * Math.sqrt(Math.PI)) * s;
        }
        return Math.copySign(r, x);
    }

    @Test
    void thePolynomialErfIsWithinItsStatedError() {
        double worst = 0;
        for (int i = -60_000; i <= 60_000; i++) {
            float x = i / 10_000f;                                     // [-6, 6]
            worst = Math.max(worst, Math.abs(FusedGelu.erf(x) - referenceErf(x)));
        }
        assertTrue(worst < 1.7e-6, "max |erf error| = " + worst);
        assertEquals(0f, FusedGelu.erf(0f));
        assertEquals(1f, FusedGelu.erf(Float.POSITIVE_INFINITY));
        assertEquals(-1f, FusedGelu.erf(-1e30f));
        assertTrue(Float.isNaN(FusedGelu.erf(Float.NaN)));
    }
}
