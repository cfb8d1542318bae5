package org.tubelet.datasets.video;

import java.util.Objects;

/**
 * A decoded clip with what it cost: how many frames the decoder had to decode (including the frames between a
 * keyframe and the first wanted frame) and how many seeks it made.
 *
 * @param clip          the frames asked for
 * @param framesDecoded video frames decoded to produce them
 * @param seeks         seeks made
 */
public record DecodeResult(VideoClip clip, int framesDecoded, int seeks) {

    /** Validates the values. */
    public DecodeResult {
        Objects.requireNonNull(clip, "clip");
        if (framesDecoded < 0 || seeks < 0) {
            throw new IllegalArgumentException("framesDecoded and seeks must be >= 0, got " + framesDecoded + ", " + seeks);
        }
    }
}
