package org.tubelet.datasets.video;

/** Where a {@link VideoInfo#frameCount()} comes from, i.e. how far it can be trusted. */
public enum FrameCountSource {
    /** The container's frame count ({@code nb_frames}), checked against duration times frame rate. */
    HEADER,
    /** Duration times frame rate, rounded: the container has no count (no decoding was allowed). */
    DURATION_ESTIMATE,
    /** Counted by decoding every frame. */
    DECODED,
    /** The number of image files in a frame folder. */
    FILES
}
