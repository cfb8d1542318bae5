package org.tubelet.datasets.augment;

import java.util.Objects;
import org.tubelet.datasets.video.VideoClip;

/**
 * A clip with its class, as augmentations see it: most change only the pixels, a horizontal flip may also
 * change the class ("pushing left to right" becomes "pushing right to left").
 *
 * @param clip  the frames
 * @param label the class index
 */
public record LabeledClip(VideoClip clip, int label) {

    /** Validates the values. */
    public LabeledClip {
        Objects.requireNonNull(clip, "clip");
    }

    /** The same label with other frames. */
    public LabeledClip withClip(VideoClip other) {
        return new LabeledClip(other, label);
    }
}
