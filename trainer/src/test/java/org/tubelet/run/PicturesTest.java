package org.tubelet.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.datasets.video.VideoClip;
import org.tubelet.models.Activation;
import org.tubelet.models.EncoderFields;
import org.tubelet.models.HfMeta;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.train.eval.EvalResult;
import org.tubelet.train.listeners.ConfusionImage;
import org.tubelet.train.listeners.MetricsCsv;
import org.tubelet.train.loop.MetricsRow;

/** The notebooks' pictures, each checked pixel by pixel against what it is defined to show. */
class PicturesTest {

    @TempDir
    Path dir;

    /** 4 frames of 32×32, tubelets of 2 frames × 8×8 pixels: 2 temporal × 4×4 spatial = 32 tokens. */
    private static VideoMaeConfig config() {
        return new VideoMaeConfig(32, 8, 3, 4, 2, new EncoderFields(16, 1, 2, 32, Activation.GELU, 0.0, 0.0, 0.02,
                1e-12, true), false, 2, 8, 1, 16, true, HfMeta.defaults(List.of()));
    }

    private static VideoClip randomClip(int frames, int h, int w) {
        byte[] rgb = new byte[frames * h * w * 3];
        new Random(3).nextBytes(rgb);
        return new VideoClip(frames, h, w, rgb);
    }

