package org.tubelet.datasets.augment;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.tubelet.datasets.video.VideoClip;

/**
 * Random erasing (Zhong et al. 2020; torchvision {@code RandomErasing}, timm with {@code max_count=1}): with
 * probability {@code p}, a box of {@code scale} of the frame area and aspect ratio in {@code ratio} (drawn
 * log-uniformly; up to 10 tries) is painted over, at the same place in every frame.
 *
 * @param p     probability in [0, 1]; VideoMAE uses 0.25
 * @param scale fraction of the area, within (0, 1); default (0.02, 1/3)
 * @param ratio aspect ratio (height / width) range, > 0; default (0.3, 3.3)
 * @param fill  what to paint
 */
public record RandomErasing(double p, DoubleRange scale, DoubleRange ratio, ErasingFill fill) implements ClipAugmentation {

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
    }

    /** torchvision's defaults with the given probability and fill. */
    public static RandomErasing of(double p, ErasingFill fill) {
        return new RandomErasing(p, new DoubleRange(0.02, 1.0 / 3.0), new DoubleRange(0.3, 3.3), fill);
    }

    @Override
    public LabeledClip apply(LabeledClip in, RandomGenerator rng) {
        if (rng.nextDouble() >= p) {
            return in;
        }
        VideoClip clip = in.clip();
        int height = clip.height();
        int width = clip.width();
        double area = (double) height * width;
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * scale.uniform(rng);
            double aspect = ratio.logUniform(rng);
            int h = (int) Math.rint(Math.sqrt(target * aspect));
            int w = (int) Math.rint(Math.sqrt(target / aspect));
            if (h > 0 && w > 0 && h < height && w < width) {
                int top = rng.nextInt(height - h + 1);
                int left = rng.nextInt(width - w + 1);
                return in.withClip(erase(clip, top, left, h, w, rng));
            }
        }
        return in;
    }

    private VideoClip erase(VideoClip clip, int top, int left, int h, int w, RandomGenerator rng) {
        int c = VideoClip.CHANNELS;
        byte[] patch = new byte[h * w * c]; // the same paint in every frame
        switch (fill) {
            case ZERO -> { }
            case MEAN -> {
                for (int i = 0; i < patch.length; i += c) {
                    patch[i] = (byte) 124;
                    patch[i + 1] = (byte) 116;
                    patch[i + 2] = (byte) 104;
                }
            }
            case NOISE -> rng.nextBytes(patch);
        }
        byte[] out = clip.rgb().clone();
        for (int t = 0; t < clip.frames(); t++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(patch, y * w * c, out, clip.frameOffset(t) + ((top + y) * clip.width() + left) * c, w * c);
            }
        }
        return new VideoClip(clip.frames(), clip.height(), clip.width(), out);
    }
}
