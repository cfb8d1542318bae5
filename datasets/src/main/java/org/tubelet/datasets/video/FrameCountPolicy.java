package org.tubelet.datasets.video;

/** How {@link VideoDecoder#probe} finds the number of frames. */
public enum FrameCountPolicy {
    /**
     * The header's count when there is one and it agrees with duration times frame rate; otherwise count by
     * decoding every frame (exact, costs one full decode per video, once).
     */
    HEADER_ELSE_DECODE,
    /** The header's count when it agrees with the duration, otherwise duration times frame rate (no decoding). */
    HEADER_ELSE_ESTIMATE,
    /** Always count by decoding every frame. */
    DECODE
}
