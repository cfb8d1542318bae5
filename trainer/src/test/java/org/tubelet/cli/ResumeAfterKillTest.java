package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.train.checkpoint.Checkpoints;

/**
 * A run killed with SIGKILL after some checkpoints and started again produces exactly the metrics of a run that never
 * stopped: same step, epoch, lr, loss, gradient norm and validation numbers on every row, and its last checkpoint
 * holds the same weights, optimiser state and moving average of the weights, bit for bit. The {@code more} settings
 * of {@link #killedAndResumedRunMatchesAnUninterruptedOne} switch on whatever else a test wants resumed exactly.
 */
@Tag("slow")
class ResumeAfterKillTest {
    private static final String[] DROPOUT = {"model.overrides.hidden_dropout_prob=0.1",
        "model.overrides.attention_probs_dropout_prob=0.1"};
    /** Layer-wise lr decay, and a moving average of the weights that the evaluations score. */
    private static final String[] DECAY_AND_EVALUATED_EMA = {"optim.layer_decay=0.75", "train.ema.decay=0.9",
        "train.ema.every_steps=2", "train.ema.eval=true"};
    /** Layer-wise lr decay, and a moving average kept beside the raw weights (evaluations score the raw ones). */
    private static final String[] DECAY_AND_KEPT_EMA = {"optim.layer_decay=0.75", "train.ema.decay=0.8",
        "train.ema.every_steps=3", "train.ema.eval=false"};

    /** Stochastic depth, and mixup or cutmix on half the batches: their draws must resume where they stopped. */
    private static final String[] DROP_PATH_AND_MIXUP = {"model.overrides.drop_path_rate=0.1",
        "data.mixup.mixup_alpha=0.2", "data.mixup.cutmix_alpha=1.0", "data.mixup.prob=0.5"};

    private static String[] with(String[]... groups) {
        return java.util.Arrays.stream(groups).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    static String[] args(Path runDir, double clip, String... more) {
        List<String> sets = new ArrayList<>(List.of("optim.clip_grad_norm=" + clip, "train.max_steps=30",
                "schedule.warmup_steps=5", "train.eval_every=15", "checkpoint.every_steps=10", "log.every_steps=10",
                "data.synthetic.val_videos=16", "data.batch_size=8"));
        sets.addAll(List.of(more));
        return TrainCliTest.recipe(runDir, sets.toArray(new String[0]));
    }

    /**
     * Clipping on: the gradient engine (all gradients, then the update), with dropout, layer-wise lr decay and a
     * moving average of the weights kept beside them (compared in the last checkpoint).
     */
    @Test
    void gradientEngineWithDropoutLayerDecayAndAKeptAverage(@TempDir Path dir) throws Exception {
        killedAndResumedRunMatchesAnUninterruptedOne(dir, 1.0, with(DROPOUT, DECAY_AND_KEPT_EMA));
    }

    /**
     * No clipping: the session engine (updates applied during the backward pass), with dropout on: the masks of a
     * step depend only on (seed, step), so the resumed steps draw the masks the uninterrupted run drew; so do drop
     * path and mixup/cutmix (mixing or not, λ, the box). Layer-wise lr decay and an evaluated moving average of the
     * weights are on: the validation rows score the average.
     */
    @Test
    void sessionEngineWithDropoutDropPathMixupLayerDecayAndAnEvaluatedAverage(@TempDir Path dir) throws Exception {
        killedAndResumedRunMatchesAnUninterruptedOne(dir, 0.0, with(DROPOUT, DROP_PATH_AND_MIXUP,
                DECAY_AND_EVALUATED_EMA));
    }

    private static void killedAndResumedRunMatchesAnUninterruptedOne(Path dir, double clip, String... more)
            throws Exception {
        Path reference = dir.resolve("reference");
        TrainCliTest.runCapturing(0, args(reference, clip, more));

        Path killed = dir.resolve("killed");
        Process p = KilledRuns.start(dir.resolve("killed.log"), args(killed, clip, more));
        Path second = killed.resolve("checkpoints").resolve(Checkpoints.folderName(20));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (!Files.isDirectory(second) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.isDirectory(second), "the child wrote two checkpoints: " + Files.readString(
                dir.resolve("killed.log")));
        p.destroyForcibly();                                           // SIGKILL: no shutdown hooks, no cleanup
        p.waitFor(30, TimeUnit.SECONDS);
        assertTrue(Files.readAllLines(killed.resolve("metrics.csv")).size() < 30 + 2 + 1, "killed before the end");

        String out = TrainCliTest.runCapturing(0, args(killed, clip, more));
        assertTrue(out.contains("resuming from"), out);
        assertEquals(comparable(reference), comparable(killed));
        List<String> files = new ArrayList<>(List.of(HfCheckpoint.WEIGHTS, Checkpoints.OPTIMIZER));
        if (List.of(more).stream().anyMatch(m -> m.startsWith("train.ema."))) {
            files.add(Checkpoints.EMA);
        }
        KilledRuns.assertSameTensors(reference, killed, 30, files);
    }

    /** Every column but the timings. */
    private static List<String> comparable(Path run) throws Exception {
        List<String> rows = KilledRuns.comparable(run);
        assertEquals(30 + 2 + 1, rows.size(), "header, 30 steps, 2 evaluations");
        return rows;
    }
}
