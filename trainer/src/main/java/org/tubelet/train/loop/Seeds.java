package org.tubelet.train.loop;

/**
 * Every random stream of a run is derived from the recipe's seed and a position (step, micro-batch, sample, ...), never
 * from a generator's running state. That is what makes a resumed run draw exactly the numbers an uninterrupted run
 * would: no RNG state has to survive a {@code kill -9}.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A well-mixed 64-bit seed for a position (SplitMix64 over the parts). */
    public static long of(long seed, long... parts) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (long p : parts) {
            h = mix(h ^ mix(p + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
