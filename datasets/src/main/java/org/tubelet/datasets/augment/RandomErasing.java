package org.tubelet.datasets.augment;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.tubelet.datasets.video.VideoClip;

/**
 * Random erasing (Zhong et al. 2020; timm's {@code RandomErasing}, VideoMAE's {@code reprob}/{@code remode}/
 * {@code recount}): with probability {@code p}, {@code count} boxes are painted over, where {@code count} is 1 or,
 * with {@code maxCount > 1}, uniform in {@code [1, maxCount]}. Each box covers a fraction of the frame drawn
 * uniformly from {@code scale}, divided by {@code count}, with an aspect ratio (height / width) drawn
 * log-uniformly from {@code ratio}; up to 10 draws per box, a box that does not fit after 10 is left out.
 *
 * <p>Per clip (VideoMAE's "cube" erasing, the default): one draw, the same boxes in every frame. Per frame
 * ({@code perFrame}, timm's erasing applied to each frame as to a batch of images): each frame draws its own
 * probability, count and boxes.
 *
 * @param p        probability in [0, 1]; VideoMAE uses 0.25
 * @param scale    fraction of the area, within (0, 1); timm's default (0.02, 1/3)
 * @param ratio    aspect ratio (height / width) range, > 0; timm's default (0.3, 1/0.3)
 * @param fill     what to paint
 * @param maxCount the largest number of boxes, >= 1
 * @param perFrame each frame draws its own boxes
 */
public record RandomErasing(double p, DoubleRange scale, DoubleRange ratio, ErasingFill fill, int maxCount,
                            boolean perFrame) implements ClipAugmentation {

    private static final int ATTEMPTS = 10;

    /** Validates the values. */
    public RandomErasing {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], got " + p);
        }
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(ratio, "ratio");
        Objects.requireNonNull(fill, "fill");
        if (scale.min() <= 0 || scale.max() >= 1) {
            throw new IllegalArgumentException("scale must lie in (0, 1), got " + scale);
        }
        if (ratio.min() <= 0) {
            throw new IllegalArgumentException("ratio must be > 0, got " + ratio);
        }
        if (maxCount < 1) {
            throw new IllegalArgumentException("maxCount must be >= 1, got " + maxCount);
        }
    }

    /** One box per clip, the same in every frame. */
    public RandomErasing(double p, DoubleRange scale, DoubleRange ratio, ErasingFill fill) {
        this(p, scale, ratio, fill, 1, false);
    }

    /** torchvision's defaults (scale (0.02, 1/3), ratio (0.3, 3.3), one box per clip) with this probability and fill. */
    public static RandomErasing of(double p, ErasingFill fill) {
        return new RandomErasing(p, new DoubleRange(0.02, 1.0 / 3.0), new DoubleRange(0.3, 3.3), fill);
    }

    @Override
    public LabeledClip apply(LabeledClip in, RandomGenerator rng) {
        VideoClip clip = in.clip();
        byte[] out = null;
        int frames = perFrame ? clip.frames() : 1;
        for (int f = 0; f < frames; f++) {
            if (rng.nextDouble() >= p) {
                continue;
            }
            int first = perFrame ? f : 0;
            int last = perFrame ? f + 1 : clip.frames();
            int count = maxCount == 1 ? 1 : 1 + rng.nextInt(maxCount);
            for (int k = 0; k < count; k++) {
                int[] box = box(clip.height(), clip.width(), count, rng);
                if (box != null) {
                    if (out == null) {
                        out = clip.rgb().clone();
                    }
                    paint(out, clip, first, last, box, rng);
                }
            }
        }
        return out == null ? in : in.withClip(new VideoClip(clip.frames(), clip.height(), clip.width(), out));
    }

    /** A box {@code {top, left, h, w}} of about {@code scale / count} of the frame, or null after 10 misses. */
    private int[] box(int height, int width, int count, RandomGenerator rng) {
        double area = (double) height * width;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double target = area * scale.uniform(rng) / count;
            double aspect = ratio.logUniform(rng);
            int h = (int) Math.rint(Math.sqrt(target * aspect));
            int w = (int) Math.rint(Math.sqrt(target / aspect));
            if (h > 0 && w > 0 && h < height && w < width) {
                int top = rng.nextInt(height - h + 1);
                int left = rng.nextInt(width - w + 1);
                return new int[] {top, left, h, w};
            }
        }
        return null;
    }

    /** Paints a box into frames {@code [first, last)}: the same paint in each of them. */
    private void paint(byte[] out, VideoClip clip, int first, int last, int[] box, RandomGenerator rng) {
        int c = VideoClip.CHANNELS;
        int h = box[2];
        int w = box[3];
        byte[] patch = new byte[h * w * c];
        switch (fill) {
            case ZERO -> { }
            case MEAN -> fillColour(patch, RandAugment.MEAN_FILL.get(0), RandAugment.MEAN_FILL.get(1),
                    RandAugment.MEAN_FILL.get(2));
            case COLOR -> fillColour(patch, rng.nextInt(256), rng.nextInt(256), rng.nextInt(256));
            case NOISE -> rng.nextBytes(patch);
        }
        for (int t = first; t < last; t++) {
            for (int y = 0; y < h; y++) {
                int row = clip.frameOffset(t) + ((box[0] + y) * clip.width() + box[1]) * c;
                System.arraycopy(patch, y * w * c, out, row, w * c);
            }
        }
    }

    private static void fillColour(byte[] patch, int r, int g, int b) {
        for (int i = 0; i < patch.length; i += VideoClip.CHANNELS) {
            patch[i] = (byte) r;
            patch[i + 1] = (byte) g;
            patch[i + 2] = (byte) b;
        }
    }
}
