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
import org.tubelet.train.checkpoint.Checkpoints;

/**
 * A run killed with SIGKILL after some checkpoints and started again produces exactly the metrics of a run that never
 * stopped: same step, epoch, lr, loss, gradient norm and validation numbers on every row.
 */
@Tag("slow")
class ResumeAfterKillTest {
    private static final String[] DROPOUT = {"model.overrides.hidden_dropout_prob=0.1",
        "model.overrides.attention_probs_dropout_prob=0.1"};

    static String[] args(Path runDir, double clip, String... more) {
        List<String> sets = new ArrayList<>(List.of("optim.clip_grad_norm=" + clip, "train.max_steps=30",
                "schedule.warmup_steps=5", "train.eval_every=15", "checkpoint.every_steps=10", "log.every_steps=10",
                "data.synthetic.val_videos=16", "data.batch_size=8"));
        sets.addAll(List.of(more));
        return TrainCliTest.recipe(runDir, sets.toArray(new String[0]));
    }

    /** Clipping on: the gradient engine (all gradients, then the update), with dropout on. */
    @Test
    void gradientEngineWithDropout(@TempDir Path dir) throws Exception {
        killedAndResumedRunMatchesAnUninterruptedOne(dir, 1.0, DROPOUT);
    }

    /**
     * No clipping: the session engine (updates applied during the backward pass), with dropout on: the masks of a
     * step depend only on (seed, step), so the resumed steps draw the masks the uninterrupted run drew.
     */
    @Test
    void sessionEngineWithDropout(@TempDir Path dir) throws Exception {
        killedAndResumedRunMatchesAnUninterruptedOne(dir, 0.0, DROPOUT);
    }

    private static void killedAndResumedRunMatchesAnUninterruptedOne(Path dir, double clip, String... more)
            throws Exception {
        Path reference = dir.resolve("reference");
        TrainCliTest.runCapturing(0, args(reference, clip, more));

        Path killed = dir.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args(killed, clip, more)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed.log").toFile());
        pb.environment().put("TUBELET_NATIVE_ENV", "1");
        Process p = pb.start();
        Path second = killed.resolve("checkpoints").resolve(Checkpoints.folderName(20));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (!Files.isDirectory(second) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.isDirectory(second), "the child wrote two checkpoints: " + Files.readString(
                dir.resolve("killed.log")));
        p.destroyForcibly();                                           // SIGKILL: no shutdown hooks, no cleanup
        p.waitFor(30, TimeUnit.SECONDS);
        assertTrue(Files.readAllLines(killed.resolve("metrics.csv")).size() < 34, "killed before the end");

        String out = TrainCliTest.runCapturing(0, args(killed, clip, more));
        assertTrue(out.contains("resuming from"), out);
        assertEquals(comparable(reference), comparable(killed));
    }

    /** Every column but the timings. */
    private static List<String> comparable(Path run) throws Exception {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.csv"))) {
            String[] c = line.split(",", -1);
            rows.add(String.join(",", c[0], c[1], c[2], c[3], c[4], c[8], c[9], c[10], c[11]));
        }
        assertEquals(30 + 2 + 1, rows.size(), "header, 30 steps, 2 evaluations");
        return rows;
    }
}
