package org.tubelet.datasets.processing;

/**
 * The size of one frame in pixels, height first (as Hugging Face's {@code {"height": h, "width": w}}).
 *
 * @param height rows (> 0)
 * @param width  columns (> 0)
 */
public record FrameSize(int height, int width) {

    /** Validates that both sides are positive. */
    public FrameSize {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got height=" + height + ", width=" + width);
        }
    }

    /** Pixels in one frame: {@code height * width}. */
    public int pixels() {
        return Math.multiplyExact(height, width);
    }

    @Override
    public String toString() {
        return height + "x" + width + " (HxW)";
    }
}
