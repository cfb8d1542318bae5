package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.datasets.synthetic.MovingShapes;
import org.tubelet.datasets.synthetic.SyntheticConfig;
import org.tubelet.datasets.video.EncodeSettings;
import org.tubelet.datasets.video.VideoFormat;
import org.tubelet.datasets.video.VideoWriter;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.io.NdArrays;
import org.tubelet.io.Npy;
import org.tubelet.models.ModelGraph;
import org.tubelet.run.Export;
import org.tubelet.train.checkpoint.Checkpoints;
import org.tubelet.train.data.Batch;
import org.tubelet.train.data.SyntheticData;
import org.tubelet.train.data.SyntheticMotion;
import org.tubelet.train.listeners.MetricsCsv;
import org.tubelet.train.loop.MetricsRow;

/**
 * End to end through the command line: train the tiny ViViT on generated motion clips to clearly better than chance,
 * then eval (multi-view), export (HF and SameDiff; both give the checkpoint's logits) and predict.
 */
@Tag("slow")
class TrainCliTest {
    @TempDir
    static Path dir;
    static Path run;
    static String trainOutput;

    /** The quickstart recipe on in-memory synthetic clips, shortened. */
    static String[] recipe(Path runDir, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--recipe", "quickstart",
                "--set", "data.format=synthetic", "--set", "data.root=null", "--set", "data.generate=false",
                "--set", "data.synthetic.size=0", "--set", "data.synthetic.train_videos=512",
                "--set", "data.synthetic.val_videos=64", "--set", "data.processor.shortest_edge=0",
                "--set", "data.processor.crop_size=0", "--set", "schedule.warmup_steps=20",
                "--set", "train.label_smoothing=0", "--set", "log.progress=lines",
                "--set", "checkpoint.dir=" + runDir));
        for (String m : more) {
            args.add("--set");
            args.add(m);
        }
        return args.toArray(new String[0]);
    }

    @BeforeAll
    static void train() {
        run = dir.resolve("run");
        String[] args = recipe(run, "train.max_steps=200", "train.eval_every=100", "checkpoint.every_steps=100",
                "log.every_steps=50");
        String[] withCommand = new String[args.length + 1];
        withCommand[0] = "train";
        System.arraycopy(args, 0, withCommand, 1, args.length);
        trainOutput = runCapturing(0, withCommand);
    }

    @Test
    void trainingReachesClearlyBetterThanChanceAndWritesTheRunFolder() throws Exception {
        assertTrue(trainOutput.contains("final validation: top-1"), trainOutput);
        List<MetricsRow> rows = MetricsCsv.read(run.resolve("metrics.csv"));
        MetricsRow last = rows.get(rows.size() - 1);
        assertTrue(last.isEval());
        assertTrue(last.valTop1() >= 0.6, "4 classes, chance is 0.25; got " + last.valTop1());
        assertEquals(200 + 2, rows.size(), "a row per step and per evaluation");
        assertTrue(rows.get(0).loss() > rows.get(198).loss(), "the loss went down");
        String header = Files.readAllLines(run.resolve("metrics.csv")).get(0);
        for (String col : List.of("step", "epoch", "lr", "loss", "clips_per_s", "data_wait_ms", "val_top1",
                "val_top5")) {
            assertTrue(header.contains(col), header);
        }
        for (String f : List.of("loss.png", "accuracy.png", "lr.png", "confusion.csv", "recipe.yaml",
                "param_groups.json", "checkpoints/best.json")) {
            assertTrue(Files.size(run.resolve(f)) > 0, f);
        }
        Path best = Checkpoints.modelFolder(run);
        for (String f : List.of("config.json", "model.safetensors", "optimizer.safetensors", "trainer_state.json",
                "recipe.yaml", "metrics.csv", "preprocessor_config.json", "sampler.json")) {
            assertTrue(Files.isRegularFile(best.resolve(f)), best + "/" + f);
        }
        assertTrue(Files.readString(best.resolve("config.json")).contains("\"up\""), "id2label has the class names");
        // a second start finds the finished run and resumes at its end: nothing more to train
        String again = runCapturing(0, recipe(run, "train.max_steps=200", "train.eval_every=100",
                "checkpoint.every_steps=100"));
        assertTrue(again.contains("resuming from"), again);
        assertEquals(rows.size(), MetricsCsv.read(run.resolve("metrics.csv")).size());
    }

    @Test
    void evalWithMultipleViewsWritesMetricsAndConfusionMatrix() throws Exception {
        Path out = dir.resolve("eval");
        List<String> a = new java.util.ArrayList<>(List.of("eval"));
        a.addAll(List.of(recipe(run)));
        a.addAll(List.of("--checkpoint", run.toString(), "--clips", "2", "--crops", "1", "--out", out.toString(),
                "--json"));
        String[] args = a.toArray(new String[0]);
        String text = runCapturing(0, args);
        assertTrue(text.contains("(64 videos × 2 views)"), text);
        assertTrue(text.contains("128 views in "), text);
        JsonNode written = new ObjectMapper().readTree(out.resolve("eval.json").toFile());
        assertTrue(written.has("top1"), written.toString());
        double seconds = written.get("seconds").asDouble();
        assertTrue(seconds > 0, written.toString());
        assertEquals(128 / seconds, written.get("views_per_s").asDouble(), 1e-9 * (128 / seconds));
        assertEquals(5, Files.readAllLines(out.resolve("confusion.csv")).size());
        // --json: the last line holds the scores and the throughput, as bench/run.sh reads them
        String[] lines = text.strip().split("\n");
        JsonNode line = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals(64, line.get("videos").asInt(), line.toString());
        assertEquals(2, line.get("views_per_video").asInt(), line.toString());
        assertEquals(written.get("top1").asDouble(), line.get("top1").asDouble(), line.toString());
        assertEquals(written.get("views_per_s").asDouble(), line.get("views_per_s").asDouble(), 1e-3, line.toString());
        assertTrue(line.get("peak_rss_mb").asLong() > 0, line.toString());
        assertTrue(line.has("batch") && line.has("workers") && line.has("openblas_core") && line.has("malloc"),
                line.toString());
    }

    @Test
    void exportedModelsGiveTheCheckpointsLogits() throws Exception {
        Path ckpt = Checkpoints.modelFolder(run);
        ModelGraph original = HfCheckpoint.load(ckpt);
        SyntheticData data = new SyntheticData(new SyntheticMotion(4, 16, 32, 5), 4, 4, 8, 2, 32,
                List.of(.5, .5, .5), List.of(.5, .5, .5));
        Iterator<Batch> it = data.val(4, 1, 1).batches();
        INDArray x = it.next().pixels();
        String logitsName = original.outputs().logits().name();
        INDArray expected = original.sd().output(original.feeds(x, null, null, false), List.of(logitsName))
                .get(logitsName);

        Path hf = dir.resolve("export-hf");
        runCapturing(0, "export", "--checkpoint", run.toString(), "--format", "hf", "--out", hf.toString());
        assertTrue(Files.isRegularFile(hf.resolve("preprocessor_config.json")));
        Path pixels = dir.resolve("pixels.npy");
        Npy.write(pixels, NdArrays.toHost(x));
        Path fwd = dir.resolve("forward");
        runCapturing(0, "forward", "--model", hf.toString(), "--pixel-values", pixels.toString(), "--out",
                fwd.toString());
        INDArray viaForward = NdArrays.toNd(Npy.read(fwd.resolve("logits.npy")));
        assertTrue(expected.equalsWithEps(viaForward, 1e-5), "forward on the HF export");

        Path sdDir = dir.resolve("export-sd");
        runCapturing(0, "export", "--checkpoint", run.toString(), "--format", "samediff", "--out", sdDir.toString());
        SameDiff sd = SameDiff.load(sdDir.resolve(Export.SAMEDIFF_FILE).toFile(), false);
        assertTrue(Files.readString(sdDir.resolve(Export.SIGNATURE)).contains(logitsName));
        Map<String, INDArray> feeds = new java.util.HashMap<>(Map.of("pixel_values", x));
        if (original.inputs().training() != null) {
            feeds.put("training", org.nd4j.linalg.factory.Nd4j.scalar(0f));
        }
        INDArray viaSameDiff = sd.output(feeds, List.of(logitsName)).get(logitsName);
        assertTrue(expected.equalsWithEps(viaSameDiff, 1e-5), "SameDiff export");
    }

    @Test
    void predictPrintsLabelsAndProbabilitiesForAVideoFile() throws Exception {
        SyntheticConfig c = new SyntheticConfig(4, 1, 0, 16, 64, 64, 25, 3, VideoFormat.MP4_H264);
        Path video = dir.resolve("clip.mp4");
        VideoWriter.write(MovingShapes.render(1, c, new java.util.SplittableRandom(4)), video, VideoFormat.MP4_H264,
                new EncodeSettings(25, 8, 0.5, 0));
        String out = runCapturing(0, "predict", "--model", run.toString(), "--video", video.toString(), "--top-k",
                "3");
        List<String> lines = out.strip().lines().toList();
        assertEquals(4, lines.size(), out);
        assertTrue(lines.get(1).matches("\\s*\\d+\\.\\d\\d%  (right|up|left|down)"), out);
        assertEquals(2, Main.run("predict", "--model", run.toString(), "--video", dir.resolve("nope.mp4").toString()));
    }

    /**
     * VideoMAE pretraining, then fine-tuning from its run folder, through the command line. That every encoder tensor
     * is transferred exactly is {@code org.tubelet.run.PretrainThenFineTuneTest}'s.
     */
    @Test
    void videoMaePretrainingThenFineTuningFromTheRunFolder() throws Exception {
        Path pre = dir.resolve("pretrain");
        String out = runCapturing(0, recipe(pre, "task=pretraining", "model.preset=videomae-tiny",
                "train.max_steps=6", "schedule.warmup_steps=2", "checkpoint.keep_best=none", "data.synthetic.train_videos=64"));
        assertTrue(out.contains("VideoMAEForPreTraining") && out.contains("masking 56 of 64 tokens"), out);
        List<MetricsRow> rows = MetricsCsv.read(pre.resolve("metrics.csv"));
        assertEquals(6, rows.stream().filter(r -> !r.isEval()).count());   // + the validation loss at the end
        assertTrue(rows.stream().allMatch(r -> Double.isFinite(r.isEval() ? r.valLoss() : r.loss())));

        Path fine = dir.resolve("finetune");
        out = runCapturing(0, recipe(fine, "model.preset=null", "model.init_from=" + pre,
                "model.architecture=VideoMAEForVideoClassification", "model.overrides={use_mean_pooling: true}",
                "train.max_steps=4", "schedule.warmup_steps=2", "train.eval_every=4", "data.synthetic.train_videos=64",
                "train.seed=1"));
        assertTrue(out.contains("VideoMAEForVideoClassification") && out.contains("final validation"), out);
        assertEquals(4, MetricsCsv.read(fine.resolve("metrics.csv")).stream().filter(r -> !r.isEval()).count());
    }

    @Test
    void missingDataSaysWhichPathWasExpectedAndHowTheLayoutMustLook() {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("train", "--recipe", "vivit_k400", "--set", "data.root=" + dir.resolve("kinetics400"),
                    "--set", "checkpoint.dir=" + dir.resolve("k400"));
        } finally {
            System.setErr(old);
        }
        String msg = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, msg);
        assertTrue(msg.contains("data.root = " + dir.resolve("kinetics400") + ": folder not found"), msg);
        assertTrue(msg.contains("Layout 'kinetics'") && msg.contains("{youtube_id}_{start:06d}_{end:06d}.mp4"), msg);
    }

    @Test
    void helpOnEveryCommand() {
        for (String cmd : List.of("train", "eval", "export", "predict")) {
            assertTrue(runCapturing(0, cmd, "--help").contains("Usage:"), cmd);
        }
    }

    static String runCapturing(int expectedExit, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(args);
        } finally {
            System.setOut(old);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, code, String.join(" ", args) + "\n" + text);
        return text;
    }
}
