package org.tubelet.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.io.Safetensors;
import org.tubelet.models.ModelGraph;
import org.tubelet.testing.CheckpointFiles;
import org.tubelet.testing.TinyModels;
import org.tubelet.train.loop.MetricsRow;
import org.tubelet.train.loop.Trainer;
import org.tubelet.train.optim.AdamW;
import org.tubelet.train.optim.Param;

/** Checkpoints are complete or absent: a crash while writing leaves the previous ones intact. */
class CheckpointsTest {

    private static Checkpoints.Content content(long step, AdamW opt) {
        return new Checkpoints.Content(new TrainerState(step, 0, (int) step, 100, 1, 7, "adamw", "val_top1", 0.5, step),
                opt.state(), "name: x\n", List.of(MetricsRow.train(step, step / 100.0, 1e-3, 0.7, 1, 2, 3, 4)),
                Map.of(Checkpoints.SAMPLER, "{}\n"));
    }

    @Test
    void crashWhileWritingLeavesThePreviousCheckpointIntact(@TempDir Path dir) throws Exception {
        ModelGraph g = TinyModels.vivit(3, 1);
        AdamW opt = new AdamW(0.9, 0.999, 1e-8, 0.0);
        List<Param> params = Trainer.params(g, List.of());
        opt.step(params, gradsOf(g, 0.1), 1e-3, 1);
        Checkpoints store = new Checkpoints(dir.resolve("checkpoints"));
        Path first = store.write(g, content(10, opt));
        INDArray saved = g.paramValue("classifier.weight").dup();

        opt.step(params, gradsOf(g, 0.2), 1e-3, 2);                      // the model moves on
        store.withHook(file -> {
            if (file.equals(HfCheckpoint.WEIGHTS)) {
                throw new IOException("simulated crash after " + file);
            }
        });
        assertThrows(IOException.class, () -> store.write(g, content(20, opt)));

        assertEquals(List.of(first), store.list(), "no step-20 folder, the previous one is still there");
        assertFalse(Files.exists(store.dir().resolve(Checkpoints.folderName(20))));
        try (Stream<Path> s = Files.list(store.dir())) {
            assertEquals(1, s.count(), "the partial folder was removed");
        }
        Checkpoints.Loaded l = Checkpoints.read(first);
        assertEquals(10, l.state().step());
        assertEquals(opt.state().keySet(), l.optimizerState().keySet());
        ModelGraph back = TinyModels.vivit(3, 99);
        HfCheckpoint.loadWeights(back, Safetensors.read(first.resolve(HfCheckpoint.WEIGHTS)).tensors(), "test");
        assertEquals(saved, back.paramValue("classifier.weight"), "weights are those of step 10");
        assertTrue(Files.isRegularFile(first.resolve(Checkpoints.SAMPLER)));
    }

    @Test
    void leftoversOfAKilledWriteAreIgnoredAndCleaned(@TempDir Path dir) throws Exception {
        ModelGraph g = TinyModels.vivit(3, 1);
        AdamW opt = new AdamW(0.9, 0.999, 1e-8, 0.0);
        Checkpoints store = new Checkpoints(dir);
        store.write(g, content(5, opt));
        Path partial = Files.createDirectories(dir.resolve(".partial-step-00000009-123"));
        Files.writeString(partial.resolve(HfCheckpoint.WEIGHTS), "half a file");
        Files.createDirectories(dir.resolve(Checkpoints.folderName(9)));   // no trainer_state.json: incomplete
        assertEquals(5, Checkpoints.stepOf(store.latest().orElseThrow()));
        store.cleanPartials();
        assertFalse(Files.exists(partial));
    }

    @Test
    void pruneKeepsTheNewestAndTheBest(@TempDir Path dir) throws Exception {
        ModelGraph g = TinyModels.vivit(3, 1);
        AdamW opt = new AdamW(0.9, 0.999, 1e-8, 0.0);
        Checkpoints store = new Checkpoints(dir);
        for (long s : new long[]{1, 2, 3, 4, 5}) {
            store.write(g, content(s, opt));
        }
        store.prune(2, Set.of(2L));
        assertEquals(List.of(2L, 4L, 5L), store.list().stream().map(Checkpoints::stepOf).toList());
        Files.writeString(dir.resolve("best.json"), "{\"metric\": \"val_top1\", \"value\": 0.9, \"step\": 2}");
        assertEquals(dir.resolve(Checkpoints.folderName(2)), Checkpoints.modelFolder(dir));
    }

