package org.tubelet.datasets.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tubelet.datasets.Seeds;
import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.video.VideoClip;

class AugmentationTest {

    /** A textured clip whose frames all differ (so per-frame mistakes show). */
    private static VideoClip texture(int frames, int h, int w, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] rgb = new byte[frames * h * w * 3];
        for (int t = 0; t < frames; t++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = ((t * h + y) * w + x) * 3;
                    rgb[i] = (byte) (x * 4 + t * 9);
                    rgb[i + 1] = (byte) (y * 5 + rng.nextInt(20));
                    rgb[i + 2] = (byte) ((x * y) / 3 + 40);
                }
            }
        }
        return new VideoClip(frames, h, w, rgb);
    }

    /** The same frame repeated. */
    private static VideoClip repeated(VideoClip frame, int frames) {
        return frame.subClip(new int[frames]);
    }

    private static List<ClipAugmentation> everyAugmentation() {
        List<ClipAugmentation> all = new ArrayList<>(List.of(
                RandomResizedCrop.of(new FrameSize(24, 24)),
                MultiScaleCrop.of(new FrameSize(20, 20)),
                new MultiScaleCrop(new FrameSize(20, 28), List.of(1.0, 0.8), 1, true, false),
                new MultiScaleCrop(new FrameSize(16, 16), List.of(1.0, 0.875, 0.75, 0.66), 1, false, true),
                HorizontalFlip.of(0.5),
                RandomErasing.of(1.0, ErasingFill.NOISE),
                RandomErasing.of(1.0, ErasingFill.MEAN),
                new ColorJitter(0.4, 0.4, 0.4, 0.1),
                RandAugment.of(4, 9)));
        for (RandAugmentOp op : RandAugmentOp.values()) {
            all.add(new RandAugment(1, 9, 0, 1.0, EnumSet.of(op), List.of(124, 116, 104)));
        }
        return all;
    }

    @Test
    void everyFrameGetsTheSameRandomChoice() {
        VideoClip one = texture(1, 30, 40, 3);
        VideoClip clip = repeated(one, 5);
        for (ClipAugmentation aug : everyAugmentation()) {
            for (long seed = 0; seed < 8; seed++) {
                VideoClip out = aug.apply(new LabeledClip(clip, 0), new SplittableRandom(seed)).clip();
                assertEquals(5, out.frames());
                VideoClip first = out.subClip(new int[] {0});
                for (int t = 1; t < 5; t++) {
                    assertEquals(first, out.subClip(new int[] {t}), aug + " seed " + seed + ": frame " + t
                            + " was transformed differently from frame 0");
                }
            }
        }
    }

    @Test
    void sameSeedSameClipOtherSeedOtherClip() {
        VideoClip clip = texture(4, 30, 40, 5);
        ClipAugmentation pipeline = ClipAugmentation.compose(MultiScaleCrop.of(new FrameSize(24, 24)),
                HorizontalFlip.of(0.5), RandAugment.of(2, 9), RandomErasing.of(0.5, ErasingFill.NOISE));
        for (int sample = 0; sample < 5; sample++) {
            long seed = Seeds.sampleSeed(Seeds.epochSeed(42, 1), sample);
            LabeledClip a = pipeline.apply(new LabeledClip(clip, 1), new SplittableRandom(seed));
            LabeledClip b = pipeline.apply(new LabeledClip(clip, 1), new SplittableRandom(seed));
            assertEquals(a, b, "sample " + sample);
        }
        int distinct = 0;
        LabeledClip reference = pipeline.apply(new LabeledClip(clip, 1), new SplittableRandom(Seeds.sampleSeed(7, 0)));
        for (int sample = 1; sample < 10; sample++) {
            LabeledClip other = pipeline.apply(new LabeledClip(clip, 1), new SplittableRandom(Seeds.sampleSeed(7, sample)));
            distinct += other.equals(reference) ? 0 : 1;
        }
        assertTrue(distinct >= 8, "different samples get different augmentations, got " + distinct + " of 9");
    }

    @Test
    void randomResizedCropFollowsTorchvision() {
        RandomResizedCrop crop = new RandomResizedCrop(new FrameSize(16, 16), new DoubleRange(0.25, 0.5),
                new DoubleRange(0.75, 4.0 / 3.0));
        SplittableRandom rng = new SplittableRandom(9);
        for (int trial = 0; trial < 200; trial++) {
            int[] box = crop.box(60, 80, rng); // top, left, h, w
            assertTrue(box[0] >= 0 && box[1] >= 0 && box[0] + box[2] <= 60 && box[1] + box[3] <= 80);
            double area = box[2] * box[3] / 4800.0;
            double ratio = box[3] / (double) box[2];
            assertTrue(area > 0.23 && area < 0.52, "area " + area);
            assertTrue(ratio > 0.72 && ratio < 1.38, "ratio " + ratio);
        }
        // impossible ratios fall back to the central crop of the nearest allowed ratio
        RandomResizedCrop wide = new RandomResizedCrop(new FrameSize(8, 8), new DoubleRange(0.9, 1.0), new DoubleRange(3, 4));
        assertArrayEquals(new int[] {16, 0, 20, 60}, wide.box(52, 60, rng));
        VideoClip out = crop.apply(new LabeledClip(texture(3, 60, 80, 1), 4), rng).clip();
        assertEquals(16, out.height());
        assertEquals(16, out.width());
    }

    @Test
    void flipMirrorsAndSwapsLabels() {
        VideoClip clip = texture(2, 6, 7, 1);
        HorizontalFlip flip = new HorizontalFlip(1.0, Map.of(3, 4, 4, 3));
        LabeledClip out = flip.apply(new LabeledClip(clip, 3), new SplittableRandom(0));
        assertEquals(4, out.label());
        assertEquals(clip.get(1, 2, 0, 1), out.clip().get(1, 2, 6, 1));
        assertEquals(7, flip.apply(new LabeledClip(clip, 7), new SplittableRandom(0)).label());
        assertEquals(new LabeledClip(clip, 3), HorizontalFlip.of(0.0).apply(new LabeledClip(clip, 3), new SplittableRandom(0)));
    }

    @Test
    void randAugmentOperationsDoWhatTheySay() {
        VideoClip clip = texture(2, 20, 20, 2);
        RandAugment ra = RandAugment.of(1, 5);
        assertEquals(clip, ra.apply(RandAugmentOp.IDENTITY, clip, 1, 1));
        VideoClip solarized = ra.apply(RandAugmentOp.SOLARIZE, clip, 1.0, 1); // threshold 0: everything inverted
        assertEquals(255 - clip.get(1, 3, 4, 2), solarized.get(1, 3, 4, 2));
        VideoClip posterized = ra.apply(RandAugmentOp.POSTERIZE, clip, 1.0, 1); // 4 bits
        for (byte b : posterized.rgb()) {
            assertEquals(0, b & 0x0F);
        }
        VideoClip stretched = ra.apply(RandAugmentOp.AUTO_CONTRAST, clip, 0, 1);
        int min = 255;
        int max = 0;
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                min = Math.min(min, stretched.get(0, y, x, 2));
                max = Math.max(max, stretched.get(0, y, x, 2));
            }
        }
        assertEquals(0, min);
        assertEquals(255, max);
        VideoClip shifted = ra.apply(RandAugmentOp.TRANSLATE_X, clip, 1.0 / (0.45 * 20), 1); // 1 pixel
        assertEquals(clip.get(0, 5, 6, 0), shifted.get(0, 5, 5, 0), "content moves one pixel left");
        assertEquals(124, shifted.get(0, 5, 19, 0), "uncovered pixels take the fill");
        VideoClip brighter = ra.apply(RandAugmentOp.BRIGHTNESS, clip, 0.5, 1);
        assertTrue(brighter.get(0, 10, 10, 2) >= clip.get(0, 10, 10, 2));
        assertNotEquals(clip, ra.apply(RandAugmentOp.ROTATE, clip, 1, 1));
        assertNotEquals(clip, ra.apply(RandAugmentOp.EQUALIZE, clip, 1, 1));
    }

    @Test
    void randomErasingPaintsOneBoxInEveryFrame() {
        VideoClip clip = texture(3, 30, 30, 4);
        VideoClip out = RandomErasing.of(1.0, ErasingFill.ZERO).apply(new LabeledClip(clip, 0), new SplittableRandom(1)).clip();
        int erased = 0;
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 30; x++) {
                boolean black = out.get(0, y, x, 0) == 0 && out.get(0, y, x, 1) == 0 && out.get(0, y, x, 2) == 0;
                erased += black && clip.get(0, y, x, 2) != 0 ? 1 : 0;
                for (int t = 1; t < 3; t++) {
                    boolean blackT = out.get(t, y, x, 0) == 0 && out.get(t, y, x, 1) == 0 && out.get(t, y, x, 2) == 0;
                    assertEquals(black, blackT, "the box is the same in frame " + t);
                }
            }
        }
        assertTrue(erased >= 0.02 * 900 * 0.8 && erased <= 900 / 3.0 * 1.2, "erased " + erased + " pixels");
        assertEquals(clip, RandomErasing.of(0.0, ErasingFill.ZERO).apply(new LabeledClip(clip, 0), new SplittableRandom(1)).clip());
    }

    @Test
    void colorJitterWithoutRangesIsIdentity() {
        VideoClip clip = texture(2, 8, 8, 6);
        assertEquals(clip, new ColorJitter(0, 0, 0, 0).apply(new LabeledClip(clip, 0), new SplittableRandom(3)).clip());
        VideoClip hueOnly = new ColorJitter(0, 0, 0, 0.5).apply(new LabeledClip(clip, 0), new SplittableRandom(3)).clip();
        assertNotEquals(clip, hueOnly);
        assertEquals(clip, PixelOps.hue(clip, 0.0), "a zero hue shift round-trips through HSV");
    }
}
