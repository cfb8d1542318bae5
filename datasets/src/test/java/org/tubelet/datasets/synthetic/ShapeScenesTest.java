package org.tubelet.datasets.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tubelet.datasets.video.VideoClip;
import org.tubelet.datasets.video.VideoFormat;

/** The multi-shape scenes: reproducible, moving, and moving the way their class says. */
class ShapeScenesTest {
    static final SyntheticConfig C = new SyntheticConfig(4, 1, 0, 16, 32, 32, 25, 1, VideoFormat.MP4_H264);

    /** Grey level of (t, y, x), blurred 3×3 so that the shapes' checkers do not alias between frames. */
    static double grey(VideoClip v, int t, int y, int x) {
        double s = 0;
        int n = 0;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int yy = Math.max(0, Math.min(v.height() - 1, y + dy));
                int xx = Math.max(0, Math.min(v.width() - 1, x + dx));
                int o = ((t * v.height() + yy) * v.width() + xx) * 3;
                s += (v.rgb()[o] & 0xFF) + (v.rgb()[o + 1] & 0xFF) + (v.rgb()[o + 2] & 0xFF);
                n++;
            }
        }
        return s / n;
    }

    /**
     * How well motion along (ux, uy) (image coordinates) explains the frame differences: brightness constancy says
     * I_t ≈ −∇I · v, so Σ I_t · (−∇I · u) is largest for the direction the content moves in.
     */
    static double agreement(VideoClip v, double ux, double uy) {
        double s = 0;
        for (int t = 0; t + 1 < v.frames(); t++) {
            for (int y = 1; y + 1 < v.height(); y++) {
                for (int x = 1; x + 1 < v.width(); x++) {
                    double it = grey(v, t + 1, y, x) - grey(v, t, y, x);
                    double gx = (grey(v, t, y, x + 1) - grey(v, t, y, x - 1)) / 2;
                    double gy = (grey(v, t, y + 1, x) - grey(v, t, y - 1, x)) / 2;
                    s += it * -(gx * ux + gy * uy);
                }
            }
        }
        return s;
    }

    @Test
    void reproducibleAndDifferentFromVideoToVideo() {
        VideoClip a = ShapeScenes.render(1, C, new SplittableRandom(3));
        assertEquals(a, ShapeScenes.render(1, C, new SplittableRandom(3)));
        assertNotEquals(a, ShapeScenes.render(1, C, new SplittableRandom(4)));
        assertNotEquals(a.subClip(new int[]{0}), a.subClip(new int[]{C.frames() - 1}), "it moves");
    }

    @Test
    void theShapesMoveInTheClassDirection() {
        // class k moves at 90k degrees counter-clockwise from right: right, up, left, down (image y points down)
        double[][] directions = {{1, 0}, {0, -1}, {-1, 0}, {0, 1}};
        for (int label = 0; label < 4; label++) {
            for (int video = 0; video < 4; video++) {
                VideoClip v = ShapeScenes.render(label, C, new SplittableRandom(100L * label + video));
                int best = -1;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int d = 0; d < 4; d++) {
                    double score = agreement(v, directions[d][0], directions[d][1]);
                    if (score > bestScore) {
                        bestScore = score;
                        best = d;
                    }
                }
                assertEquals(label, best, "video " + video + " of class " + label);
                assertTrue(bestScore > 0);
            }
        }
    }
}
