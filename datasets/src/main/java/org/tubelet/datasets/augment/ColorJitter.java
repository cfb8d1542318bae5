package org.tubelet.datasets.augment;

import java.util.random.RandomGenerator;
import org.tubelet.datasets.video.VideoClip;

/**
 * torchvision's {@code ColorJitter}: brightness, contrast and saturation factors drawn from
 * {@code [max(0, 1 - x), 1 + x]}, a hue shift from {@code [-hue, hue]} turns, applied in a random order; one
 * draw per clip. A parameter of 0 leaves that property alone.
 *
 * @param brightness >= 0
 * @param contrast   >= 0
 * @param saturation >= 0
 * @param hue        in [0, 0.5]
 */
public record ColorJitter(double brightness, double contrast, double saturation, double hue) implements ClipAugmentation {

    /** Validates the values. */
    public ColorJitter {
        for (double v : new double[] {brightness, contrast, saturation}) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("brightness, contrast and saturation must be finite and >= 0, got "
                        + brightness + ", " + contrast + ", " + saturation);
            }
        }
        if (!(hue >= 0 && hue <= 0.5)) {
            throw new IllegalArgumentException("hue must be in [0, 0.5], got " + hue);
        }
    }

    @Override
    public LabeledClip apply(LabeledClip in, RandomGenerator rng) {
        int[] order = {0, 1, 2, 3};
        for (int i = order.length - 1; i > 0; i--) { // Fisher-Yates, as torch.randperm(4)
            int j = rng.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        double b = factor(brightness, rng);
        double c = factor(contrast, rng);
        double s = factor(saturation, rng);
        double h = hue == 0 ? 0 : new DoubleRange(-hue, hue).uniform(rng);
        VideoClip clip = in.clip();
        for (int step : order) {
            clip = switch (step) {
                case 0 -> brightness == 0 ? clip : PixelOps.brightness(clip, b);
                case 1 -> contrast == 0 ? clip : PixelOps.contrast(clip, c);
                case 2 -> saturation == 0 ? clip : PixelOps.saturation(clip, s);
                default -> hue == 0 ? clip : PixelOps.hue(clip, h);
            };
        }
        return in.withClip(clip);
    }

    private static double factor(double amount, RandomGenerator rng) {
        return amount == 0 ? 1 : new DoubleRange(Math.max(0, 1 - amount), 1 + amount).uniform(rng);
    }
}
