package org.tubelet.datasets.augment;

import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Mirrors every frame left-right with probability {@code p}, and then replaces the class through
 * {@code labelSwap} when it is a key (for datasets where direction is the class, e.g. Something-Something's
 * "Pushing something from left to right").
 *
 * @param p         flip probability in [0, 1]
 * @param labelSwap class to use after a flip, for the classes it names (applied in both directions only if
 *                  both directions are listed)
 */
public record HorizontalFlip(double p, Map<Integer, Integer> labelSwap) implements ClipAugmentation {

    /** Validates the values. */
    public HorizontalFlip {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], got " + p);
        }
        labelSwap = Map.copyOf(Objects.requireNonNull(labelSwap, "labelSwap"));
    }

    /** Flip with probability {@code p}, classes unchanged. */
    public static HorizontalFlip of(double p) {
        return new HorizontalFlip(p, Map.of());
    }

    @Override
    public LabeledClip apply(LabeledClip in, RandomGenerator rng) {
        if (rng.nextDouble() >= p) {
            return in;
        }
        return new LabeledClip(PixelOps.flipHorizontal(in.clip()), labelSwap.getOrDefault(in.label(), in.label()));
    }
}