    private static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xFFFFFF;
    }

    private static int rgbOf(VideoClip clip, int t, int y, int x) {
        return (clip.get(t, y, x, 0) << 16) | (clip.get(t, y, x, 1) << 8) | clip.get(t, y, x, 2);
    }

    @Test
    void framesAreTheClipsPixelsSideBySideScaled() {
        VideoClip clip = randomClip(3, 5, 7);
        BufferedImage img = Pictures.frames(clip, 2);
        int gap = 2;
        assertEquals(3 * 7 * 2 + 2 * gap, img.getWidth());
        assertEquals(5 * 2, img.getHeight());
        for (int t = 0; t < 3; t++) {
            for (int y = 0; y < 10; y++) {
                for (int x = 0; x < 14; x++) {
                    assertEquals(rgbOf(clip, t, y / 2, x / 2), rgb(img, t * (14 + gap) + x, y), t + "," + y + "," + x);
                }
            }
            if (t < 2) {
                assertEquals(0xFFFFFF, rgb(img, t * (14 + gap) + 14, 0), "white gap after frame " + t);
            }
        }
    }

    @Test
    void maskedGreysExactlyThePatchesOfTheMaskedTokens() {
        VideoMaeConfig c = config();
        VideoClip clip = randomClip(4, 32, 32);
        boolean[] mask = new boolean[32];
        int token = 16 + 2 * 4 + 3;                         // t' = 1 (frames 2, 3), row 2 (y 16..23), column 3 (x 24..31)
        mask[token] = true;
        BufferedImage img = Pictures.masked(clip, mask, c, 1);
        int gap = 2;
        for (int t = 0; t < 4; t++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    boolean hidden = t >= 2 && y >= 16 && y < 24 && x >= 24;
                    int want = 0;
                    for (int ch = 0; ch < 3; ch++) {
                        int v = clip.get(t, y, x, ch);
                        want = (want << 8) | (hidden ? (int) Math.round(0.85 * 128 + 0.15 * v) : v);
                    }
                    assertEquals(want, rgb(img, t * (32 + gap) + x, y), "frame " + t + " y " + y + " x " + x);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Pictures.masked(randomClip(3, 32, 32), mask, c, 1));
        assertThrows(IllegalArgumentException.class, () -> Pictures.masked(clip, new boolean[31], c, 1));
    }

    @Test
    void theGridIsLaidOverTheWholeFrameWhateverItsSize() {
        VideoMaeConfig c = config();
        VideoClip clip = randomClip(4, 64, 96);            // a 4×4 grid of 16×24-pixel cells
        boolean[] mask = new boolean[32];
        mask[0] = true;                                   // t' = 0, row 0, column 0
        BufferedImage img = Pictures.masked(clip, mask, c, 1);
        assertTrue(rgb(img, 23, 15) != rgbOf(clip, 0, 15, 23), "inside the first cell: greyed");
        assertEquals(rgbOf(clip, 0, 15, 24), rgb(img, 24, 15), "first column of the second cell: untouched");
        assertEquals(rgbOf(clip, 0, 16, 23), rgb(img, 23, 16), "first row of the second cell row: untouched");
    }

    @Test
    void confusionFillsEachCellWithItsShareOfTheRow() {
        EvalResult r = new EvalResult(0.875, 1, 0.875, 0.3, new long[][] {{3, 1}, {0, 4}}, 8, 1, List.of("a", "b"));
        BufferedImage img = Pictures.confusion(r);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                colours.add(rgb(img, x, y));
            }
        }
        for (double share : new double[] {0.75, 0.25, 0.0, 1.0}) {
            assertTrue(colours.contains(ConfusionImage.colour(share).getRGB() & 0xFFFFFF), "a cell of share " + share);
        }
        assertTrue(!colours.contains(ConfusionImage.colour(0.5).getRGB() & 0xFFFFFF), "no cell of share 0.5");
    }

    @Test
    void barsAreAsLongAsTheirValues() {
        double[] values = {0.1, 0.6, 0.3};
        BufferedImage img = Pictures.bars(List.of("x", "y", "z"), values);
        int blue = (30 << 16) | (90 << 8) | 200;
        for (int i = 0; i < 3; i++) {
            int y = 5 + i * 22 + 10;
            int count = 0;
            for (int x = 0; x < img.getWidth(); x++) {
                count += rgb(img, x, y) == blue ? 1 : 0;
            }
            assertEquals(Math.round(values[i] * 300), count, "bar " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> Pictures.bars(List.of("x"), values));
    }

    @Test
    void curvesAreTheRunsMetricsPlots() throws Exception {
        EvalResult eval = new EvalResult(0.5, 1, 0.5, 0.7, new long[][] {{1, 1}, {0, 2}}, 4, 1, List.of("a", "b"));
        try (MetricsCsv csv = MetricsCsv.open(dir.resolve("metrics.csv"), List.of())) {
            csv.append(MetricsRow.train(1, 0.1, 1e-3, 1.2, 1, 10, 1, 5));
            csv.append(MetricsRow.train(2, 0.2, 1e-3, 1.0, 1, 10, 1, 5));
        }
        assertEquals(List.of("loss", "lr"), List.copyOf(Pictures.curves(dir).keySet()), "no evaluation yet");
        try (MetricsCsv csv = MetricsCsv.open(dir.resolve("metrics.csv"), List.of(
                MetricsRow.train(1, 0.1, 1e-3, 1.2, 1, 10, 1, 5), MetricsRow.eval(1, 0.1, 1e-3, eval)))) {
            csv.append(MetricsRow.train(2, 0.2, 1e-3, 1.0, 1, 10, 1, 5));
        }
        var curves = Pictures.curves(dir);
        assertEquals(List.of("loss", "lr", "accuracy"), List.copyOf(curves.keySet()));
        curves.values().forEach(img -> assertEquals(List.of(800, 450), List.of(img.getWidth(), img.getHeight())));
    }

    @Test
    void stackPutsEachImageUnderItsCaptionAndPngIsLossless() throws Exception {
        VideoClip clip = randomClip(2, 4, 4);
        BufferedImage a = Pictures.frames(clip, 1);
        BufferedImage b = Pictures.frames(clip, 3);
        BufferedImage s = Pictures.stack(List.of("a", "b"), List.of(a, b));
        assertEquals(b.getWidth(), s.getWidth());
        assertEquals(a.getHeight() + b.getHeight() + 2 * (22 + 6), s.getHeight());
        assertEquals(rgb(b, 5, 5), rgb(s, 5, a.getHeight() + 28 + 22 + 5));
        assertThrows(IllegalArgumentException.class, () -> Pictures.stack(List.of("a"), List.of(a, b)));

        byte[] png = Pictures.png(s);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        for (int y = 0; y < s.getHeight(); y++) {
            for (int x = 0; x < s.getWidth(); x++) {
                assertEquals(rgb(s, x, y), rgb(back, x, y));
            }
        }
    }
}
