package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.train.checkpoint.Checkpoints;
import org.tubelet.train.checkpoint.CorruptCheckpointException;

/**
 * A quickstart-sized run (the quickstart's tiny ViViT on in-memory moving-shape clips) killed with SIGKILL again and
 * again, each time started again (it resumes from its newest intact checkpoint), ends with exactly the metrics of a run
 * that never stopped (every row's step, epoch, lr, loss, gradient norm and validation numbers) and its last checkpoint
 * holds the same weights and optimiser state, bit for bit. After every kill, every checkpoint in the run folder
 * matches its checksums (a corrupt one counts as a failure).
 *
 * <p>The kills cycle through three kinds of moment: a random delay after the child starts (start-up, data, training,
 * anywhere), the instant a checkpoint write begins (a file watcher sees its {@code .partial-} folder appear; a random
 * number of writes is let through first), and during an evaluation (after the metrics row of the step before an
 * evaluation step appears, wait 1.5 times that row's step time: the evaluation step runs, then the evaluation of 128
 * clips). {@code make test} kills 5 times; {@code bench/kills.sh} runs the same test with {@code -Dtubelet.kills=20}
 * and writes the tally ({@code -Dtubelet.kills.report=FILE}).
 */
@Tag("slow")
class RepeatedKillsTest {
    private static final int KILLS = Integer.getInteger("tubelet.kills", 5);
    private static final long SEED = Long.getLong("tubelet.kills.seed", 23);
    private static final int EVAL_EVERY = 20;

    /** When a kill comes. */
    enum Moment { RANDOM_DELAY, CHECKPOINT_WRITE, EVALUATION }

    /** Enough steps that every kill meets a running child: about 12 steps per kill, at least 60. */
    private static long steps() {
        return Math.max(60, 12L * KILLS / EVAL_EVERY * EVAL_EVERY);
    }

    private static String[] args(Path runDir) {
        return TrainCliTest.recipe(runDir, "train.max_steps=" + steps(), "schedule.warmup_steps=5",
                "train.eval_every=" + EVAL_EVERY, "checkpoint.every_steps=5", "checkpoint.keep_last=2",
                "log.every_steps=10", "log.plots=false", "data.synthetic.train_videos=128",
                "data.synthetic.val_videos=64", "data.batch_size=8");
    }

    @Test
    void everyKilledAndResumedRunEndsAsTheUninterruptedOne(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        Path reference = dir.resolve("reference");
        TrainCliTest.runCapturing(0, args(reference));

        Path run = dir.resolve("killed");
        Random random = new Random(SEED);
        int[] byMoment = new int[Moment.values().length];
        int killed = 0;
        int partialLeft = 0;
        int corrupt = 0;
        List<String> log = new ArrayList<>();
        for (int k = 0; k < KILLS; k++) {
            Moment moment = Moment.values()[k % Moment.values().length];
            Path childLog = dir.resolve("child-" + k + ".log");
            Process p = KilledRuns.start(childLog, args(run));
            String waited = waitFor(moment, p, run, childLog, random);
            if (!p.isAlive()) {                     // it finished before the moment came: nothing left to kill
                assertEquals(0, p.waitFor(), Files.readString(dir.resolve("child-" + k + ".log")));
                log.add("kill " + (k + 1) + " (" + moment + "): the run had finished");
                break;
            }
            p.destroyForcibly();                                       // SIGKILL: no shutdown hooks, no cleanup
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the child died");
            killed++;
            byMoment[moment.ordinal()]++;
            boolean partial = partials(run).findAny().isPresent();
            partialLeft += partial ? 1 : 0;
            int bad = corruptCheckpoints(run);
            corrupt += bad;
            log.add("kill " + (k + 1) + " (" + moment + ", " + waited + "): metrics rows " + rows(run)
                    + (partial ? ", a checkpoint write left unfinished" : "") + (bad > 0 ? ", CORRUPT " + bad : ""));
        }
        String out = TrainCliTest.runCapturing(0, args(run));
        assertTrue(killed == 0 || out.contains("resuming from"), out);
        assertEquals(0, corrupt, String.join("\n", log));
        List<String> expected = KilledRuns.comparable(reference);
        assertEquals(1 + steps() + steps() / EVAL_EVERY, expected.size(), "header, a row per step and evaluation");
        assertEquals(expected, KilledRuns.comparable(run), String.join("\n", log));
        KilledRuns.assertSameTensors(reference, run, steps(), List.of(HfCheckpoint.WEIGHTS, Checkpoints.OPTIMIZER));
        assertEquals(0, partials(run).count(), "the finished run left no partial checkpoint");

        String tally = String.format(Locale.ROOT, "kills survived: %d/%d (%d at a random delay, %d at the start of a "
                        + "checkpoint write, %d during an evaluation; %d left a checkpoint write unfinished), corrupt "
                        + "checkpoints: %d, %d steps, %.0f s in all%n", killed, killed,
                byMoment[Moment.RANDOM_DELAY.ordinal()], byMoment[Moment.CHECKPOINT_WRITE.ordinal()],
                byMoment[Moment.EVALUATION.ordinal()], partialLeft, corrupt, steps(), (System.nanoTime() - t0) / 1e9);
        System.out.print(String.join("\n", log) + "\n" + tally);
        String report = System.getProperty("tubelet.kills.report");
        if (report != null) {
            Files.writeString(Path.of(report), String.join("\n", log) + "\n" + tally);
        }
        assertEquals(KILLS, killed, "every planned kill met a running child:\n" + String.join("\n", log));
    }

