package org.tubelet.datasets.augment;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A random transformation of a whole clip. Every random choice (crop box, flip, operation, magnitude) is drawn
 * once per clip from {@code rng} and applied identically to every frame, so motion is preserved; a clip is
 * reproducible from the seed of its random stream ({@link org.tubelet.datasets.Seeds}).
 *
 * <p>Implementations are immutable and safe to share between threads; all state is in {@code rng}.
 */
public interface ClipAugmentation {

    /**
     * Transforms a clip.
     *
     * @param in  frames {@code [T, H, W, 3]} and class
     * @param rng the sample's random stream
     * @return the transformed clip (a new one; the input is not modified)
     */
    LabeledClip apply(LabeledClip in, RandomGenerator rng);

    /** The augmentations applied in order, each drawing from the same stream. */
    static ClipAugmentation compose(List<ClipAugmentation> steps) {
        List<ClipAugmentation> copy = List.copyOf(steps);
        return (in, rng) -> {
            LabeledClip out = in;
            for (ClipAugmentation step : copy) {
                out = step.apply(out, rng);
            }
            return out;
        };
    }

    /** {@link #compose(List)} of the arguments. */
    static ClipAugmentation compose(ClipAugmentation... steps) {
        return compose(List.of(steps));
    }
}
