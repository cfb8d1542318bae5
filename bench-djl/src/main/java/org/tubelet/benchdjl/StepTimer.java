package org.tubelet.benchdjl;

import java.util.Arrays;

/** Times a step in its steady state: {@code warmup} unmeasured runs, then {@code steps} measured ones. */
public final class StepTimer {

    /** Median, fastest and slowest of the measured steps, milliseconds. */
    public record Timing(double medianMs, double minMs, double maxMs) {
    }

    private StepTimer() {
    }

    /** Runs {@code step} warmup + steps times and summarises the measured ones. */
    public static Timing time(Runnable step, int warmup, int steps) {
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            step.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return summarise(ms);
    }

    /** The median (mean of the two middle values for an even count), minimum and maximum. */
    public static Timing summarise(double... ms) {
        if (ms.length == 0) {
            throw new IllegalArgumentException("no measured steps");
        }
        double[] s = ms.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return new Timing(median, s[0], s[n - 1]);
    }
}
