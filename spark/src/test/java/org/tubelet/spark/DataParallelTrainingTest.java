package org.tubelet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.io.HostTensor;
import org.tubelet.io.Safetensors;
import org.tubelet.recipe.Recipe;
import org.tubelet.recipe.Recipes;
import org.tubelet.run.TrainResult;
import org.tubelet.run.Training;
import org.tubelet.train.checkpoint.Checkpoints;
import org.tubelet.train.listeners.MetricsCsv;
import org.tubelet.train.loop.MetricsRow;

/**
 * The defining property of data-parallel training: 2 replicas in Spark {@code local[2]} (1 native thread each), each
 * computing one micro-batch of every step, train exactly the model that 1 process accumulating the same 2
 * micro-batches per step trains. Both read real generated mp4 files through the video loader; the replicas decode
 * only their own batches.
 */
@Tag("slow")
class DataParallelTrainingTest {
    private static final int STEPS = 20;
    @TempDir
    static Path dir;
    static TrainResult distributed;
    static TrainResult single;
    static String distributedOutput;

    /** The quickstart recipe on 48 small generated videos: batches of 4, 20 steps, checkpoints at 10 and 20. */
    static Recipe recipe(Path run, String... more) {
        return recipe(dir.resolve("data"), run, more);
    }

    /** As above, with the videos generated into (or read from) {@code data}. */
    static Recipe recipe(Path data, Path run, String... more) {
        return Recipes.load("quickstart", sets(data, run, more));
    }

    static List<String> sets(Path data, Path run, String... more) {
        List<String> sets = new ArrayList<>(List.of("data.root=" + data, "data.generate=true",
                "data.synthetic.train_videos=48", "data.synthetic.val_videos=8", "data.synthetic.size=32",
                "data.batch_size=4", "data.eval_views.clips=1", "train.max_steps=" + STEPS,
                "train.eval_every=" + STEPS, "schedule.warmup_steps=5", "checkpoint.dir=" + run,
                "checkpoint.every_steps=10", "log.progress=lines", "log.every_steps=5", "log.plots=false",
                "distributed.threads_per_worker=1", "distributed.check_every=5", "distributed.timeout_s=120"));
        sets.addAll(List.of(more));
        return sets;
    }

    @BeforeAll
    static void trainBothWays() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        distributed = new SparkTraining().train(recipe(dir.resolve("two-ranks"), "distributed.workers=2"),
                new PrintStream(text, true, StandardCharsets.UTF_8));
        distributedOutput = text.toString(StandardCharsets.UTF_8);
        // the same global batch in one process: 2 accumulated micro-batches (still 1 native thread, as set above)
        single = Training.run(recipe(dir.resolve("one-process"), "optim.accumulate_steps=2"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void twoReplicasEndWithTheWeightsOfOneProcessAccumulatingTheirMicroBatches() throws Exception {
        assertEquals(STEPS, distributed.steps(), distributedOutput);
        assertEquals(STEPS, single.steps());
        Path a = Checkpoints.modelFolder(distributed.runDir()).getParent().resolve(Checkpoints.folderName(STEPS));
        Path b = Checkpoints.modelFolder(single.runDir()).getParent().resolve(Checkpoints.folderName(STEPS));
        for (String file : List.of("model.safetensors", "optimizer.safetensors")) {
            Map<String, HostTensor> wa = Safetensors.read(a.resolve(file)).tensors();
            Map<String, HostTensor> wb = Safetensors.read(b.resolve(file)).tensors();
            assertEquals(wb.keySet(), wa.keySet(), file);
            int differentBits = 0;
            for (String name : wb.keySet()) {
                float[] x = wa.get(name).toFloats();
                float[] y = wb.get(name).toFloats();
                assertEquals(y.length, x.length, name);
                for (int i = 0; i < x.length; i++) {
                    assertEquals(y[i], x[i], 1e-5, file + " " + name + "[" + i + "]");
                    if (Float.floatToIntBits(x[i]) != Float.floatToIntBits(y[i])) {
                        differentBits++;
                    }
                }
            }
            // The ring sums two micro-batches' gradients as g0 + g1, which is what the single process computes
            assertEquals(0, differentBits, file + ": values that are not bit-identical");
        }
    }

    /**
     * A distributed run whose JVM is killed (SIGKILL) after its step-10 checkpoint, started again, resumes there on
     * both replicas and ends with the weights of the uninterrupted single process: every rank reads the newest
     * checkpoint, as the replicas of a barrier stage that Spark restarts do.
     */
    @Test
    void aKilledDistributedRunResumesFromItsCheckpointAndEndsWithTheSameWeights() throws Exception {
        Path killed = dir.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx2g"));
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens")).forEach(cmd::add);      // Spark on Java 17
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SparkTrain.class.getName(), "--recipe",
                "quickstart"));
        for (String set : sets(dir.resolve("data"), killed, "distributed.workers=2")) {
            cmd.addAll(List.of("--set", set));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed.log").toFile());
        pb.environment().put("TUBELET_NATIVE_ENV", "1");                  // no relaunch: the kill must hit the run
        Process p = pb.start();
        Path tenth = killed.resolve("checkpoints").resolve(Checkpoints.folderName(10));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(240);
        while (!Files.isRegularFile(tenth.resolve(Checkpoints.STATE)) && p.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        p.destroyForcibly();                                                 // SIGKILL: both replicas die
        p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        String log = Files.readString(dir.resolve("killed.log"));
        assertTrue(Files.isDirectory(tenth), "the child wrote its step-10 checkpoint: " + log);
        assertFalse(Files.isDirectory(killed.resolve("checkpoints").resolve(Checkpoints.folderName(STEPS))),
                "killed before the end: " + log);

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        TrainResult resumed = new SparkTraining().train(recipe(killed, "distributed.workers=2"),
                new PrintStream(text, true, StandardCharsets.UTF_8));
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("resuming from"), text.toString());
        assertEquals(STEPS, resumed.steps());
        Path a = killed.resolve("checkpoints").resolve(Checkpoints.folderName(STEPS));
        Path b = single.runDir().resolve("checkpoints").resolve(Checkpoints.folderName(STEPS));
        for (String file : List.of("model.safetensors", "optimizer.safetensors")) {
            Map<String, HostTensor> wa = Safetensors.read(a.resolve(file)).tensors();
            Map<String, HostTensor> wb = Safetensors.read(b.resolve(file)).tensors();
            assertEquals(wb.keySet(), wa.keySet(), file);
            wb.forEach((name, t) -> assertEquals(t, wa.get(name), file + ": " + name));
        }
    }

    @Test
    void theLossCurvesAgreeAndTheRunFolderIsWrittenOnceByRankZero() throws Exception {
        List<MetricsRow> ra = MetricsCsv.read(distributed.runDir().resolve("metrics.csv"));
        List<MetricsRow> rb = MetricsCsv.read(single.runDir().resolve("metrics.csv"));
        assertEquals(rb.size(), ra.size(), "a row per step and per evaluation, written once");
        for (int i = 0; i < rb.size(); i++) {
            assertEquals(rb.get(i).isEval(), ra.get(i).isEval());
            if (!rb.get(i).isEval()) {
                assertEquals(rb.get(i).loss(), ra.get(i).loss(), 1e-6, "loss of step " + rb.get(i).step());
            }
        }
        assertTrue(rb.get(0).loss() > 0);
        assertTrue(distributedOutput.contains("final") || distributedOutput.contains("step"), distributedOutput);
        assertTrue(Files.isRegularFile(distributed.runDir().resolve("recipe.yaml")));
        assertFalse(distributedOutput.isBlank(), "rank 0 printed progress");
    }
}
