package org.tubelet.datasets.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tubelet.datasets.video.VideoClip;

/**
 * RandAugment's operation list and magnitudes as timm's {@code rand-m7-n4-mstd0.5-inc1} defines them, and random
 * erasing's box count and per-frame mode as timm's {@code RandomErasing} defines them.
 */
class TimmAugmentationsTest {
    private static final int NONE = Integer.MAX_VALUE;

    /** Every byte value 0..255 in every channel, over 2 frames of 16 x 16. */
    private static VideoClip allValues() {
        byte[] rgb = new byte[2 * 16 * 16 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) ((i / 3 + 85 * (i % 3)) & 0xFF);
        }
        return new VideoClip(2, 16, 16, rgb);
    }

    /** A clip of one colour (so painted boxes stand out). */
    private static VideoClip plain(int frames, int h, int w) {
        byte[] rgb = new byte[frames * h * w * 3];
        java.util.Arrays.fill(rgb, (byte) 77);
        return new VideoClip(frames, h, w, rgb);
    }

    @Test
    void theOperationListIsTimmsIncreasingList() {
        // timm's _RAND_INCREASING_TRANSFORMS, in its order
        List<String> timm = List.of("AutoContrast", "Equalize", "Invert", "Rotate", "PosterizeIncreasing",
                "SolarizeIncreasing", "SolarizeAdd", "ColorIncreasing", "ContrastIncreasing", "BrightnessIncreasing",
                "SharpnessIncreasing", "ShearX", "ShearY", "TranslateXRel", "TranslateYRel");
        List<RandAugmentOp> ours = List.of(RandAugmentOp.AUTO_CONTRAST, RandAugmentOp.EQUALIZE, RandAugmentOp.INVERT,
                RandAugmentOp.ROTATE, RandAugmentOp.POSTERIZE, RandAugmentOp.SOLARIZE, RandAugmentOp.SOLARIZE_ADD,
                RandAugmentOp.COLOR, RandAugmentOp.CONTRAST, RandAugmentOp.BRIGHTNESS, RandAugmentOp.SHARPNESS,
                RandAugmentOp.SHEAR_X, RandAugmentOp.SHEAR_Y, RandAugmentOp.TRANSLATE_X, RandAugmentOp.TRANSLATE_Y);
        assertEquals(timm.size(), ours.size());
        assertEquals(EnumSet.copyOf(ours), RandAugmentOp.timmIncreasing());
        RandAugment ra = RandAugment.timm(4, 7, 0.5);
        assertEquals(4, ra.n());
        assertEquals(7.0, ra.magnitude());
        assertEquals(0.5, ra.magnitudeStd());
        assertEquals(0.5, ra.probability(), "timm applies each chosen operation with probability 0.5");
        assertEquals(RandAugmentOp.timmIncreasing(), ra.ops());
    }

    @Test
    void pointOperationsFollowTimmsLevelFormulas() {
        VideoClip clip = allValues();
        RandAugment ra = RandAugment.timm(1, 7, 0);
        for (double m : new double[] {0, 3, 7, 9.5, 10}) {
            double level = m / 10.0;
            int keep = 4 - (int) (level * 4);                 // PosterizeIncreasing: 4 down to 0 bits
            int threshold = 256 - (int) (level * 256);        // SolarizeIncreasing
            int add = (int) (level * 110);                    // SolarizeAdd, threshold 128
            VideoClip inv = ra.apply(RandAugmentOp.INVERT, clip, level, 1);
            VideoClip post = ra.apply(RandAugmentOp.POSTERIZE, clip, level, 1);
            VideoClip sol = ra.apply(RandAugmentOp.SOLARIZE, clip, level, 1);
            VideoClip solAdd = ra.apply(RandAugmentOp.SOLARIZE_ADD, clip, level, 1);
            for (int i = 0; i < clip.rgb().length; i++) {
                int v = clip.rgb()[i] & 0xFF;
                assertEquals(255 - v, inv.rgb()[i] & 0xFF, "invert");
                int mask = keep == 0 ? 0 : (0xFF << (8 - keep)) & 0xFF;
                assertEquals(v & mask, post.rgb()[i] & 0xFF, "posterize m=" + m + " keeps " + keep + " bits of " + v);
                assertEquals(v >= threshold ? 255 - v : v, sol.rgb()[i] & 0xFF, "solarize m=" + m + " of " + v);
                assertEquals(v < 128 ? Math.min(255, v + add) : v, solAdd.rgb()[i] & 0xFF, "solarize_add m=" + m);
            }
        }
    }

    @Test
    void perClipErasingPaintsUpToCountBoxesOfAShareOfTheAreaInEveryFrame() {
        int h = 40;
        int w = 48;
        VideoClip clip = plain(3, h, w);
        int maxCount = 3;
        RandomErasing erasing = new RandomErasing(1.0, new DoubleRange(0.02, 1.0 / 3.0), new DoubleRange(0.3, 1 / 0.3),
                ErasingFill.COLOR, maxCount, false);
        Set<Integer> colourCounts = new HashSet<>();
        for (long seed = 0; seed < 300; seed++) {
            VideoClip out = erasing.apply(new LabeledClip(clip, 0), new SplittableRandom(seed)).clip();
            for (int t = 1; t < 3; t++) {
                assertEquals(out.subClip(new int[] {0}), out.subClip(new int[] {t}), "frame " + t + ", seed " + seed);
            }
            List<int[]> regions = colourRegions(out, 0, clip);
            colourCounts.add(regions.size());
            assertTrue(regions.size() <= maxCount, "at most " + maxCount + " boxes, seed " + seed);
            for (int[] bounds : regions) {  // {minY, maxY, minX, maxX} of one box's visible part
                int area = (bounds[1] - bounds[0] + 1) * (bounds[3] - bounds[2] + 1);
                // a box covers at most 1/3 of the frame divided by the count (≥ the boxes still visible), + rounding
                double limit = (h * w / 3.0) / regions.size();
                assertTrue(area <= limit + 2 * Math.sqrt(limit) + 1, "seed " + seed + ": box of " + area
                        + " pixels with " + regions.size() + " boxes");
            }
        }
        assertTrue(colourCounts.containsAll(List.of(1, 2, 3)), "the count is drawn from 1.." + maxCount + ": "
                + colourCounts);
    }

    @Test
    void perFrameErasingDrawsEachFrameOnItsOwn() {
        VideoClip clip = plain(6, 32, 32);
        RandomErasing perFrame = new RandomErasing(1.0, new DoubleRange(0.02, 1.0 / 3.0), new DoubleRange(0.3, 1 / 0.3),
                ErasingFill.ZERO, 1, true);
        VideoClip out = perFrame.apply(new LabeledClip(clip, 0), new SplittableRandom(5)).clip();
        Set<List<Integer>> boxes = new HashSet<>();
        for (int t = 0; t < 6; t++) {
            List<int[]> regions = colourRegions(out, t, clip);
            assertEquals(1, regions.size(), "frame " + t + " has its own one box");
            int[] b = regions.get(0);
            int area = (b[1] - b[0] + 1) * (b[3] - b[2] + 1);
            assertTrue(area >= 0.02 * 1024 * 0.5 && area <= 1024 / 3.0 * 1.3, "frame " + t + ": " + area);
            boxes.add(List.of(b[0], b[1], b[2], b[3]));
        }
        assertTrue(boxes.size() >= 5, "frames draw their own boxes: " + boxes.size() + " distinct of 6");
        // per-frame probability: with p = 0.5 some frames are erased and some not
        RandomErasing half = new RandomErasing(0.5, new DoubleRange(0.02, 1.0 / 3.0), new DoubleRange(0.3, 1 / 0.3),
                ErasingFill.ZERO, 1, true);
        int erased = 0;
        int frames = 0;
        for (long seed = 0; seed < 40; seed++) {
            VideoClip o = half.apply(new LabeledClip(clip, 0), new SplittableRandom(seed)).clip();
            for (int t = 0; t < 6; t++, frames++) {
                erased += colourRegions(o, t, clip).isEmpty() ? 0 : 1;
            }
        }
        assertEquals(0.5, erased / (double) frames, 0.1, "share of erased frames");
        assertNotEquals(clip, out);
    }

    /**
     * The bounds {minY, maxY, minX, maxX} of each colour painted into frame {@code t} over a clip of one colour.
     */
    private static List<int[]> colourRegions(VideoClip out, int t, VideoClip original) {
        java.util.Map<Integer, int[]> byColour = new java.util.LinkedHashMap<>();
        for (int y = 0; y < out.height(); y++) {
            for (int x = 0; x < out.width(); x++) {
                int rgb = out.get(t, y, x, 0) << 16 | out.get(t, y, x, 1) << 8 | out.get(t, y, x, 2);
                int was = original.get(t, y, x, 0) << 16 | original.get(t, y, x, 1) << 8 | original.get(t, y, x, 2);
                if (rgb != was) {
                    int[] b = byColour.computeIfAbsent(rgb, k -> new int[] {NONE, -1, NONE, -1});
                    b[0] = Math.min(b[0], y);
                    b[1] = Math.max(b[1], y);
                    b[2] = Math.min(b[2], x);
                    b[3] = Math.max(b[3], x);
                }
            }
        }
        return new ArrayList<>(byColour.values());
    }
}
