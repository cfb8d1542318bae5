package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.engine.JitWarmup;
import org.tubelet.engine.JvmOptions;
import org.tubelet.engine.Malloc;
import org.tubelet.engine.NativeBuild;
import org.tubelet.engine.OpenBlasCore;
import org.tubelet.engine.VectorApi;
import org.tubelet.testing.Fixtures;

/** The bench command runs end to end on tiny models (timings themselves are not asserted: they belong in make bench). */
class BenchCommandTest {

    @Test
    void printsOneJsonLineWithTheContractKeys(@TempDir Path tmp) throws Exception {
        for (String fixture : new String[]{"vivit_tiny", "videomae_pretrain_normpix"}) {
            String out = run("bench", "--config", Fixtures.hf(fixture).resolve("config.json").toString(),
                    "--batch", "2", "--steps", "1", "--warmup", "0", "--json");
            String[] lines = out.strip().split("\n");
            JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
            for (String key : new String[]{"forward_ms", "train_step_ms", "peak_rss_mb", "clips_per_s",
                    "forward_gflop", "params", "nd4j_build", "openblas_core"}) {
                assertTrue(json.has(key), fixture + ": missing " + key + " in " + json);
            }
            assertTrue(json.get("forward_ms").asDouble() > 0);
            assertTrue(json.get("peak_rss_mb").asLong() > 0);
            assertEquals(2, json.get("batch").asInt());
            // what the engine loaded, as the engine reads it (its own tests check it against the processor)
            assertEquals(NativeBuild.loaded().orElseThrow().name().toLowerCase(Locale.ROOT),
                    json.get("nd4j_build").asText());
            assertEquals(OpenBlasCore.running().get("openblas_nolapack"), json.get("openblas_core").asText());
            assertEquals(Malloc.describeRunning(), json.get("malloc").asText());
            assertEquals(VectorApi.describe(), json.get("vector_api").asText());
            assertEquals(JvmOptions.describe(), json.get("jvm_options").asText());
            assertEquals(Malloc.describeRunning(), json.at("/memory_train/malloc").asText());
        }
    }

    /** Every engine times a training step; enum values are accepted in any case, as the docs write them. */
    @Test
    void everyEngineTimesATrainingStep() throws Exception {
        for (String engine : new String[]{"session", "sums", "GRADIENTS"}) {
            String out = run("bench", "--config", Fixtures.hf("vivit_tiny").resolve("config.json").toString(),
                    "--batch", "2", "--steps", "1", "--warmup", "0", "--what", "train", "--engine", engine, "--json");
            String[] lines = out.strip().split("\n");
            JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
            assertEquals(engine.toLowerCase(Locale.ROOT), json.get("engine").asText(), out);
            assertTrue(json.get("train_step_ms").asDouble() > 0, out);
        }
    }

    /** {@code --what loss}: the training step's loss against its float64 recomputation, a line and JSON keys. */
    @Test
    void checksTheTrainingLossAgainstItsFloat64Recomputation() throws Exception {
        for (String fixture : new String[]{"vivit_tiny", "videomae_pretrain_raw"}) {
            String out = run("bench", "--config", Fixtures.hf(fixture).resolve("config.json").toString(),
                    "--batch", "2", "--what", "loss", "--json");
            assertTrue(out.contains("loss check: the training step reported "), out);
            assertTrue(out.contains("): ok"), out);
            assertTrue(!out.contains("Added differentiated op"), "SameDiff's build lines are swallowed: " + out);
            String[] lines = out.strip().split("\n");
            JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
            assertTrue(json.get("loss_check_passed").asBoolean(), json.toString());
            double reported = json.get("loss_reported").asDouble();
            double float64 = json.get("loss_float64").asDouble();
            assertTrue(reported > 0 && Math.abs(reported - float64) <= 5e-5 + 1e-4 * float64, json.toString());
            assertTrue(!json.has("forward_ms") && !json.has("train_step_ms"), "nothing timed: " + json);
        }
    }

    @Test
    void autoWarmUpRunsUntilTheJitCompilersAreQuietAndSaysSo() throws Exception {
        String out = run("bench", "--config", Fixtures.hf("vivit_tiny").resolve("config.json").toString(),
                "--batch", "1", "--steps", "1", "--warmup-min-seconds", "0", "--warmup-max-seconds", "60",
                "--json");
        String[] lines = out.strip().split("\n");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        for (String phase : new String[]{"forward", "train"}) {
            assertTrue(json.get(phase + "_warmup_steps").asInt() >= JitWarmup.MIN_STEPS, json.toString());
            assertTrue(json.get(phase + "_warmup_s").asDouble() >= 0, json.toString());   // tiny: may round to 0
            assertTrue(json.has(phase + "_jit_quiet"), json.toString());
        }
        assertTrue(out.contains("warm-up steps"), out);
    }

    @Test
    void profileSaysWhereTheTimeGoes() {
        String out = run("bench", "--config", Fixtures.hf("vivit_tiny").resolve("config.json").toString(),
                "--batch", "2", "--steps", "1", "--warmup", "0", "--profile", "--profile-top", "50");
        assertTrue(out.contains("== profile: forward"), out);
        assertTrue(out.contains("== profile: train step"), out);
        String train = out.substring(out.indexOf("== profile: train step"));
        // The forward table names the fused nodes; the training table also their backward and the optimiser's row.
        String forward = out.substring(0, out.indexOf("== profile: train step"));
        for (String row : new String[]{" linear (fused)", " attention (fused)"}) {
            assertTrue(forward.contains(row), "missing '" + row + "' in\n" + forward);
        }
        for (String row : new String[]{" linear_bp (fused)", " attention_bp (fused)", "optimizer: AdamW", "all ops"}) {
            assertTrue(train.contains(row), "missing '" + row + "' in\n" + train);
        }
    }

    @Test
    void aMinimumWarmUpAboveTheMaximumIsAUsageError() {
        String config = Fixtures.hf("vivit_tiny").resolve("config.json").toString();
        assertEquals(2, Main.run("bench", "--config", config, "--warmup-min-seconds", "90",
                "--warmup-max-seconds", "60"));
        assertEquals(2, Main.run("bench", "--config", config, "--warmup-min-seconds", "-1"));
    }

    @Test
    void unknownPresetIsAUsageError() {
        assertEquals(2, Main.run("bench", "--config", "no-such-preset"));
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run(args));
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void warmupOptionIsANumberOrAuto() {
        assertEquals(OptionalInt.empty(), BenchCommand.parseWarmup("auto"));
        assertEquals(OptionalInt.empty(), BenchCommand.parseWarmup("AUTO"));
        assertEquals(OptionalInt.of(7), BenchCommand.parseWarmup("7"));
        assertEquals(OptionalInt.of(0), BenchCommand.parseWarmup("0"));
        for (String bad : new String[]{"-1", "ten", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BenchCommand.parseWarmup(bad));
            assertTrue(e.getMessage().contains("--warmup " + bad + ":"), e.getMessage());
        }
    }
}
