package org.tubelet.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tubelet.datasets.augment.ClipAugmentation;
import org.tubelet.datasets.augment.ColorJitter;
import org.tubelet.datasets.augment.DoubleRange;
import org.tubelet.datasets.augment.ErasingFill;
import org.tubelet.datasets.augment.HorizontalFlip;
import org.tubelet.datasets.augment.LabeledClip;
import org.tubelet.datasets.augment.MultiScaleCrop;
import org.tubelet.datasets.augment.RandAugment;
import org.tubelet.datasets.augment.RandAugmentOp;
import org.tubelet.datasets.augment.RandomErasing;
import org.tubelet.datasets.augment.RandomResizedCrop;
import org.tubelet.datasets.loader.ClipTransform;
import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.processing.HfVideoProcessor;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.datasets.video.VideoClip;
import org.tubelet.recipe.AugmentationSection;
import org.tubelet.recipe.Recipes;

/** Every augmentation of the datasets module is reachable from {@code data.augmentation}, with the values it names. */
class TrainAugmentationsTest {
    private static final String RECIPE = """
            model:
              preset: vivit-tiny
            data:
              format: list
              root: data
              augmentation:
            """;

    private static AugmentationSection section(String keys) throws Exception {
        Path f = Files.createTempDirectory("recipe").resolve("r.yaml");
        Files.writeString(f, RECIPE + keys.indent(4));
        return Recipes.load(f.toString(), List.of()).data().augmentation();
    }

    private static ProcessorConfig processor() throws Exception {
        Path f = Files.createTempDirectory("recipe").resolve("r.yaml");
        Files.writeString(f, RECIPE + "    hflip: false\n  processor: {shortest_edge: 36, crop_size: 32}\n");
        var r = Recipes.load(f.toString(), List.of());
        return Wiring.processor(r.data().processor(), Wiring.baseConfig(r));
    }

    @Test
    void eachKeyBuildsItsAugmentationInPipelineOrder() throws Exception {
        AugmentationSection a = section("""
                hflip: true
                flip_label_map: {0: 1, 1: 0}
                multi_scale_crop: {scales: [1.0, 0.875, 0.75, 0.66], max_scale_gap: 2, more_fixed_positions: true}
                rand_augment: {n: 4, m: 7, mstd: 0.5}
                random_erasing: {prob: 0.25, mode: mean, count: 2, per_frame: true, scale: [0.05, 0.2]}
                color_jitter: {brightness: 0.4, contrast: 0.3, saturation: 0.2, hue: 0.05}
                """);
        FrameSize size = new FrameSize(32, 32);
        List<ClipAugmentation> expected = List.of(
                RandAugment.timm(4, 7, 0.5),                      // timm's rand-m7-n4-mstd0.5-inc1
                new MultiScaleCrop(size, List.of(1.0, 0.875, 0.75, 0.66), 2, false, true),
                new HorizontalFlip(0.5, Map.of(0, 1, 1, 0)),
                new ColorJitter(0.4, 0.3, 0.2, 0.05),
                new RandomErasing(0.25, new DoubleRange(0.05, 0.2), new DoubleRange(0.3, 1 / 0.3), ErasingFill.MEAN, 2,
                        true));
        assertEquals(expected, TrainAugmentations.steps(a, processor(), 4));
        List<ClipAugmentation> rrc = TrainAugmentations.steps(section("""
                scale: [0.08, 1.0]
                rand_augment: {n: 2, m: 9, mstd: 0, prob: 1.0, ops: [rotate, shear_x]}
                """), processor(), 4);
        assertEquals(List.of(new RandAugment(2, 9, 0, 1.0, EnumSet.of(RandAugmentOp.ROTATE, RandAugmentOp.SHEAR_X),
                List.of(124, 116, 104)), new RandomResizedCrop(size, new DoubleRange(0.08, 1.0),
                new DoubleRange(3.0 / 4, 4.0 / 3))), rrc);
        assertTrue(TrainAugmentations.steps(section("hflip: false"), processor(), 4).isEmpty(), "all off: none");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainAugmentations.steps(
                section("hflip: true\nflip_label_map: {2: 7}"), processor(), 4));
        assertTrue(e.getMessage().contains("data.augmentation.flip_label_map: 2 → 7 names a class the dataset does"
                + " not have (it has 4"), e.getMessage());
    }

    @Test
    void withoutARandomCropTheProcessorsResizeAndCentreCropComeFirst() throws Exception {
        ProcessorConfig pc = processor();
        List<ClipAugmentation> steps = TrainAugmentations.steps(section("color_jitter: {hue: 0.1}"), pc, 4);
        assertEquals(2, steps.size());
        assertEquals(new ColorJitter(0, 0, 0, 0.1), steps.get(1));
        // the crop step gives exactly the frames Hugging Face's processor normalises
        SplittableRandom rng = new SplittableRandom(1);
        byte[] rgb = new byte[3 * 48 * 64 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) rng.nextInt(256);
        }
        VideoClip clip = new VideoClip(3, 48, 64, rgb);
        VideoClip cropped = steps.get(0).apply(new LabeledClip(clip, 0), rng).clip();
        assertEquals(32, cropped.height());
        assertEquals(32, cropped.width());
        assertArrayEquals(new HfVideoProcessor(pc).process(clip), ClipTransform.normalizer(pc).process(cropped));
    }
}
