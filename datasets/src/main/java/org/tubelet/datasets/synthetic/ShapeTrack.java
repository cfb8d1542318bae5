package org.tubelet.datasets.synthetic;

/**
 * Where the moving square of one synthetic video is: top-left corner {@code (x0 + t vx, y0 + t vy)} at frame
 * {@code t}, side {@code side}; image coordinates (y points down). The whole path stays inside the frame.
 *
 * @param x0   left edge at frame 0
 * @param y0   top edge at frame 0
 * @param vx   pixels per frame to the right
 * @param vy   pixels per frame downwards
 * @param side side of the square in pixels
 */
public record ShapeTrack(double x0, double y0, double vx, double vy, int side) {

    /** Left edge at frame {@code t}, rounded to a pixel. */
    public int left(int t) {
        return (int) Math.round(x0 + t * vx);
    }

    /** Top edge at frame {@code t}, rounded to a pixel. */
    public int top(int t) {
        return (int) Math.round(y0 + t * vy);
    }
}
