package org.tubelet.train.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tubelet.datasets.Seeds;
import org.tubelet.datasets.video.VideoClip;

/**
 * An in-memory synthetic video set for tests, demos and benchmarks: a square or disc moving in one of K directions at
 * a random speed over a noisy background. The class is the direction, so no single frame gives it away. Video i is a
 * pure function of (seed, i); nothing is stored.
 *
 * @param classes number of directions (2, 4 or 8); class c moves at angle 2πc/K (0 = right, counter-clockwise)
 * @param frames frames per video
 * @param size frame side in pixels
 * @param seed the set's seed
 */
public record SyntheticMotion(int classes, int frames, int size, long seed) {

    public SyntheticMotion {
        if (classes != 2 && classes != 4 && classes != 8) {
            throw new IllegalArgumentException("synthetic classes = " + classes + ": expected 2, 4 or 8");
        }
        if (frames < 2 || size < 8) {
            throw new IllegalArgumentException("synthetic videos need ≥ 2 frames and ≥ 8 pixels, got " + frames
                    + " frames of " + size + "²");
        }
    }

    /** Direction names, index = class. */
    public List<String> classNames() {
        String[] eight = {"right", "up_right", "up", "up_left", "left", "down_left", "down", "down_right"};
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add(eight[c * 8 / classes]);
        }
        return names;
    }

    /** Class of video {@code i} (balanced: i mod K). */
    public int label(long i) {
        return (int) (i % classes);
    }

    /** Video {@code i} ({@code [frames, size, size, 3]} RGB). {@code split} keeps train and val videos apart. */
    public VideoClip video(int split, long i) {
        SplittableRandom rng = new SplittableRandom(Seeds.of(seed, split, i));
        int label = label(i);
        double angle = 2 * Math.PI * label / classes;
        double unit = size / 32.0;
        double speed = (0.6 + 0.6 * rng.nextDouble()) * unit;                   // pixels per frame
        double dx = Math.cos(angle) * speed;
        double dy = -Math.sin(angle) * speed;                                    // image y grows downwards
        int side = Math.max(3, (int) Math.round((5 + rng.nextInt(4)) * unit));
        boolean disc = rng.nextBoolean();
        double travelX = dx * (frames - 1);
        double travelY = dy * (frames - 1);
        double x0 = place(rng, travelX, side);
        double y0 = place(rng, travelY, side);
        int[] fg = brightColour(rng);
        int[] bg = {rng.nextInt(60), rng.nextInt(60), rng.nextInt(60)};
        byte[] rgb = new byte[frames * size * size * 3];
        for (int t = 0; t < frames; t++) {
            double cx = x0 + dx * t;
            double cy = y0 + dy * t;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    boolean inside = disc
                            ? sq(x + 0.5 - cx - side / 2.0) + sq(y + 0.5 - cy - side / 2.0) <= sq(side / 2.0)
                            : x >= Math.round(cx) && x < Math.round(cx) + side && y >= Math.round(cy)
                                    && y < Math.round(cy) + side;
                    int o = ((t * size + y) * size + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        int v = (inside ? fg[c] : bg[c]) + rng.nextInt(41) - 20;
                        rgb[o + c] = (byte) Math.max(0, Math.min(255, v));
                    }
                }
            }
        }
        return new VideoClip(frames, size, size, rgb);
    }

    /** A start coordinate that keeps the whole path inside the frame. */
    private double place(SplittableRandom rng, double travel, int side) {
        double lo = Math.max(0, -travel);
        double hi = Math.min(size - side, size - side - travel);
        return hi <= lo ? Math.max(0, (size - side - travel) / 2) : lo + rng.nextDouble() * (hi - lo);
    }

    private static int[] brightColour(SplittableRandom rng) {
        int[] c = {120 + rng.nextInt(136), 120 + rng.nextInt(136), 120 + rng.nextInt(136)};
        c[rng.nextInt(3)] = 255;
        return c;
    }

    private static double sq(double v) {
        return v * v;
    }
}
