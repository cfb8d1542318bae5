package org.tubelet.run;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.tubelet.datasets.augment.ClipAugmentation;
import org.tubelet.datasets.augment.ColorJitter;
import org.tubelet.datasets.augment.DoubleRange;
import org.tubelet.datasets.augment.HorizontalFlip;
import org.tubelet.datasets.augment.MultiScaleCrop;
import org.tubelet.datasets.augment.RandAugment;
import org.tubelet.datasets.augment.RandomErasing;
import org.tubelet.datasets.augment.RandomResizedCrop;
import org.tubelet.datasets.loader.ClipShape;
import org.tubelet.datasets.loader.ClipTransform;
import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.processing.HfVideoProcessor;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.recipe.AugmentationSection;

/**
 * A recipe's {@code data.augmentation} as the datasets module's clip augmentations, in the order they run: RandAugment
 * on the decoded frames, the crop to the model's size (random resized, multi-scale, or the processor's resize and
 * centre crop), flip, colour jitter, random erasing; then the processor's rescale and normalisation.
 */
final class TrainAugmentations {
    private TrainAugmentations() {
    }

    /**
     * The per-clip transform of training clips: without augmentation the processor alone (as evaluation), else the
     * augmentations then the processor's rescale and normalisation.
     *
     * @param classes the number of classes (the flip's label map is checked against it)
     */
    static ClipTransform transform(AugmentationSection a, ProcessorConfig pc, int frames, int classes) {
        List<ClipAugmentation> steps = steps(a, pc, classes);
        if (steps.isEmpty()) {
            return ClipTransform.process(new HfVideoProcessor(pc), frames);
        }
        FrameSize crop = pc.cropSize();
        return ClipTransform.augmentThenProcess(ClipAugmentation.compose(steps), ClipTransform.normalizer(pc),
                new ClipShape(frames, crop.height(), crop.width()));
    }

    /** The augmentations, in order; empty when every transform is off. */
    static List<ClipAugmentation> steps(AugmentationSection a, ProcessorConfig pc, int classes) {
        List<ClipAugmentation> steps = new ArrayList<>();
        if (!a.any()) {
            return steps;
        }
        FrameSize size = pc.cropSize();
        AugmentationSection.RandAug ra = a.randAugment();
        if (ra.on()) {
            steps.add(new RandAugment(ra.n(), ra.m(), ra.mstd(), ra.prob(), EnumSet.copyOf(ra.ops()),
                    RandAugment.MEAN_FILL));
        }
        if (a.randomResizedCrop()) {
            steps.add(new RandomResizedCrop(size, new DoubleRange(a.scale().get(0), a.scale().get(1)),
                    new DoubleRange(3.0 / 4, 4.0 / 3)));
        } else if (a.multiScaleCrop().on()) {
            AugmentationSection.MultiScale m = a.multiScaleCrop();
            steps.add(new MultiScaleCrop(size, m.scales(), m.maxScaleGap(), m.randomPosition(),
                    m.moreFixedPositions()));
        } else {
            steps.add(ClipTransform.processorCrop(pc));
        }
        if (a.hflip()) {
            steps.add(new HorizontalFlip(0.5, labelMap(a.flipLabelMap(), classes)));
        }
        AugmentationSection.Jitter j = a.colorJitter();
        if (j.on()) {
            steps.add(new ColorJitter(j.brightness(), j.contrast(), j.saturation(), j.hue()));
        }
        AugmentationSection.Erasing e = a.randomErasing();
        if (e.on()) {
            steps.add(new RandomErasing(e.prob(), new DoubleRange(e.scale().get(0), e.scale().get(1)),
                    new DoubleRange(e.ratio().get(0), e.ratio().get(1)), e.mode(), e.count(), e.perFrame()));
        }
        return steps;
    }

    private static Map<Integer, Integer> labelMap(Map<Integer, Integer> map, int classes) {
        for (Map.Entry<Integer, Integer> e : map.entrySet()) {
            if (e.getKey() >= classes || e.getValue() >= classes) {
                throw new IllegalArgumentException("data.augmentation.flip_label_map: " + e.getKey() + " → "
                        + e.getValue() + " names a class the dataset does not have (it has " + classes
                        + ", numbered 0 to " + (classes - 1) + ")");
            }
        }
        return map;
    }
}
