package org.tubelet.datasets.processing;

/**
 * A rectangle of pixels inside a frame: rows {@code [top, top + height)}, columns {@code [left, left + width)}.
 *
 * @param top    first row (>= 0)
 * @param left   first column (>= 0)
 * @param height rows (> 0)
 * @param width  columns (> 0)
 */
public record FrameRegion(int top, int left, int height, int width) {

    /** Validates that the rectangle is non-empty and starts inside the first quadrant. */
    public FrameRegion {
        if (top < 0 || left < 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("invalid region top=" + top + ", left=" + left + ", height=" + height
                    + ", width=" + width + "; expected top, left >= 0 and height, width > 0");
        }
    }

    /** The whole frame of the given size. */
    public static FrameRegion all(FrameSize size) {
        return new FrameRegion(0, 0, size.height(), size.width());
    }

    /** The size of this region. */
    public FrameSize size() {
        return new FrameSize(height, width);
    }

    /** Whether the region lies inside a frame of the given size. */
    public boolean fitsIn(FrameSize frame) {
        return top + height <= frame.height() && left + width <= frame.width();
    }
}
