package org.tubelet.recipe;

import static org.tubelet.models.ConfigException.require;

import java.util.List;
import java.util.SortedMap;
import org.tubelet.datasets.augment.ErasingFill;
import org.tubelet.datasets.augment.RandAugmentOp;

/**
 * {@code data.augmentation:} the random transforms of training clips, each drawn once per clip and applied to every
 * frame. They run in this order: RandAugment (on the decoded frames), the crop (random resized crop, TSN's multi-scale
 * crop, or else the processor's resize and centre crop), the flip, colour jitter, random erasing; then the
 * processor's rescale and normalisation. Every transform is off by default.
 *
 * @param scale random-resized-crop area range as fractions of the frame ([1, 1] = off)
 * @param hflip random horizontal flip with probability 0.5 (off for direction-sensitive classes unless they are
 *     swapped through {@code flipLabelMap})
 * @param flipLabelMap class to use after a flip, for the classes it names (e.g. "left to right" ↔ "right to left");
 *     empty = classes unchanged
 * @param multiScaleCrop TSN's multi-scale crop (mmaction2's {@code MultiScaleCrop}) instead of the random resized crop
 * @param randAugment RandAugment with timm's operations
 * @param randomErasing random erasing (timm's {@code RandomErasing})
 * @param colorJitter torchvision's colour jitter
 */
