package org.tubelet.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tubelet.datasets.augment.ErasingFill;
import org.tubelet.datasets.augment.RandAugmentOp;
import org.tubelet.datasets.sampling.SamplingScheme;
import org.tubelet.train.data.MixMode;

/**
 * The recipe keys of the data-side regularisers: defaults that change nothing, every key bound and written back by the
 * resolved recipe, and each wrong value or unknown transform named with its key.
 */
class DataRegularisersRecipeTest {
    static final String VIDEOS = """
            model:
              preset: vivit-tiny
            data:
              format: list
              root: data
              batch_size: 4
            """;

    static final String ALL_ON = VIDEOS + """
              repeated_aug: 2
              sampler:
                type: uniform
              augmentation:
                hflip: true
                flip_label_map: {1: 2, 2: 1}
                multi_scale_crop:
                  scales: [1.0, 0.875, 0.75, 0.66]
                  random_position: true
                rand_augment:
                  n: 4
                  ops: [rotate, invert, solarize_add]
                random_erasing:
                  prob: 0.25
                  mode: color
                  count: 3
                  per_frame: true
                color_jitter:
                  brightness: 0.4
                  hue: 0.1
              mixup:
                mixup_alpha: 0.8
                cutmix_alpha: 1.0
                cutmix_minmax: [0.2, 0.8]
                prob: 0.9
                switch_prob: 0.4
                mode: pair
                correct_lam: false
            """;

    private static Recipe load(String yaml, String... sets) throws Exception {
        Path f = Files.createTempDirectory("recipe").resolve("r.yaml");
        Files.writeString(f, yaml);
        return Recipes.load(f.toString(), List.of(sets));
    }

    private static void fails(String yaml, String... parts) {
        RecipeException e = assertThrows(RecipeException.class, () -> load(yaml));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
    }

    @Test
    void defaultsChangeNothing() throws Exception {
        DataSection d = load(VIDEOS).data();
        assertFalse(d.augmentation().any(), "no transform is on by default");
        assertEquals(List.of(1.0, 1.0), d.augmentation().scale());
        assertTrue(d.augmentation().flipLabelMap().isEmpty());
        assertEquals(1, d.repeatedAug());
        assertEquals(4, d.clipsPerBatch());
        assertFalse(d.mixup().enabled());
        assertEquals(SamplingScheme.DENSE, d.sampler().type());
        assertEquals(MixMode.BATCH, d.mixup().mode());
        assertEquals(1.0, d.mixup().prob());
        assertEquals(0.5, d.mixup().switchProb());
        assertTrue(d.mixup().correctLam());
        assertNull(d.mixup().cutmixMinmax());
        // the reference defaults behind the switches: VideoMAE's rand-m7-n4-mstd0.5-inc1 and reprob/remode/recount
        AugmentationSection.RandAug ra = d.augmentation().randAugment();
        assertEquals(List.of(0, 7.0, 0.5, 0.5), List.of(ra.n(), ra.m(), ra.mstd(), ra.prob()));
        assertEquals(RandAugmentOp.timmIncreasing(), java.util.EnumSet.copyOf(ra.ops()));
        AugmentationSection.Erasing e = d.augmentation().randomErasing();
        assertEquals(List.of(0.0, 1, false), List.of(e.prob(), e.count(), e.perFrame()));
        assertEquals(ErasingFill.NOISE, e.mode());
    }

    @Test
    void everyKeyBindsAndTheResolvedRecipeReadsBack() throws Exception {
        Recipe r = load(ALL_ON);
        DataSection d = r.data();
        AugmentationSection a = d.augmentation();
        assertEquals(2, d.repeatedAug());
        assertEquals(8, d.clipsPerBatch());
        assertEquals(SamplingScheme.UNIFORM, d.sampler().type());
        assertEquals(Map.of(1, 2, 2, 1), a.flipLabelMap());
        assertEquals(List.of(1.0, 0.875, 0.75, 0.66), a.multiScaleCrop().scales());
        assertTrue(a.multiScaleCrop().randomPosition());
        assertEquals(List.of(RandAugmentOp.ROTATE, RandAugmentOp.INVERT, RandAugmentOp.SOLARIZE_ADD),
                a.randAugment().ops());
        assertEquals(new AugmentationSection.Erasing(0.25, ErasingFill.COLOR, 3, true, List.of(0.02, 1.0 / 3),
                List.of(0.3, 1 / 0.3)), a.randomErasing());
        assertEquals(new AugmentationSection.Jitter(0.4, 0, 0, 0.1), a.colorJitter());
        assertEquals(new MixupSection(0.8, 1.0, List.of(0.2, 0.8), 0.9, 0.4, MixMode.PAIR, false), d.mixup());
        String yaml = r.toYaml();
        Recipe back = Recipes.parse("resolved.yaml", yaml);
        assertEquals(d, back.data(), yaml);
        assertEquals(load(VIDEOS).data(), Recipes.parse("resolved.yaml", load(VIDEOS).toYaml()).data());
        // --set reaches the nested keys
        DataSection set = load(VIDEOS, "data.augmentation.rand_augment.n=2", "data.mixup.cutmix_alpha=1.0",
                "data.repeated_aug=3").data();
        assertEquals(2, set.augmentation().randAugment().n());
        assertTrue(set.mixup().enabled());
        assertEquals(3, set.repeatedAug());
    }

