package org.tubelet.datasets.augment;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.tubelet.datasets.video.VideoClip;

/**
 * RandAugment for video (Cubuk et al. 2020; timm's {@code rand-m7-n4-mstd0.5-inc1}, as VideoMAE uses it): {@code n}
 * operations drawn uniformly with replacement from {@code ops}, each applied with probability
 * {@code probability} at magnitude {@code magnitude} out of 10 (perturbed by a normal draw of standard
 * deviation {@code magnitudeStd} and clipped to [0, 10]). Every choice is made once per clip and applied to all
 * frames. Geometric operations use bilinear sampling and fill uncovered pixels with {@code fill}.
 *
 * @param n            operations per clip (>= 0)
 * @param magnitude    0..10
 * @param magnitudeStd >= 0 (0: fixed magnitude)
 * @param probability  probability of applying each drawn operation, in [0, 1]
 * @param ops          the operation set, not empty
 * @param fill         R, G, B of uncovered pixels (timm uses the ImageNet mean, 124 116 104)
 */
public record RandAugment(int n, double magnitude, double magnitudeStd, double probability, Set<RandAugmentOp> ops,
                          List<Integer> fill) implements ClipAugmentation {

    /** Validates the values. */
    public RandAugment {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        if (!(magnitude >= 0 && magnitude <= 10)) {
            throw new IllegalArgumentException("magnitude must be in [0, 10], got " + magnitude);
        }
        if (!(magnitudeStd >= 0) || Double.isInfinite(magnitudeStd)) {
            throw new IllegalArgumentException("magnitudeStd must be finite and >= 0, got " + magnitudeStd);
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
        ops = Set.copyOf(Objects.requireNonNull(ops, "ops"));
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("ops must name at least one operation");
        }
        fill = List.copyOf(fill);
        if (fill.size() != 3 || fill.stream().anyMatch(v -> v < 0 || v > 255)) {
            throw new IllegalArgumentException("fill must be three values in 0..255, got " + fill);
        }
    }

    /** The ImageNet mean colour in bytes (zero after ImageNet normalisation): timm's fill for uncovered pixels. */
    public static final List<Integer> MEAN_FILL = List.of(124, 116, 104);

    /** timm's operations, {@code n} of them at magnitude {@code m}, probability 0.5, magnitude std 0.5 (VideoMAE). */
    public static RandAugment of(int n, double m) {
        return timm(n, m, 0.5);
    }

    /**
     * timm's {@code rand-m{m}-n{n}-mstd{mstd}-inc1}: the operations of {@link RandAugmentOp#timmIncreasing()}, each
     * applied with probability 0.5, uncovered pixels filled with the ImageNet mean colour.
     */
    public static RandAugment timm(int n, double m, double mstd) {
        return new RandAugment(n, m, mstd, 0.5, RandAugmentOp.timmIncreasing(), MEAN_FILL);
    }

    @Override
    public LabeledClip apply(LabeledClip in, RandomGenerator rng) {
        RandAugmentOp[] choices = ops.stream().sorted().toArray(RandAugmentOp[]::new); // stable order for seeding
        LabeledClip out = in;
        for (int i = 0; i < n; i++) {
            RandAugmentOp op = choices[rng.nextInt(choices.length)];
            double m = magnitude;
            if (magnitudeStd > 0) {
                m = Math.max(0, Math.min(10, m + magnitudeStd * rng.nextGaussian()));
            }
            double sign = rng.nextBoolean() ? 1 : -1;
            if (rng.nextDouble() < probability) {
                out = out.withClip(apply(op, out.clip(), m / 10.0, sign));
            }
        }
        return out;
    }

    /**
     * One operation at a level in [0, 1] (magnitude / 10).
     *
     * @param sign +1 or -1 for the signed operations
     */
    VideoClip apply(RandAugmentOp op, VideoClip clip, double level, double sign) {
        int[] rgbFill = {fill.get(0), fill.get(1), fill.get(2)};
        double cx = clip.width() / 2.0;
        double cy = clip.height() / 2.0;
        return switch (op) {
            case IDENTITY -> clip;
            case AUTO_CONTRAST -> PixelOps.autocontrast(clip);
            case EQUALIZE -> PixelOps.equalize(clip);
            case INVERT -> PixelOps.solarize(clip, 0);
            case ROTATE -> {
                double a = Math.toRadians(sign * 30 * level); // counter-clockwise, as Pillow's rotate
                double cos = Math.cos(a);
                double sin = Math.sin(a);
                // output -> input: rotate about the centre by -a (image y points down)
                yield PixelOps.affine(clip, new double[] {cos, -sin, cx - cos * cx + sin * cy,
                        sin, cos, cy - sin * cx - cos * cy}, rgbFill);
            }
            case SOLARIZE -> PixelOps.solarize(clip, 256 - (int) (256 * level));
            case SOLARIZE_ADD -> PixelOps.solarizeAdd(clip, (int) (110 * level), 128);
            case COLOR -> PixelOps.saturation(clip, 1 + sign * 0.9 * level);
            case POSTERIZE -> PixelOps.posterize(clip, 4 - (int) (4 * level));
            case CONTRAST -> PixelOps.contrast(clip, 1 + sign * 0.9 * level);
            case BRIGHTNESS -> PixelOps.brightness(clip, 1 + sign * 0.9 * level);
            case SHARPNESS -> PixelOps.sharpness(clip, 1 + sign * 0.9 * level);
            case SHEAR_X -> PixelOps.affine(clip, new double[] {1, sign * 0.3 * level, 0, 0, 1, 0}, rgbFill);
            case SHEAR_Y -> PixelOps.affine(clip, new double[] {1, 0, 0, sign * 0.3 * level, 1, 0}, rgbFill);
            case TRANSLATE_X -> PixelOps.affine(clip, new double[] {1, 0, sign * 0.45 * level * clip.width(), 0, 1, 0},
                    rgbFill);
            case TRANSLATE_Y -> PixelOps.affine(clip, new double[] {1, 0, 0, 0, 1, sign * 0.45 * level * clip.height()},
                    rgbFill);
        };
    }
}
