package org.tubelet.datasets.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tubelet.datasets.video.VideoClip;

/**
 * A harder synthetic motion task than {@link MovingShapes}' single square, for showing what self-supervised
 * pretraining learns (the pretraining demo): several shapes (squares, discs, crosses; solid or two-colour
 * checkered) of different sizes and speeds all move in the video's direction over a static textured background, and
 * a static bar occludes part of the frame. The class is the common direction (K directions, class {@code k} at
 * {@code 360 k / K} degrees counter-clockwise from "right"), so no single frame gives it away, and colours, shapes,
 * sizes, speeds, places, background and occluder are nuisances a classifier has to learn to ignore.
 *
 * <p>A pure function of (label, config, random stream), like {@link MovingShapes#render}; {@link MovingShapes#generate}
 * writes a dataset of these with {@link MovingShapes.Renderer#SHAPES}.
 */
public final class ShapeScenes {
    /** Shapes per video: from 2 to this many. */
    public static final int MAX_SHAPES = 3;

    private ShapeScenes() {
    }

    private enum Kind { SQUARE, DISC, CROSS }

    /** One moving shape: its path, look and kind. */
    private record Shape(ShapeTrack track, Kind kind, int[] colourA, int[] colourB, int cell) {
        boolean covers(int t, int x, int y) {
            int dx = x - track.left(t);
            int dy = y - track.top(t);
            int side = track.side();
            if (dx < 0 || dy < 0 || dx >= side || dy >= side) {
                return false;
            }
            double r = side / 2.0;
            return switch (kind) {
                case SQUARE -> true;
                case DISC -> (dx + 0.5 - r) * (dx + 0.5 - r) + (dy + 0.5 - r) * (dy + 0.5 - r) <= r * r;
                case CROSS -> Math.abs(dx + 0.5 - r) <= side / 6.0 || Math.abs(dy + 0.5 - r) <= side / 6.0;
            };
        }

        int[] colour(int t, int x, int y) {
            return ((x - track.left(t)) / cell + (y - track.top(t)) / cell) % 2 == 0 ? colourA : colourB;
        }
    }

    /** Renders one video of class {@code label}: {@code [T, H, W, 3]}. */
    public static VideoClip render(int label, SyntheticConfig config, SplittableRandom rng) {
        int frames = config.frames();
        int h = config.height();
        int w = config.width();
        double angle = 2 * Math.PI * label / config.classes();
        List<Shape> shapes = new ArrayList<>();
        int count = 2 + rng.nextInt(MAX_SHAPES - 1);
        for (int i = 0; i < count; i++) {
            shapes.add(shape(angle, h, w, frames, rng));
        }
        byte[] background = background(h, w, rng);
        boolean vertical = rng.nextBoolean();                     // the occluder: a static bar across the frame
        int barWidth = Math.max(2, (vertical ? w : h) / 10);
        int barAt = rng.nextInt((vertical ? w : h) - barWidth);
        int[] barColour = MovingShapes.randomColour(rng, 60, 200);
        byte[] rgb = new byte[frames * h * w * 3];
        for (int t = 0; t < frames; t++) {
            int base = t * h * w * 3;
            System.arraycopy(background, 0, rgb, base, background.length);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int[] c = null;
                    int along = vertical ? x : y;
                    if (along >= barAt && along < barAt + barWidth) {
                        c = barColour;
                    } else {
                        for (Shape s : shapes) {                   // later shapes in front
                            if (s.covers(t, x, y)) {
                                c = s.colour(t, x, y);
                            }
                        }
                    }
                    if (c != null) {
                        int o = base + (y * w + x) * 3;
                        rgb[o] = (byte) c[0];
                        rgb[o + 1] = (byte) c[1];
                        rgb[o + 2] = (byte) c[2];
                    }
                }
            }
        }
        return new VideoClip(frames, h, w, rgb);
    }

    /** A shape of side 1/6 to 1/4 of the short side moving at 0.6 to 1.6 pixels per 32 pixels per frame. */
    private static Shape shape(double angle, int h, int w, int frames, SplittableRandom rng) {
        int shortSide = Math.min(h, w);
        int side = Math.max(3, (int) Math.round(shortSide * (1 / 6.0 + rng.nextDouble() / 12)));
        double speed = shortSide / 32.0 * (0.6 + rng.nextDouble());
        int steps = frames - 1;
        speed = Math.min(speed, 0.8 * (shortSide - side) / steps);        // the whole path stays in the frame
        double vx = speed * Math.cos(angle);
        double vy = -speed * Math.sin(angle);                              // up is -y
        double x0 = Math.max(0, -vx * steps) + rng.nextDouble() * Math.max(0, w - side - Math.abs(vx * steps));
        double y0 = Math.max(0, -vy * steps) + rng.nextDouble() * Math.max(0, h - side - Math.abs(vy * steps));
        Kind kind = Kind.values()[rng.nextInt(Kind.values().length)];
        int[] a = MovingShapes.randomColour(rng, 150, 255);
        int[] b = rng.nextBoolean() ? a : MovingShapes.randomColour(rng, 0, 110);              // solid or checkered
        return new Shape(new ShapeTrack(x0, y0, vx, vy, side), kind, a, b, 2 + rng.nextInt(3));
    }

    /** Static low-contrast stripes in two dark colours. */
    private static byte[] background(int h, int w, SplittableRandom rng) {
        int[] a = MovingShapes.randomColour(rng, 20, 110);
        int[] b = MovingShapes.randomColour(rng, 20, 110);
        double fx = 0.05 + 0.2 * rng.nextDouble();
        double fy = 0.05 + 0.2 * rng.nextDouble();
        double phase = 2 * Math.PI * rng.nextDouble();
        return MovingShapes.stripes(h, w, a, b, fx, fy, phase);
    }
}