    @Test
    void anUnknownTransformIsAnErrorNamingIt() {
        fails(VIDEOS + "  augmentation:\n    cutout: {prob: 0.5}\n", "r.yaml:8:",
                "data.augmentation.cutout: unknown key",
                "expected one of scale, hflip, flip_label_map, multi_scale_crop, rand_augment, random_erasing,"
                        + " color_jitter");
        fails(VIDEOS + "  augmentation:\n    rand_augment: {n: 2, ops: [rotate, blur]}\n",
                "data.augmentation.rand_augment.ops: 'blur' is not one of", "solarize_add");
        fails(VIDEOS + "  augmentation:\n    random_erasing: {prob: 0.2, mode: pixel}\n",
                "data.augmentation.random_erasing.mode = \"pixel\"", "expected one of zero, mean, color, noise");
        fails(VIDEOS + "  mixup:\n    mix_alpha: 0.8\n", "data.mixup.mix_alpha: unknown key",
                "did you mean 'mixup_alpha'");
    }

    @Test
    void impossibleCombinationsNameTheirKey() {
        fails(VIDEOS + "  sampler: {type: uniform, stride: 2}\n", "data.sampler.stride = 2",
                "must be 1 with type: uniform");
        fails(VIDEOS + "  sampler: {type: sparse}\n", "data.sampler.type", "expected one of dense, uniform");
        fails(VIDEOS + "  augmentation: {flip_label_map: {1: 2}}\n", "data.augmentation.flip_label_map",
                "only with hflip: true");
        fails(VIDEOS + "  augmentation: {hflip: true, flip_label_map: {1: -2}}\n", "data.augmentation.flip_label_map",
                "expected integers ≥ 0");
        fails(VIDEOS + "  augmentation: {scale: [0.3, 1], multi_scale_crop: {scales: [1, 0.8]}}\n",
                "data.augmentation.multi_scale_crop", "choose one crop");
        fails(VIDEOS + "  augmentation: {rand_augment: {n: 2, m: 12}}\n", "data.augmentation.rand_augment.m = 12",
                "must be in [0, 10]");
        fails(VIDEOS + "  augmentation: {random_erasing: {prob: 1.5}}\n", "data.augmentation.random_erasing.prob");
        fails(VIDEOS + "  repeated_aug: 0\n", "data.repeated_aug = 0", "at least 1");
        fails(VIDEOS.replace("batch_size: 4", "batch_size: 3") + "  mixup: {mixup_alpha: 0.8}\n", "data.mixup",
                "even number of clips per batch (batch_size × repeated_aug = 3)");
        fails(VIDEOS + "  mixup: {cutmix_minmax: [0.8, 0.2]}\n", "data.mixup.cutmix_minmax", "0 < min < max ≤ 1");
        fails(VIDEOS + "  mixup: {mode: half}\n", "data.mixup.mode", "expected one of batch, pair, elem");
        fails("task: pretraining\n" + VIDEOS.replace("vivit-tiny", "videomae-tiny") + "  mixup: {mixup_alpha: 1}\n",
                "data.mixup", "only for task: classification");
        fails(RecipeErrorsTest.VALID.replace("batch_size: 4", "batch_size: 4\n  augmentation: {hflip: true}"),
                "data.augmentation: not with format: synthetic");
        fails(RecipeErrorsTest.VALID.replace("batch_size: 4", "batch_size: 4\n  sampler: {type: uniform}"),
                "data.sampler.type = uniform: needs a video dataset");
    }
}
