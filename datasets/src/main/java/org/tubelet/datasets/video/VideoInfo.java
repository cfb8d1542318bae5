package org.tubelet.datasets.video;

import java.util.Objects;

/**
 * What a probe learns about a video without decoding the frames a clip needs.
 *
 * <p>{@code width} and {@code height} are the <em>displayed</em> size, after {@link #rotation()}: the size of the
 * frames {@link ClipSource#decode} returns.
 *
 * @param fps              frames per second (the stream's average frame rate), > 0
 * @param frameCount       number of frames; valid frame indices are {@code [0, frameCount)}; > 0
 * @param frameCountSource how the count was found
 * @param durationSeconds  duration of the video stream in seconds ({@code frameCount / fps} when the container
 *                         has none)
 * @param width            displayed frame width, > 0
 * @param height           displayed frame height, > 0
 * @param codec            FFmpeg's codec name ({@code h264}, {@code vp9}, {@code mpeg4}, {@code theora}, ...) or
 *                         the image format of a frame folder ({@code jpeg}, {@code png})
 * @param rotation         the rotation the decoder applies
 */
public record VideoInfo(double fps, int frameCount, FrameCountSource frameCountSource, double durationSeconds,
                        int width, int height, String codec, Rotation rotation) {

    /** Validates the values. */
    public VideoInfo {
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("fps must be finite and > 0, got " + fps);
        }
        if (frameCount <= 0) {
            throw new IllegalArgumentException("frameCount must be > 0, got " + frameCount);
        }
        if (!(durationSeconds >= 0)) {
            throw new IllegalArgumentException("durationSeconds must be >= 0, got " + durationSeconds);
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height + " (WxH)");
        }
        Objects.requireNonNull(frameCountSource, "frameCountSource");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(rotation, "rotation");
    }
}