public record AugmentationSection(List<Double> scale, boolean hflip, SortedMap<Integer, Integer> flipLabelMap,
                                  MultiScale multiScaleCrop, RandAug randAugment, Erasing randomErasing,
                                  Jitter colorJitter) {

    public AugmentationSection {
        scale = List.copyOf(scale);
        require(scale.size() == 2, "scale", scale, "expected [min, max]");
        require(scale.get(0) > 0 && scale.get(0) <= scale.get(1) && scale.get(1) <= 1, "scale", scale,
                "expected 0 < min ≤ max ≤ 1");
        require(flipLabelMap.isEmpty() || hflip, "flip_label_map", flipLabelMap, "only with hflip: true");
        require(!multiScaleCrop.on() || !randomResizedCrop(scale), "multi_scale_crop", multiScaleCrop.scales(),
                "choose one crop: scale " + scale + " asks for a random resized crop (set scale: [1, 1] to use the"
                        + " multi-scale crop)");
    }

    private static boolean randomResizedCrop(List<Double> scale) {
        return scale.get(0) < 1.0;
    }

    /** Whether the random resized crop is on ({@code scale} below [1, 1]). */
    public boolean randomResizedCrop() {
        return randomResizedCrop(scale);
    }

    /** Whether any transform is on. */
    public boolean any() {
        return randomResizedCrop() || hflip || multiScaleCrop.on() || randAugment.on() || randomErasing.on()
                || colorJitter.on();
    }

    static AugmentationSection read(Section s) {
        List<Double> scale = s.numbers("scale").orElse(List.of(1.0, 1.0));
        boolean hflip = s.bool("hflip", false);
        SortedMap<Integer, Integer> flipMap = s.integerMap("flip_label_map", 0);
        MultiScale msc = MultiScale.read(s.section("multi_scale_crop"));
        RandAug ra = RandAug.read(s.section("rand_augment"));
        Erasing erasing = Erasing.read(s.section("random_erasing"));
        Jitter jitter = Jitter.read(s.section("color_jitter"));
        s.finish();
        return s.build(() -> new AugmentationSection(scale, hflip, flipMap, msc, ra, erasing, jitter));
    }

    /**
     * TSN's multi-scale crop: crop sides are {@code scales} times the short side (width and height chosen
     * independently, their scale indices at most {@code maxScaleGap} apart), at one of 5 fixed positions (13 with
     * {@code moreFixedPositions}) or a random one, resized to the model's size.
     *
     * @param scales crop side fractions, each in (0, 1]; empty = off (TSN: [1, 0.875, 0.75, 0.66])
     */
    public record MultiScale(List<Double> scales, int maxScaleGap, boolean randomPosition,
                             boolean moreFixedPositions) {
        public MultiScale {
            scales = List.copyOf(scales);
            for (double v : scales) {
                require(v > 0 && v <= 1, "scales", scales, "each must be in (0, 1]");
            }
            require(maxScaleGap >= 0, "max_scale_gap", maxScaleGap, "must not be negative");
        }

        public boolean on() {
            return !scales.isEmpty();
        }

        static MultiScale read(Section s) {
            List<Double> scales = s.numbers("scales").orElse(List.of());
            int gap = s.integer("max_scale_gap", 1);
            boolean random = s.bool("random_position", false);
            boolean more = s.bool("more_fixed_positions", false);
            s.finish();
            return s.build(() -> new MultiScale(scales, gap, random, more));
        }
    }

    /**
     * RandAugment: {@code n} operations drawn with replacement from {@code ops}, each applied with probability
     * {@code prob} at a magnitude drawn from N({@code m}, {@code mstd}) clipped to [0, 10]; one draw per clip. The
     * defaults with {@code n: 4} are timm's {@code rand-m7-n4-mstd0.5-inc1} (VideoMAE).
     *
     * @param n operations per clip (0 = off)
     */
    public record RandAug(int n, double m, double mstd, double prob, List<RandAugmentOp> ops) {
        public RandAug {
            ops = List.copyOf(ops);
            require(n >= 0, "n", n, "must not be negative (0 = off)");
            require(m >= 0 && m <= 10, "m", m, "must be in [0, 10]");
            require(mstd >= 0, "mstd", mstd, "must not be negative");
            require(prob >= 0 && prob <= 1, "prob", prob, "must be in [0, 1]");
            require(!ops.isEmpty(), "ops", ops, "must name at least one operation");
        }

        public boolean on() {
            return n > 0;
        }

        static RandAug read(Section s) {
            int n = s.integer("n", 0);
            double m = s.number("m", 7.0);
            double mstd = s.number("mstd", 0.5);
            double prob = s.number("prob", 0.5);
            List<RandAugmentOp> ops = s.choices("ops", RandAugmentOp.class,
                    RandAugmentOp.timmIncreasing().stream().sorted().toList());
            s.finish();
            return s.build(() -> new RandAug(n, m, mstd, prob, ops));
        }
    }

    /**
     * Random erasing: with probability {@code prob}, 1 to {@code count} boxes of {@code scale} of the frame (divided
     * by their number) with aspect ratio in {@code ratio}, painted with {@code mode}; the same boxes in every frame,
     * or each frame its own ({@code perFrame}). The defaults with a {@code prob} are VideoMAE's ({@code reprob 0.25,
     * remode pixel, recount 1}).
     *
     * @param prob probability per clip (per frame with {@code perFrame}); 0 = off
     */
    public record Erasing(double prob, ErasingFill mode, int count, boolean perFrame, List<Double> scale,
                          List<Double> ratio) {
        public Erasing {
            scale = List.copyOf(scale);
            ratio = List.copyOf(ratio);
            require(prob >= 0 && prob <= 1, "prob", prob, "must be in [0, 1] (0 = off)");
            require(count >= 1, "count", count, "must be at least 1");
            require(scale.size() == 2 && scale.get(0) > 0 && scale.get(0) <= scale.get(1) && scale.get(1) < 1,
                    "scale", scale, "expected [min, max] with 0 < min ≤ max < 1");
            require(ratio.size() == 2 && ratio.get(0) > 0 && ratio.get(0) <= ratio.get(1), "ratio", ratio,
                    "expected [min, max] with 0 < min ≤ max");
        }

        public boolean on() {
            return prob > 0;
        }

        static Erasing read(Section s) {
            double prob = s.number("prob", 0.0);
            ErasingFill mode = s.choice("mode", ErasingFill.class, ErasingFill.NOISE);
            int count = s.integer("count", 1);
            boolean perFrame = s.bool("per_frame", false);
            List<Double> scale = s.numbers("scale").orElse(List.of(0.02, 1.0 / 3.0));
            List<Double> ratio = s.numbers("ratio").orElse(List.of(0.3, 1.0 / 0.3));
            s.finish();
            return s.build(() -> new Erasing(prob, mode, count, perFrame, scale, ratio));
        }
    }

    /**
     * Colour jitter: brightness, contrast and saturation factors from {@code [max(0, 1 - x), 1 + x]} and a hue shift
     * from {@code [-hue, hue]}, in a random order; 0 leaves a property alone (all 0 = off).
     */
    public record Jitter(double brightness, double contrast, double saturation, double hue) {
        public Jitter {
            require(brightness >= 0, "brightness", brightness, "must not be negative");
            require(contrast >= 0, "contrast", contrast, "must not be negative");
            require(saturation >= 0, "saturation", saturation, "must not be negative");
            require(hue >= 0 && hue <= 0.5, "hue", hue, "must be in [0, 0.5]");
        }

        public boolean on() {
            return brightness > 0 || contrast > 0 || saturation > 0 || hue > 0;
        }

        static Jitter read(Section s) {
            double b = s.number("brightness", 0.0);
            double c = s.number("contrast", 0.0);
            double sat = s.number("saturation", 0.0);
            double hue = s.number("hue", 0.0);
            s.finish();
            return s.build(() -> new Jitter(b, c, sat, hue));
        }
    }
}
