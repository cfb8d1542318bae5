package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.models.ModelGraph;
import org.tubelet.testing.CheckpointFiles;
import org.tubelet.testing.TinyModels;
import org.tubelet.train.checkpoint.Checkpoints;
import org.tubelet.train.checkpoint.TrainerState;
import org.tubelet.train.optim.AdamW;

/**
 * A run folder whose newest checkpoint has another format version: {@code train} refuses to resume it (exit code 2,
 * a message naming the folder, both versions and what to do) and leaves the folder as it was; {@code export} still
 * reads its weights.
 */
class CheckpointFormatCliTest {

    /** A run folder with one checkpoint of a tiny ViViT at step 3, in the given format version. */
    private static Path runWithCheckpoint(Path run, ModelGraph g, int version) throws IOException {
        TrainerState state = new TrainerState(3, 0, 3, 100, 1, 7, "adamw", null, Double.NaN, -1);
        Path cp = new Checkpoints(run.resolve("checkpoints")).write(g, new Checkpoints.Content(state,
                new AdamW(0.9, 0.999, 1e-8, 0.0).state(), "name: old\n", List.of(), Map.of()));
        CheckpointFiles.withFormatVersion(cp, version);
        return cp;
    }

    @Test
    void trainRefusesACheckpointOfAnotherFormatWithExitCode2AndTouchesNothing(@TempDir Path dir) throws Exception {
        for (int version : new int[]{1, Checkpoints.FORMAT_VERSION + 1}) {
            Path run = dir.resolve("run-v" + version);
            Path cp = runWithCheckpoint(run, TinyModels.vivit(4, 1), version);
            Map<String, String> before = snapshot(run);

            List<String> args = new ArrayList<>(List.of("train"));
            args.addAll(List.of(TrainCliTest.recipe(run, "train.max_steps=2")));
            CliRun r = CliRun.of(args.toArray(new String[0]));

            assertEquals(CliErrors.USAGE, r.code(), r.err() + r.out());
            for (String part : List.of(cp.toString(), "format version " + version,
                    "version " + Checkpoints.FORMAT_VERSION, "new run folder", "checkpoint.dir", "release")) {
                assertTrue(r.err().contains(part), "'" + part + "' in: " + r.err());
            }
            assertEquals(before, snapshot(run), "the run folder is untouched");
        }
    }

    @Test
    void theWeightsOfAnOldCheckpointStillExport(@TempDir Path dir) throws Exception {
        ModelGraph g = TinyModels.vivit(4, 1);
        Path run = dir.resolve("run");
        runWithCheckpoint(run, g, 1);
        Path out = dir.resolve("hf");
        CliRun r = CliRun.of("export", "--checkpoint", run.toString(), "--format", "hf", "--out", out.toString());
        assertEquals(CliErrors.OK, r.code(), r.err());
        ModelGraph back = HfCheckpoint.load(out);
        assertEquals(g.paramValue("classifier.weight"), back.paramValue("classifier.weight"));
    }

    /** Every file under a folder with its size and modification time. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                m.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                        : Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return m;
    }
}
