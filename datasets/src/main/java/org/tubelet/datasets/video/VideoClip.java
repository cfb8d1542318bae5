package org.tubelet.datasets.video;

import java.util.Arrays;
import java.util.Objects;

/**
 * A clip of decoded video frames: 8-bit RGB, laid out {@code [T, H, W, 3]} in C order.
 *
 * <p>Dimension legend: {@code T} = frames, {@code H} = height, {@code W} = width, {@code 3} = R, G, B.
 * The byte for {@code (t, y, x, c)} is {@code rgb[((t * H + y) * W + x) * 3 + c]}, read as unsigned (0..255).
 *
 * <p>Decoders produce clips, samplers pick frames with {@link #subClip(int[])}, processors and augmentations
 * consume them. The {@code rgb} array is <b>not copied</b> (clips are large): whoever builds a clip hands the
 * array over and must not modify it afterwards. {@link #equals} compares the pixel bytes.
 *
 * @param frames number of frames {@code T} (> 0)
 * @param height frame height {@code H} in pixels (> 0)
 * @param width  frame width {@code W} in pixels (> 0)
 * @param rgb    pixel bytes {@code [T, H, W, 3]}, length {@code T * H * W * 3}
 */
public record VideoClip(int frames, int height, int width, byte[] rgb) {

    /** Number of colour channels (R, G, B). */
    public static final int CHANNELS = 3;

    /** Validates the dimensions and the array length. */
    public VideoClip {
        if (frames <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("VideoClip dimensions must be positive, got frames=" + frames
                    + ", height=" + height + ", width=" + width);
        }
        Objects.requireNonNull(rgb, "rgb");
        long expected = (long) frames * height * width * CHANNELS;
        if (rgb.length != expected) {
            throw new IllegalArgumentException("VideoClip rgb has " + rgb.length + " bytes, expected frames*height*width*3 = "
                    + frames + "*" + height + "*" + width + "*3 = " + expected);
        }
    }

    /** Bytes in one frame: {@code H * W * 3}. */
    public int frameBytes() {
        return height * width * CHANNELS;
    }

    /** Offset of frame {@code t} in {@link #rgb()}. */
    public int frameOffset(int t) {
        Objects.checkIndex(t, frames);
        return t * frameBytes();
    }

    /** The value (0..255) of channel {@code c} of pixel {@code (y, x)} in frame {@code t}. */
    public int get(int t, int y, int x, int c) {
        Objects.checkIndex(t, frames);
        Objects.checkIndex(y, height);
        Objects.checkIndex(x, width);
        Objects.checkIndex(c, CHANNELS);
        return rgb[((t * height + y) * width + x) * CHANNELS + c] & 0xFF;
    }

    /**
     * A new clip made of the given frames, in the given order. Indices may repeat (samplers pad short videos
     * by repeating frames). The bytes are copied.
     *
     * @param frameIndices indices into this clip, each in {@code [0, T)}, at least one
     * @return a clip of shape {@code [frameIndices.length, H, W, 3]}
     */
    public VideoClip subClip(int[] frameIndices) {
        Objects.requireNonNull(frameIndices, "frameIndices");
        if (frameIndices.length == 0) {
            throw new IllegalArgumentException("subClip needs at least one frame index");
        }
        int frameBytes = frameBytes();
        byte[] out = new byte[Math.multiplyExact(frameIndices.length, frameBytes)];
        for (int i = 0; i < frameIndices.length; i++) {
            int t = frameIndices[i];
            if (t < 0 || t >= frames) {
                throw new IndexOutOfBoundsException("subClip frame index " + t + " at position " + i
                        + " is outside [0, " + frames + ")");
            }
            System.arraycopy(rgb, t * frameBytes, out, i * frameBytes, frameBytes);
        }
        return new VideoClip(frameIndices.length, height, width, out);
    }

    /**
     * The same region of every frame, copied.
     *
     * @return a clip of shape {@code [T, height, width, 3]}
     * @throws IllegalArgumentException when the region does not lie inside the frame
     */
    public VideoClip region(int top, int left, int height, int width) {
        if (top < 0 || left < 0 || height <= 0 || width <= 0 || top + height > this.height
                || left + width > this.width) {
            throw new IllegalArgumentException("crop " + width + "x" + height + " at (" + left + ", " + top
                    + ") does not fit in " + this.width + "x" + this.height + " (WxH)");
        }
        byte[] out = new byte[frames * height * width * CHANNELS];
        int rowBytes = width * CHANNELS;
        int d = 0;
        for (int t = 0; t < frames; t++) {
            int base = frameOffset(t);
            for (int y = 0; y < height; y++) {
                System.arraycopy(rgb, base + ((top + y) * this.width + left) * CHANNELS, out, d, rowBytes);
                d += rowBytes;
            }
        }
        return new VideoClip(frames, height, width, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VideoClip other
                && frames == other.frames && height == other.height && width == other.width
                && Arrays.equals(rgb, other.rgb);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(frames, height, width) + Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "VideoClip[T=" + frames + ", H=" + height + ", W=" + width + ", 3]";
    }
}
