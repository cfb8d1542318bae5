package org.tubelet.train.listeners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.models.Activation;
import org.tubelet.models.EncoderFields;
import org.tubelet.models.HfMeta;
import org.tubelet.models.videomae.MaskingStrategy;
import org.tubelet.models.videomae.TubeMaskGenerator;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.train.listeners.ReconstructionGrid.Panel;

/**
 * The reconstruction picture, pixel by pixel against its definition: the clip as the loader read it (input · std +
 * mean), grey where a panel shows nothing, the predictions mapped from the target space back to pixels (de-normalised
 * per patch with {@code norm_pix_loss}), and the visible patches of the last panel identical to the input.
 */
class ReconstructionGridTest {
    private static final int FRAMES = 4;
    private static final int SIZE = 16;
    private static final int PATCH = 8;
    private static final int TUBELET = 2;
    private static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    private static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};
    private static final List<Double> MEAN = List.of(0.45, 0.5, 0.55);
    private static final List<Double> STD = List.of(0.25, 0.3, 0.2);

    @TempDir
    Path dir;

    static VideoMaeConfig config(boolean normPix, int frames) {
        return new VideoMaeConfig(SIZE, PATCH, 3, frames, TUBELET, new EncoderFields(16, 1, 2, 32, Activation.GELU,
                0.0, 0.0, 0.02, 1e-12, true), false, 2, 16, 1, 32, normPix, HfMeta.defaults(List.of()));
    }

    /** Input values whose pixels (x·std + mean) lie in [0, 1]. */
    static INDArray clips(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray u = Nd4j.rand(DataType.FLOAT, n, FRAMES, 3, SIZE, SIZE);          // pixels in [0, 1)
        INDArray mean = Nd4j.createFromArray(MEAN.stream().map(Double::floatValue).toArray(Float[]::new))
                .reshape(1, 1, 3, 1, 1);
        INDArray std = Nd4j.createFromArray(STD.stream().map(Double::floatValue).toArray(Float[]::new))
                .reshape(1, 1, 3, 1, 1);
        return u.sub(mean).div(std);
    }

    static int expectedByte(double pixel) {
        return (int) Math.round(Math.max(0, Math.min(1, pixel)) * 255);
    }

    /** Colour of pixel (y, x) of frame t of clip b as the loader read it. */
    static int original(INDArray pixels, int b, int t, int y, int x) {
        int rgb = 0;
        for (int k = 0; k < 3; k++) {
            rgb = rgb << 8 | expectedByte(pixels.getFloat(b, t, k, y, x) * STD.get(k) + MEAN.get(k));
        }
        return rgb;
    }

    static int token(int t, int y, int x) {
        int grid = SIZE / PATCH;
        return (t / TUBELET) * grid * grid + (y / PATCH) * grid + x / PATCH;
    }

    /** The index of value (dt, py, px, k) in a patch vector: HF's (dt, ph, pw, c) order, c fastest. */
    static int valueIndex(int t, int y, int x, int k) {
        return (((t % TUBELET) * PATCH + y % PATCH) * PATCH + x % PATCH) * 3 + k;
    }

    /** Rank of a masked token among the clip's masked tokens (predictions come in increasing token order). */
    static int rank(boolean[] mask, int token) {
        int r = 0;
        for (int i = 0; i < token; i++) {
            r += mask[i] ? 1 : 0;
        }
        return r;
    }

    /** A target-space value (ImageNet-un-normalised) as the pixel the loader's normalisation gives. */
    static double pixelOfTarget(double v, int k) {
        return (v - IMAGENET_MEAN[k]) / IMAGENET_STD[k] * STD.get(k) + MEAN.get(k);
    }

    static int rgbAt(BufferedImage img, ReconstructionGrid g, int row, int column, Panel panel, int y, int x) {
        int s = g.scale();
        int px = g.tileX(column, panel) + x * s;
        int py = g.tileY(row) + y * s;
        int rgb = img.getRGB(px, py) & 0xFFFFFF;
        assertEquals(rgb, img.getRGB(px + s - 1, py + s - 1) & 0xFFFFFF, "a pixel is a whole block");
        return rgb;
    }

    static void assertClose(int expected, int actual, String where) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int e = expected >> shift & 0xFF;
            int a = actual >> shift & 0xFF;
            assertTrue(Math.abs(e - a) <= 1, where + ": expected " + Integer.toHexString(expected) + ", got "
                    + Integer.toHexString(actual));
        }
    }

    @Test
    void everyPanelShowsWhatItsDefinitionSays() throws Exception {
        VideoMaeConfig c = config(false, FRAMES);
        INDArray pixels = clips(2, 3);
        TubeMaskGenerator gen = TubeMaskGenerator.forConfig(c, 0.5, MaskingStrategy.RANDOM);
        boolean[][] masks = gen.generate(2, 11);
        Nd4j.getRandom().setSeed(5);
        INDArray predictions = Nd4j.rand(DataType.FLOAT, 2, gen.maskedPerClip(), c.patchValues()).mul(0.8).add(0.1);
        ReconstructionGrid grid = new ReconstructionGrid(c, MEAN, STD);
        BufferedImage drawn = grid.draw(pixels, masks, predictions, "test");
        // the PNG as written, read back
        BufferedImage img = ImageIO.read(RunImages.writePng(dir.resolve("grid.png"), drawn).toFile());
        assertArrayEquals(new int[]{0, 1, 2, 3}, grid.framesShown());
        assertEquals(4, grid.scale(), "16-pixel frames are enlarged to 64");
        int maskedSeen = 0;
        int visibleSeen = 0;
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < FRAMES; t++) {
                for (int y = 0; y < SIZE; y++) {
                    for (int x = 0; x < SIZE; x++) {
                        String where = "clip " + b + " frame " + t + " (" + y + ", " + x + ")";
                        int orig = original(pixels, b, t, y, x);
                        int tok = token(t, y, x);
                        assertEquals(orig, rgbAt(img, grid, b, t, Panel.ORIGINAL, y, x), where);
                        if (masks[b][tok]) {
                            maskedSeen++;
                            int pred = 0;
                            for (int k = 0; k < 3; k++) {
                                pred = pred << 8 | expectedByte(pixelOfTarget(predictions.getDouble(b,
                                        rank(masks[b], tok), valueIndex(t, y, x, k)), k));
                            }
                            assertEquals(ReconstructionGrid.GREY, rgbAt(img, grid, b, t, Panel.MASKED, y, x), where);
                            assertClose(pred, rgbAt(img, grid, b, t, Panel.RECONSTRUCTION, y, x), where);
                            assertClose(pred, rgbAt(img, grid, b, t, Panel.PASTED, y, x), where);
                        } else {
                            visibleSeen++;
                            assertEquals(orig, rgbAt(img, grid, b, t, Panel.MASKED, y, x), where);
                            assertEquals(ReconstructionGrid.GREY, rgbAt(img, grid, b, t, Panel.RECONSTRUCTION, y, x),
                                    where);
                            assertEquals(orig, rgbAt(img, grid, b, t, Panel.PASTED, y, x),
                                    where + ": a visible patch pasted back is the input, exactly");
                        }
                    }
                }
            }
        }
        assertTrue(maskedSeen > 0 && visibleSeen > 0);
    }

    @Test
    void normPixPredictionsAreDenormalisedWithTheOriginalPatchsStatistics() {
        VideoMaeConfig c = config(true, FRAMES);
        INDArray pixels = clips(1, 8);
        TubeMaskGenerator gen = TubeMaskGenerator.forConfig(c, 0.5, MaskingStrategy.TUBE);
        boolean[][] masks = gen.generate(1, 2);
        Nd4j.getRandom().setSeed(9);
        INDArray predictions = Nd4j.randn(DataType.FLOAT, 1, gen.maskedPerClip(), c.patchValues()).mul(0.5);
        ReconstructionGrid grid = new ReconstructionGrid(c, MEAN, STD);
        BufferedImage img = grid.draw(pixels, masks, predictions, "norm pix");
        int checked = 0;
        for (int t = 0; t < FRAMES; t++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int tok = token(t, y, x);
                    if (!masks[0][tok]) {
                        continue;
                    }
                    int expected = 0;
                    for (int k = 0; k < 3; k++) {
                        // mean and unbiased std over the patch's values of channel k, in the target space
                        int t0 = t / TUBELET * TUBELET;
                        int y0 = y / PATCH * PATCH;
                        int x0 = x / PATCH * PATCH;
                        double sum = 0;
                        double sq = 0;
                        int n = TUBELET * PATCH * PATCH;
                        double[] v = new double[n];
                        int i = 0;
                        for (int dt = 0; dt < TUBELET; dt++) {
                            for (int py = 0; py < PATCH; py++) {
                                for (int px = 0; px < PATCH; px++) {
                                    v[i] = pixels.getDouble(0, t0 + dt, k, y0 + py, x0 + px) * IMAGENET_STD[k]
                                            + IMAGENET_MEAN[k];
                                    sum += v[i++];
                                }
                            }
                        }
                        double mean = sum / n;
                        for (double d : v) {
                            sq += (d - mean) * (d - mean);
                        }
                        double std = Math.sqrt(sq / (n - 1)) + 1e-6;
                        double target = predictions.getDouble(0, rank(masks[0], tok), valueIndex(t, y, x, k)) * std
                                + mean;
                        expected = expected << 8 | expectedByte(pixelOfTarget(target, k));
                    }
                    assertClose(expected, rgbAt(img, grid, 0, t, Panel.PASTED, y, x), "frame " + t + " (" + y + ", "
                            + x + ")");
                    checked++;
                }
            }
        }
        assertEquals(gen.maskedPerClip() * TUBELET * PATCH * PATCH, checked);
    }

    @Test
    void longClipsShowAtMostEightEvenlySpacedFrames() {
        ReconstructionGrid grid = new ReconstructionGrid(config(false, 16), MEAN, STD);
        assertArrayEquals(new int[]{0, 2, 4, 6, 8, 10, 12, 14}, grid.framesShown());
        assertTrue(grid.tileX(0, Panel.MASKED) >= grid.tileX(0, Panel.ORIGINAL) + SIZE * grid.scale(),
                "tiles do not overlap");
        assertTrue(grid.tileX(1, Panel.ORIGINAL) > grid.tileX(0, Panel.PASTED) + SIZE * grid.scale());
    }
}