    /** Waits for the moment (at most 120 s); returns what it waited for. */
    private static String waitFor(Moment moment, Process p, Path run, Path childLog, Random random)
            throws Exception {
        return switch (moment) {
            case RANDOM_DELAY -> {
                long ms = 500 + random.nextInt(7500);
                p.waitFor(ms, TimeUnit.MILLISECONDS);
                yield ms + " ms after the start";
            }
            case CHECKPOINT_WRITE -> {
                int skip = random.nextInt(3);
                yield "write " + (skip + 1) + " of this start: " + waitForWrite(p, run.resolve("checkpoints"), skip);
            }
            case EVALUATION -> waitForEvaluation(p, run, childLog);
        };
    }

    /** Returns as soon as the {@code skip + 1}-th checkpoint write of this child begins. */
    private static String waitForWrite(Process p, Path checkpoints, int skip) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.isDirectory(checkpoints) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            checkpoints.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            int seen = 0;
            while (p.isAlive() && System.nanoTime() < deadline) {
                WatchKey key = watch.poll(20, TimeUnit.MILLISECONDS);
                if (key == null) {
                    continue;
                }
                for (WatchEvent<?> e : key.pollEvents()) {
                    String name = String.valueOf(e.context());
                    if (name.startsWith(".partial-step-") && seen++ == skip) {
                        return name;
                    }
                }
                key.reset();
            }
        }
        return "none seen";
    }

    /**
     * Returns about 1.5 step times after the metrics row of the step before the child's next evaluation step appears
     * (rows are read once the child has started training: it rewrites metrics.csv to its checkpoint's rows first).
     */
    private static String waitForEvaluation(Process p, Path run, Path childLog) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && System.nanoTime() < deadline
                && Files.readString(childLog).lines().noneMatch(l -> l.startsWith("training "))) {
            Thread.sleep(2);
        }
        while (p.isAlive() && System.nanoTime() < deadline) {
            String[] last = lastRow(run);
            if (last != null && last[8].isEmpty()) {
                long step = Long.parseLong(last[0]);
                if ((step + 1) % EVAL_EVERY == 0) {
                    long ms = Math.round(1.5 * Double.parseDouble(last[7]));
                    Thread.sleep(ms);
                    return "evaluation at step " + (step + 1) + ", " + ms + " ms after step " + step + "'s row";
                }
            }
            Thread.sleep(2);
        }
        return "no evaluation seen";
    }

    private static String[] lastRow(Path run) throws IOException {
        Path f = run.resolve("metrics.csv");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        String text = Files.readString(f);
        int end = text.lastIndexOf('\n');
        int start = text.lastIndexOf('\n', end - 1) + 1;
        if (end <= 0) {
            return null;
        }
        String[] c = text.substring(start, end).split(",", -1);
        return c.length == 12 && !c[0].equals("step") ? c : null;
    }

    private static long rows(Path run) throws IOException {
        Path f = run.resolve("metrics.csv");
        return Files.isRegularFile(f) ? Files.readString(f).chars().filter(ch -> ch == '\n').count() : 0;
    }

    private static Stream<Path> partials(Path run) throws IOException {
        Path dir = run.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".partial-")).toList().stream();
        }
    }

    /** Complete checkpoints whose files do not match their checksums. */
    private static int corruptCheckpoints(Path run) throws IOException {
        int bad = 0;
        for (Path cp : new Checkpoints(run.resolve("checkpoints")).list()) {
            try {
                Checkpoints.verify(cp);
            } catch (CorruptCheckpointException e) {
                bad++;
            }
        }
        return bad;
    }
}
