package org.tubelet.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.datasets.synthetic.MovingShapes;
import org.tubelet.datasets.synthetic.SyntheticConfig;
import org.tubelet.recipe.Recipe;
import org.tubelet.recipe.Recipes;
import org.tubelet.train.checkpoint.Checkpoints;
import org.tubelet.train.data.Batch;
import org.tubelet.train.listeners.MetricsCsv;
import org.tubelet.train.loop.MetricsRow;

/**
 * The data-side regularisers through a recipe on generated mp4 videos: repeated augmentation (N clips per video in a
 * batch, epochs and the schedule counting videos as VideoMAE does), the uniform sampler, augmentations, and mixup +
 * cutmix through the real trainer.
 */
class RegularisedTrainingTest {
    @TempDir
    static Path tmp;
    static Path recipe;

    @BeforeAll
    static void videos() throws Exception {
        var ds = MovingShapes.generate(tmp.resolve("data"), SyntheticConfig.small(3).withCounts(2, 1));  // 8 + 4 videos
        recipe = tmp.resolve("regularised.yaml");
        Files.writeString(recipe, """
                model:
                  preset: vivit-tiny
                data:
                  format: list
                  root: %s
                  batch_size: 2
                  repeated_aug: 2
                  sampler:
                    type: uniform
                  augmentation:
                    hflip: true
                    rand_augment: {n: 2}
                    random_erasing: {prob: 1.0}
                  mixup:
                    mixup_alpha: 0.8
                    cutmix_alpha: 1.0
                optim:
                  lr: 1.0e-3
                  clip_grad_norm: 0
                schedule:
                  warmup_epochs: 0.5
                  min_lr: 1.0e-5
                train:
                  epochs: 1
                  label_smoothing: 0.1
                log:
                  progress: lines
                  plots: false
                """.formatted(ds.root().toAbsolutePath()));
    }

    private static Recipe load(String... sets) {
        return Recipes.load(recipe.toString(), List.of(sets));
    }

    @Test
    void aBatchHoldsNDifferentlyAugmentedClipsOfEachVideoAndMixedTargets() throws Exception {
        Recipe r = load("data.mixup.mixup_alpha=0", "data.mixup.cutmix_alpha=0");
        try (DataSources data = Datasets.open(r, Wiring.baseConfig(r), true, false, r.data().evalViews())) {
            assertEquals(4, data.train().batchesPerEpoch(), "8 videos, 2 per batch: batches count videos");
            data.train().seek(0, 0);
            Batch b = data.train().next();
            assertEquals(4, b.size(), "2 videos × 2 clips");
            assertEquals(b.videoIds()[0], b.videoIds()[1]);
            assertEquals(b.videoIds()[2], b.videoIds()[3]);
            assertTrue(b.videoIds()[0] != b.videoIds()[2]);
            float[] px = b.pixels().castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat();
            int clip = px.length / 4;
            assertFalse(Arrays.equals(Arrays.copyOfRange(px, 0, clip), Arrays.copyOfRange(px, clip, 2 * clip)),
                    "the two clips of a video are augmented differently");
            assertNull(b.targets(), "mixing off: hard labels");
        }
        Recipe mixed = load();
        try (DataSources data = Datasets.open(mixed, Wiring.baseConfig(mixed), true, false, mixed.data().evalViews())) {
            data.train().seek(0, 0);
            Batch b = data.train().next();
            assertNotNull(b.targets());
            assertArrayEquals(new long[] {4, 4}, b.targets().shape());
            for (int i = 0; i < 4; i++) {
                assertEquals(1.0, b.targets().getRow(i).sumNumber().doubleValue(), 1e-5);
            }
        }
    }

    @Test
    void mixupAndCutmixTrainThroughTheRealTrainerAndTheScheduleCountsVideos() throws Exception {
        Path run = tmp.resolve("run");
        Recipe r = load("checkpoint.dir=" + run);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TrainResult res = Training.run(r, new PrintStream(out, true, StandardCharsets.UTF_8));
        // VideoMAE: steps per epoch = videos / batch_size (not clips): 8 / 2
        assertEquals(4, res.steps(), out.toString(StandardCharsets.UTF_8));
        List<MetricsRow> rows = MetricsCsv.read(run.resolve("metrics.csv"));
        List<MetricsRow> train = rows.stream().filter(row -> !row.isEval()).toList();
        assertEquals(4, train.size());
        for (MetricsRow row : train) {
            assertTrue(Double.isFinite(row.loss()) && row.loss() > 0, "loss " + row.loss());
        }
        // warmup_epochs 0.5 = 2 steps of the 4 an epoch has: lr ramps over 2 steps, then the cosine over the rest
        assertEquals(1.0e-3 / 2, train.get(0).lr(), 1e-12);
        assertEquals(1.0e-3, train.get(1).lr(), 1e-12);
        assertEquals(1.0e-3, train.get(2).lr(), 1e-12);
        assertEquals(1.0e-5 + 0.5 * (1.0e-3 - 1.0e-5), train.get(3).lr(), 1e-12);
        String header = Files.readAllLines(run.resolve("metrics.csv")).get(0);
        assertFalse(header.contains("train_top1") || header.contains("train_acc"), "no training top-1: " + header);
        assertTrue(rows.get(rows.size() - 1).isEval(), "validated at the end");
        String samplerJson = Files.readString(Checkpoints.modelFolder(run).resolve(Checkpoints.SAMPLER));
        assertTrue(samplerJson.contains("\"sampling\": \"uniform\""), samplerJson);
    }
}
