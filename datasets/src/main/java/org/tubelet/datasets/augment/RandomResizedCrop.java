package org.tubelet.datasets.augment;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.tubelet.datasets.processing.FrameSize;

/**
 * torchvision's {@code RandomResizedCrop}: a random box covering {@code scale} of the frame area with aspect
 * ratio (width / height) in {@code ratio} (drawn log-uniformly), up to 10 tries, else the central box of the
 * nearest allowed ratio; the box is cut from every frame and resized to {@code size} with Pillow's bilinear
 * filter. One box per clip.
 *
 * @param size  output frame size
 * @param scale fraction of the frame area, within (0, 1]; torchvision's default is (0.08, 1.0)
 * @param ratio aspect ratio range, > 0; torchvision's default is (3/4, 4/3)
 */
public record RandomResizedCrop(FrameSize size, DoubleRange scale, DoubleRange ratio) implements ClipAugmentation {

    /** Validates the values. */
    public RandomResizedCrop {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(ratio, "ratio");
        if (scale.min() <= 0 || scale.max() > 1) {
            throw new IllegalArgumentException("scale must lie in (0, 1], got " + scale);
        }
        if (ratio.min() <= 0) {
            throw new IllegalArgumentException("ratio must be > 0, got " + ratio);
        }
    }

    /** torchvision's defaults: scale (0.08, 1), ratio (3/4, 4/3). */
    public static RandomResizedCrop of(FrameSize size) {
        return new RandomResizedCrop(size, new DoubleRange(0.08, 1.0), new DoubleRange(3.0 / 4.0, 4.0 / 3.0));
    }

    @Override
    public LabeledClip apply(LabeledClip in, RandomGenerator rng) {
        int[] box = box(in.clip().height(), in.clip().width(), rng);
        return in.withClip(PixelOps.resize(in.clip().region(box[0], box[1], box[2], box[3]), size));
    }

    /** The crop {@code {top, left, height, width}} for a frame of the given size (torchvision's get_params). */
    int[] box(int height, int width, RandomGenerator rng) {
        double area = (double) height * width;
        for (int attempt = 0; attempt < 10; attempt++) {
            double targetArea = area * scale.uniform(rng);
            double aspect = ratio.logUniform(rng);
            int w = (int) Math.rint(Math.sqrt(targetArea * aspect));
            int h = (int) Math.rint(Math.sqrt(targetArea / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int top = rng.nextInt(height - h + 1);
                int left = rng.nextInt(width - w + 1);
                return new int[] {top, left, h, w};
            }
        }
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < ratio.min()) {
            w = width;
            h = (int) Math.rint(w / ratio.min());
        } else if (inRatio > ratio.max()) {
            h = height;
            w = (int) Math.rint(h * ratio.max());
        } else {
            w = width;
            h = height;
        }
        return new int[] {(height - h) / 2, (width - w) / 2, h, w};
    }
}
