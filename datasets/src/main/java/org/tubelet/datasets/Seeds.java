package org.tubelet.datasets;

import java.util.SplittableRandom;

/**
 * Derivation of independent random streams from one run seed, so that every random choice of a run (epoch order,
 * the frames of a clip, its augmentation) depends only on the seed and on <em>what</em> is drawn, never on thread
 * scheduling or on how many workers there are.
 *
 * <p>The mixing function is SplitMix64's finaliser ({@code mix64} of {@link SplittableRandom}), applied to a
 * combination of the inputs; different inputs give statistically independent seeds.
 */
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /**
     * Mixes two values into a new 64-bit seed.
     *
     * @param a first value (e.g. a parent seed)
     * @param b second value (e.g. an index)
     * @return a well-mixed seed; changes in either input change about half of the output bits
     */
    public static long mix(long a, long b) {
        return mix64(mix64(a + GOLDEN_GAMMA) ^ (b * GOLDEN_GAMMA + 0x632BE59BD9B4E019L));
    }

    /** The seed of one epoch of a run. */
    public static long epochSeed(long runSeed, int epoch) {
        return mix(runSeed, 0x45504F4348L + epoch); // "EPOCH" + epoch
    }

    /** The seed of one sample in one epoch: what its clip sampler and augmentation draw from. */
    public static long sampleSeed(long epochSeed, long sampleIndex) {
        return mix(epochSeed, sampleIndex);
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
