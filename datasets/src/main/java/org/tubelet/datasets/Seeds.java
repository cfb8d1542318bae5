package org.tubelet.datasets;

import java.util.SplittableRandom;

/**
 * Derivation of independent random streams from one run seed. Every random choice of a run (epoch order, the frames
 * of a clip, its augmentation, dropout, masks) is drawn from a seed derived from the run's seed and a position
 * (epoch, sample, step, micro-batch, ...), never from a generator's running state and never from thread scheduling
 * or the number of workers. So a resumed run draws exactly the numbers an uninterrupted run would: no RNG state has to
 * survive a {@code kill -9}.
 *
 * <p>There is one mixing function, {@link #of}: SplitMix64's finaliser ({@code mix64} of {@link SplittableRandom})
 * folded over the parts. The other methods are named uses of it.
 */
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final long PART_OFFSET = 0x632BE59BD9B4E019L;
    /** {@code "EPOCH"}: keeps epoch seeds apart from other streams of the same run seed. */
    private static final long EPOCH_TAG = 0x45504F4348L;

    private Seeds() {
    }

    /**
     * A well-mixed 64-bit seed for a position.
     *
     * @param seed  the parent seed (a run seed, an epoch seed, ...)
     * @param parts the position: a stream tag, then indices (step, micro-batch, sample, ...)
     * @return a seed; a change in any input changes about half of the output bits
     */
    public static long of(long seed, long... parts) {
        long h = mix64(seed ^ GOLDEN_GAMMA);
        for (long p : parts) {
            h = mix64(h ^ mix64(p + PART_OFFSET));
        }
        return h;
    }

    /**
     * Mixes two values into a new seed: {@code of(a, b)}.
     *
     * @param a first value (e.g. a parent seed)
     * @param b second value (e.g. an index)
     * @return a well-mixed seed
     */
    public static long mix(long a, long b) {
        return of(a, b);
    }

    /** The seed of one epoch of a run. */
    public static long epochSeed(long runSeed, int epoch) {
        return of(runSeed, EPOCH_TAG, epoch);
    }

    /** The seed of one sample in one epoch: what its clip sampler and augmentation draw from. */
    public static long sampleSeed(long epochSeed, long sampleIndex) {
        return of(epochSeed, sampleIndex);
    }

    /** A random stream for one sample of one epoch of a run. */
    public static SplittableRandom sampleRandom(long runSeed, int epoch, long sampleIndex) {
        return new SplittableRandom(sampleSeed(epochSeed(runSeed, epoch), sampleIndex));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
