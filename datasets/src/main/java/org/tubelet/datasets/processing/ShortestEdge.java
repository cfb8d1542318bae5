package org.tubelet.datasets.processing;

/**
 * Hugging Face's shortest-edge rule ({@code get_resize_output_image_size(..., default_to_square=False)},
 * transformers v4.37.2 {@code image_transforms.py:209-273}): the shorter side becomes {@code shortestEdge}, the
 * longer side keeps the aspect ratio and is <b>truncated</b> ({@code int(s * long / short)}).
 *
 * <p>Examples: 240x320 (HxW) to 224 gives 224x298; 107x190 to 72 gives 72x127; a square stays square.
 * The long side is computed with exact integer floor division {@code (s * long) / short}, which equals Python's
 * {@code int(s * long / short)} for all realistic sizes; {@code s * (long / (double) short)} does not (s=224,
 * long=61, short=7 gives 1952, not 1951).
 *
 * @param shortestEdge the length of the shorter side after resizing (> 0)
 */
public record ShortestEdge(int shortestEdge) implements ResizeRule {

    /** Validates that the edge is positive. */
    public ShortestEdge {
        if (shortestEdge <= 0) {
            throw new IllegalArgumentException("shortest_edge must be > 0, got " + shortestEdge);
        }
    }

    /**
     * The length of the long side after resizing.
     *
     * @param shortestEdge the new short side {@code s}
     * @param longSide     the current long side
     * @param shortSide    the current short side
     * @return {@code floor(s * longSide / shortSide)}
     */
    public static int scaledLongSide(int shortestEdge, int longSide, int shortSide) {
        if (shortestEdge <= 0 || longSide <= 0 || shortSide <= 0) {
            throw new IllegalArgumentException("sides must be positive, got s=" + shortestEdge + ", long=" + longSide
                    + ", short=" + shortSide);
        }
        return Math.toIntExact((long) shortestEdge * longSide / shortSide);
    }

    @Override
    public FrameSize outputSize(FrameSize input) {
        int height = input.height();
        int width = input.width();
        if (width <= height) { // portrait or square: width is the short side
            return new FrameSize(scaledLongSide(shortestEdge, height, width), shortestEdge);
        }
        return new FrameSize(shortestEdge, scaledLongSide(shortestEdge, width, height));
    }
}
