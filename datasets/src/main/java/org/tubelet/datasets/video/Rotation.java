package org.tubelet.datasets.video;

/**
 * The clockwise rotation a player applies to decoded frames before showing them (phone videos are usually
 * stored landscape with a rotation in the container). Decoders apply it, so clips come out the way the video
 * is meant to be seen, as {@code ffmpeg} does by default ({@code -autorotate}).
 */
public enum Rotation {
    /** Shown as stored. */
    NONE(0),
    /** Rotate 90 degrees clockwise; width and height swap. */
    CW90(90),
    /** Rotate 180 degrees. */
    CW180(180),
    /** Rotate 270 degrees clockwise (90 counter-clockwise); width and height swap. */
    CW270(270);

    private final int degrees;

    Rotation(int degrees) {
        this.degrees = degrees;
    }

    /** Clockwise degrees: 0, 90, 180 or 270. */
    public int degreesClockwise() {
        return degrees;
    }

    /** Whether width and height swap. */
    public boolean swapsSides() {
        return this == CW90 || this == CW270;
    }

    /**
     * The rotation nearest to an angle in clockwise degrees (any real number; reduced modulo 360 and rounded
     * to the nearest multiple of 90).
     */
    public static Rotation nearest(double degreesClockwise) {
        long quarter = Math.round(degreesClockwise / 90.0);
        return values()[(int) Math.floorMod(quarter, 4L)];
    }

    /**
     * The rotation described by an FFmpeg display matrix angle ({@code av_display_rotation_get}, counter-clockwise
     * degrees): {@code ffmpeg}'s autorotate turns the frame by {@code -angle} clockwise.
     */
    public static Rotation fromDisplayMatrixAngle(double counterClockwiseDegrees) {
        return nearest(-counterClockwiseDegrees);
    }

    /**
     * Rotates one frame.
     *
     * @param src       {@code [h, w, 3]} at {@code srcOffset}
     * @param h         stored height
     * @param w         stored width
     * @param dst       receives the rotated frame ({@code [w, h, 3]} for 90 and 270) at {@code dstOffset}; must
     *                  not overlap {@code src}
     * @param dstOffset where to write
     */
    public void apply(byte[] src, int srcOffset, int h, int w, byte[] dst, int dstOffset) {
        int c = VideoClip.CHANNELS;
        if (this == NONE) {
            System.arraycopy(src, srcOffset, dst, dstOffset, h * w * c);
            return;
        }
        int outW = swapsSides() ? h : w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int oy;
                int ox;
                switch (this) {
                    case CW90 -> { // output (oy, ox) = input (h - 1 - ox, oy)
                        oy = x;
                        ox = h - 1 - y;
                    }
                    case CW180 -> {
                        oy = h - 1 - y;
                        ox = w - 1 - x;
                    }
                    default -> { // CW270: output (oy, ox) = input (ox, w - 1 - oy)
                        oy = w - 1 - x;
                        ox = y;
                    }
                }
                int s = srcOffset + (y * w + x) * c;
                int d = dstOffset + (oy * outW + ox) * c;
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
    }
}