    @Test
    void everyCheckpointRecordsItsFormatVersion(@TempDir Path dir) throws Exception {
        Path cp = new Checkpoints(dir).write(TinyModels.vivit(3, 1), content(3, new AdamW(0.9, 0.999, 1e-8, 0.0)));
        assertTrue(Files.readString(cp.resolve(Checkpoints.STATE)).contains("\"format_version\" : "
                + Checkpoints.FORMAT_VERSION), "written into " + Checkpoints.STATE);
        assertEquals(Checkpoints.FORMAT_VERSION, Checkpoints.formatVersion(cp));
        assertEquals(3, Checkpoints.read(cp).state().step(), "the current version resumes");
    }

    @Test
    void aCheckpointOfAnotherVersionIsRefusedForResumeButItsWeightsStillLoad(@TempDir Path dir) throws Exception {
        ModelGraph g = TinyModels.vivit(3, 1);
        Path cp = new Checkpoints(dir).write(g, content(3, new AdamW(0.9, 0.999, 1e-8, 0.0)));
        for (int version : new int[]{1, Checkpoints.FORMAT_VERSION + 1}) {
            CheckpointFiles.withFormatVersion(cp, version);
            assertEquals(version, Checkpoints.formatVersion(cp));
            IncompatibleCheckpointException e = assertThrows(IncompatibleCheckpointException.class,
                    () -> Checkpoints.read(cp));
            assertEquals(version, e.version());
            assertEquals(Checkpoints.FORMAT_VERSION, e.expected());
            for (String part : List.of(cp.toString(), "version " + version, "version " + Checkpoints.FORMAT_VERSION,
                    "new run folder", "release")) {
                assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
            }
            assertTrue(e instanceof IllegalArgumentException, "a usage error (exit code 2)");

            ModelGraph back = HfCheckpoint.load(Checkpoints.modelFolder(dir));
            assertEquals(g.paramValue("classifier.weight"), back.paramValue("classifier.weight"),
                    "eval, export, predict and init_from load the weights of any version");
        }
    }

    /**
     * The moving average goes into {@code ema.safetensors} inside the same atomic write and reads back bit for bit; a
     * checkpoint whose state names an average it lacks is refused; one written without an average (as every
     * checkpoint before train.ema existed) reads as having none, in the same format version.
     */
    @Test
    void theWeightAverageIsWrittenAtomicallyWithTheCheckpointAndReadBack(@TempDir Path dir) throws Exception {
        ModelGraph g = TinyModels.vivit(3, 1);
        ModelGraph average = TinyModels.vivit(3, 2);
        AdamW opt = new AdamW(0.9, 0.999, 1e-8, 0.0);
        org.tubelet.train.optim.WeightEma.Settings settings = new org.tubelet.train.optim.WeightEma.Settings(0.99, 3,
                false);
        Checkpoints store = new Checkpoints(dir);
        Checkpoints.Content withEma = new Checkpoints.Content(new TrainerState(4, 0, 4, 100, 1, 7, "adamw", null,
                Double.NaN, -1, settings), opt.state(), "", List.of(), Map.of(), HfCheckpoint.stateDict(average));
        store.withHook(file -> {
            if (file.equals(Checkpoints.EMA)) {
                throw new IOException("simulated crash after " + file);
            }
        });
        assertThrows(IOException.class, () -> store.write(g, withEma));
        assertEquals(List.of(), store.list(), "no checkpoint without its average");
        store.withHook(file -> {
        });
        Path cp = store.write(g, withEma);

        Checkpoints.Loaded l = Checkpoints.read(cp);
        assertEquals(settings, l.state().ema());
        assertEquals(HfCheckpoint.stateDict(average).keySet(), l.emaWeights().keySet());
        HfCheckpoint.stateDict(average).forEach((n, t) -> assertEquals(t, l.emaWeights().get(n), n));

        Files.delete(cp.resolve(Checkpoints.EMA));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.read(cp));
        assertTrue(e.getMessage().contains(Checkpoints.EMA) && e.getMessage().contains(cp.toString()), e.getMessage());

        Path plain = store.write(g, content(5, opt));
        assertEquals(null, Checkpoints.read(plain).emaWeights());
        assertEquals(null, Checkpoints.read(plain).state().ema());
        assertFalse(Files.readString(plain.resolve(Checkpoints.STATE)).contains("ema"));
    }

    private static Map<String, INDArray> gradsOf(ModelGraph g, double v) {
        Map<String, INDArray> m = new java.util.HashMap<>();
        g.params().forEach((k, var) -> m.put(k, var.getArr().ulike().assign(v)));
        return m;
    }
}
