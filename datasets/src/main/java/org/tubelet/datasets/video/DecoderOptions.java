package org.tubelet.datasets.video;

import java.util.Objects;

/**
 * Settings of a {@link VideoDecoder}.
 *
 * @param frameCountPolicy how {@link VideoDecoder#probe} counts frames
 * @param threads          FFmpeg decoding threads per video (>= 1); loaders decode many videos in parallel, so
 *                         1 is usually best
 * @param tailTolerance    how many requested frames past the real end of a video may be filled with its last
 *                         frame (containers often promise a frame or two more than they hold); beyond that
 *                         decoding fails with {@link DecodeFailure#TRUNCATED}; >= 0
 */
public record DecoderOptions(FrameCountPolicy frameCountPolicy, int threads, int tailTolerance) {

    /** Validates the values. */
    public DecoderOptions {
        Objects.requireNonNull(frameCountPolicy, "frameCountPolicy");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (tailTolerance < 0) {
            throw new IllegalArgumentException("tailTolerance must be >= 0, got " + tailTolerance);
        }
    }

    /** Header count else decode, one thread, tail tolerance 2. */
    public static DecoderOptions defaults() {
        return new DecoderOptions(FrameCountPolicy.HEADER_ELSE_DECODE, 1, 2);
    }

    /** A copy with another frame count policy. */
    public DecoderOptions withFrameCountPolicy(FrameCountPolicy policy) {
        return new DecoderOptions(policy, threads, tailTolerance);
    }

    /** A copy with another number of decoding threads. */
    public DecoderOptions withThreads(int n) {
        return new DecoderOptions(frameCountPolicy, n, tailTolerance);
    }
}
