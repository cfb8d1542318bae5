package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.models.ModelGraph;
import org.tubelet.testing.TinyModels;
import org.tubelet.train.checkpoint.Checkpoints;
import org.tubelet.train.checkpoint.TrainerState;
import org.tubelet.train.optim.AdamW;
import org.tubelet.train.optim.WeightEma;

/**
 * {@code export --weights} and {@code eval --weights}: raw, the moving average, or by default the weights the run
 * evaluated (the average when it ran with {@code train.ema.eval: true}, else raw).
 */
class WeightsChoiceCliTest {
    private static final ModelGraph RAW = TinyModels.vivit(4, 1);
    private static final ModelGraph AVERAGE = TinyModels.vivit(4, 9);

    /** A run folder whose checkpoint holds RAW's weights and, with {@code ema} set, AVERAGE's as the average. */
    private static Path run(Path dir, WeightEma.Settings ema) throws IOException {
        TrainerState state = new TrainerState(3, 0, 3, 100, 1, 7, "adamw", null, Double.NaN, -1, ema);
        new Checkpoints(dir.resolve("checkpoints")).write(RAW, new Checkpoints.Content(state,
                new AdamW(0.9, 0.999, 1e-8, 0.0).state(), "name: x\n", List.of(), Map.of(),
                ema == null ? null : HfCheckpoint.stateDict(AVERAGE)));
        return dir;
    }

    /** Exports with {@code --weights choice}; the command says which weights it wrote. */
    private static ModelGraph export(Path run, Path out, String choice, String written) throws IOException {
        CliRun r = CliRun.of("export", "--checkpoint", run.toString(), "--format", "hf", "--out", out.toString(),
                "--weights", choice);
        assertEquals(CliErrors.OK, r.code(), r.err());
        assertTrue(r.out().contains("(hf, " + written + " weights)"), r.out());
        return HfCheckpoint.load(out);
    }

    private static void assertHolds(ModelGraph expected, ModelGraph g, String what) {
        for (String n : expected.params().keySet()) {
            assertEquals(expected.paramValue(n), g.paramValue(n), what + ": " + n);
        }
    }

    @Test
    void exportWritesTheChosenWeightsAndByDefaultTheEvaluatedOnes(@TempDir Path dir) throws Exception {
        Path evaluated = run(dir.resolve("ema-eval"), new WeightEma.Settings(0.99, 1, true));
        assertHolds(AVERAGE, export(evaluated, dir.resolve("a"), "ema", "ema"), "--weights ema");
        assertHolds(RAW, export(evaluated, dir.resolve("b"), "raw", "raw"), "--weights raw");
        CliRun byDefault = CliRun.of("export", "--checkpoint", evaluated.toString(), "--format", "hf", "--out",
                dir.resolve("c").toString());
        assertTrue(byDefault.out().contains("(hf, ema weights)"), byDefault.out());
        assertHolds(AVERAGE, HfCheckpoint.load(dir.resolve("c")), "default with eval: true");

        Path keptOnly = run(dir.resolve("ema-kept"), new WeightEma.Settings(0.99, 1, false));
        CliRun raw = CliRun.of("export", "--checkpoint", keptOnly.toString(), "--format", "hf", "--out",
                dir.resolve("d").toString());
        assertTrue(raw.out().contains("(hf, raw weights)"), raw.out());
        assertHolds(RAW, HfCheckpoint.load(dir.resolve("d")), "default with eval: false");
        assertHolds(AVERAGE, export(keptOnly, dir.resolve("e"), "ema", "ema"), "ema kept, not evaluated");

        Path none = run(dir.resolve("no-ema"), null);
        assertHolds(RAW, export(none, dir.resolve("f"), "auto", "raw"), "a run without an average");
        CliRun missing = CliRun.of("export", "--checkpoint", none.toString(), "--format", "hf", "--out",
                dir.resolve("g").toString(), "--weights", "ema");
        assertEquals(CliErrors.USAGE, missing.code());
        assertTrue(missing.err().contains("no " + Checkpoints.EMA) && missing.err().contains("train.ema"),
                missing.err());
    }

    @Test
    void evalScoresTheChosenWeights(@TempDir Path dir) throws Exception {
        Path run = run(dir.resolve("run"), new WeightEma.Settings(0.99, 1, true));
        JsonNode ema = eval(run, dir.resolve("eval-default"));
        JsonNode raw = eval(run, dir.resolve("eval-raw"), "--weights", "raw");
        assertEquals("ema", ema.get("weights").asText());
        assertEquals("raw", raw.get("weights").asText());
        assertNotEquals(ema.get("loss").asDouble(), raw.get("loss").asDouble(), "two different models");
        assertEquals(ema.get("loss").asDouble(), eval(run, dir.resolve("eval-ema"), "--weights", "ema")
                .get("loss").asDouble(), 1e-12);
    }

    private static JsonNode eval(Path run, Path out, String... weights) throws IOException {
        List<String> args = new ArrayList<>(List.of("eval"));
        args.addAll(List.of(TrainCliTest.recipe(run, "data.synthetic.val_videos=8")));
        args.addAll(List.of("--checkpoint", run.toString(), "--out", out.toString()));
        args.addAll(List.of(weights));
        CliRun r = CliRun.of(args.toArray(new String[0]));
        assertEquals(CliErrors.OK, r.code(), r.err() + r.out());
        return new ObjectMapper().readTree(out.resolve("eval.json").toFile());
    }
}
