package org.tubelet.datasets.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.tubelet.datasets.processing.FrameSize;

/**
 * mmaction2's {@code MultiScaleCrop} (from TSN) followed by a resize to {@code size}: crop sides are
 * {@code scales} times the short side of the frame, width and height chosen independently among pairs whose
 * scale indices differ by at most {@code maxScaleGap}; sides within 3 pixels of the output size snap to it. The
 * box is at a random position ({@code randomPosition}) or at one of 5 fixed positions (corners and centre), or
 * 13 with {@code moreFixedPositions}. One box per clip.
 *
 * @param size               output frame size
 * @param scales             crop side as a fraction of the short side, each in (0, 1]; mmaction2's default
 *                           is (1, 0.875, 0.75, 0.66)
 * @param maxScaleGap        largest allowed difference of the width and height scale indices (>= 0)
 * @param randomPosition     a random box position instead of fixed ones
 * @param moreFixedPositions 13 fixed positions instead of 5
 */
public record MultiScaleCrop(FrameSize size, List<Double> scales, int maxScaleGap, boolean randomPosition,
                             boolean moreFixedPositions) implements ClipAugmentation {

    /** Validates the values. */
    public MultiScaleCrop {
        Objects.requireNonNull(size, "size");
        scales = List.copyOf(scales);
        if (scales.isEmpty() || scales.stream().anyMatch(s -> !(s > 0 && s <= 1))) {
            throw new IllegalArgumentException("scales must be a non-empty list of values in (0, 1], got " + scales);
        }
        if (maxScaleGap < 0) {
            throw new IllegalArgumentException("maxScaleGap must be >= 0, got " + maxScaleGap);
        }
    }

    /** mmaction2's defaults: scales (1, .875, .75, .66), gap 1, 5 fixed positions. */
    public static MultiScaleCrop of(FrameSize size) {
        return new MultiScaleCrop(size, List.of(1.0, 0.875, 0.75, 0.66), 1, false, false);
    }

    @Override
    public LabeledClip apply(LabeledClip in, RandomGenerator rng) {
        int imgH = in.clip().height();
        int imgW = in.clip().width();
        int base = Math.min(imgH, imgW);
        List<int[]> candidates = new ArrayList<>(); // {w, h}
        for (int i = 0; i < scales.size(); i++) {
            for (int j = 0; j < scales.size(); j++) {
                if (Math.abs(i - j) <= maxScaleGap) {
                    candidates.add(new int[] {(int) (base * scales.get(j)), (int) (base * scales.get(i))});
                }
            }
        }
        int[] crop = candidates.get(rng.nextInt(candidates.size())).clone();
        if (Math.abs(crop[0] - size.width()) < 3) {
            crop[0] = Math.min(size.width(), imgW);
        }
        if (Math.abs(crop[1] - size.height()) < 3) {
            crop[1] = Math.min(size.height(), imgH);
        }
        int cropW = Math.max(1, crop[0]);
        int cropH = Math.max(1, crop[1]);
        int x;
        int y;
        if (randomPosition) {
            x = rng.nextInt(imgW - cropW + 1);
            y = rng.nextInt(imgH - cropH + 1);
        } else {
            int ws = (imgW - cropW) / 4;
            int hs = (imgH - cropH) / 4;
            List<int[]> offsets = new ArrayList<>(List.of(new int[] {0, 0}, new int[] {4 * ws, 0},
                    new int[] {0, 4 * hs}, new int[] {4 * ws, 4 * hs}, new int[] {2 * ws, 2 * hs}));
            if (moreFixedPositions) {
                offsets.addAll(List.of(new int[] {0, 2 * hs}, new int[] {4 * ws, 2 * hs}, new int[] {2 * ws, 4 * hs},
                        new int[] {2 * ws, 0}, new int[] {ws, hs}, new int[] {3 * ws, hs}, new int[] {ws, 3 * hs},
                        new int[] {3 * ws, 3 * hs}));
            }
            int[] o = offsets.get(rng.nextInt(offsets.size()));
            x = o[0];
            y = o[1];
        }
        return in.withClip(PixelOps.resize(in.clip().region(y, x, cropH, cropW), size));
    }
}
