package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tubelet.datasets.synthetic.MovingShapes;
import org.tubelet.datasets.synthetic.SyntheticConfig;
import org.tubelet.datasets.video.EncodeSettings;
import org.tubelet.datasets.video.VideoFormat;
import org.tubelet.datasets.video.VideoWriter;
import org.tubelet.io.HostTensor;
import org.tubelet.io.Npy;
import org.tubelet.testing.Fixtures;

/**
 * The wrong arguments a user meets, command by command: each exits with 2 and one line naming the argument (file,
 * option or recipe key), the value and what was expected, and leaves every file as it was: nothing written (no
 * output folder, no run folder), nothing changed or deleted. Inputs are real: an HF fixture folder, mp4 files the
 * project's encoder wrote (16 frames, 2 frames, and one cut off after 300 bytes), {@code .npy} arrays, YAML recipes.
 * {@code {d}} in a case stands for the folder holding the inputs.
 */
class BadArgumentsCliTest {
    @TempDir
    static Path dir;

    /** One wrong invocation and what its error line must contain. */
    record Case(String name, List<String> args, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, String[] args, String... expected) {
        return new Case(name, List.of(args), List.of(expected));
    }

    private static String[] a(String... args) {
        return args;
    }

    /** The quickstart recipe on in-memory clips, its run folder and data inside {@code {d}}. */
    private static String[] train(String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--recipe", "quickstart",
                "--set", "checkpoint.dir={d}/run", "--set", "data.root={d}/data"));
        for (String m : more) {
            args.add("--set");
            args.add(m);
        }
        return args.toArray(new String[0]);
    }

    private static String[] eval(String checkpoint, String... more) {
        List<String> args = new ArrayList<>(List.of("eval", "--recipe", "quickstart", "--set", "data.format=synthetic",
                "--set", "data.root=null", "--set", "data.generate=false", "--set", "data.synthetic.size=0",
                "--set", "data.synthetic.val_videos=8", "--set", "data.synthetic.train_videos=8",
                "--set", "checkpoint.dir={d}/run", "--checkpoint", checkpoint, "--out", "{d}/out/eval"));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    static Stream<Case> cases() {
        String pv = "{d}/model/pixel_values.npy";
        return Stream.of(
                // forward: .npy inputs and model folders
                c("forward: missing pixel_values file", a("forward", "--model", "{d}/model", "--pixel-values",
                        "{d}/nope.npy", "--out", "{d}/out/f"), "file not found", "{d}/nope.npy"),
                c("forward: a text file as .npy", a("forward", "--model", "{d}/model", "--pixel-values",
                        "{d}/text.npy", "--out", "{d}/out/f"), "{d}/text.npy", "does not start with \\x93NUMPY"),
                c("forward: pixel_values of rank 3", a("forward", "--model", "{d}/model", "--pixel-values",
                        "{d}/rank3.npy", "--out", "{d}/out/f"), "{d}/rank3.npy", "(B, T, C, H, W)", "[3, 32, 32]"),
                c("forward: 3 frames for a 4-frame model", a("forward", "--model", "{d}/model", "--pixel-values",
                        "{d}/frames3.npy", "--out", "{d}/out/f"), "{d}/frames3.npy", "[1, 3, 3, 32, 32]",
                        "expected (B, 4, 3, 32, 32)"),
                c("forward: labels of the wrong shape", a("forward", "--model", "{d}/model", "--pixel-values", pv,
                        "--labels", "{d}/rank3.npy", "--out", "{d}/out/f"), "{d}/rank3.npy", "labels shape [3, 32, 32]",
                        "expected (2,) class indices"),
                c("forward: a mask for a ViViT", a("forward", "--model", "{d}/model", "--pixel-values", pv,
                        "--bool-masked-pos", "{d}/mask.npy", "--out", "{d}/out/f"), "{d}/mask.npy",
                        "VivitForVideoClassification takes no bool_masked_pos", "expected a VideoMAE model"),
                c("forward: a folder without config.json", a("forward", "--model", "{d}/empty", "--pixel-values", pv,
                        "--out", "{d}/out/f"), "{d}/empty/config.json"),
                c("forward: truncated model.safetensors", a("forward", "--model", "{d}/truncated", "--pixel-values",
                        pv, "--out", "{d}/out/f"), "{d}/truncated/model.safetensors", "larger than the file"),
                c("forward: no --out", a("forward", "--model", "{d}/model", "--pixel-values", pv),
                        "Missing required option", "--out"),
                c("forward: unknown option", a("forward", "--model", "{d}/model", "--pixel-values", pv, "--out",
                        "{d}/out/f", "--batch", "3"), "Unknown option", "--batch", "trainer forward --help"),
                // predict: videos and model folders
                c("predict: missing video", a("predict", "--model", "{d}/model", "--video", "{d}/nope.mp4"),
                        "file not found", "{d}/nope.mp4"),
                c("predict: cut-off video", a("predict", "--model", "{d}/model", "--video", "{d}/cut.mp4"),
                        "{d}/cut.mp4", "cannot open or parse the container"),
                c("predict: video shorter than the clip", a("predict", "--model", "{d}/model", "--video",
                        "{d}/short.mp4"), "{d}/short.mp4", "2 frames", "expected at least 4 frames"),
                c("predict: --top-k 0", a("predict", "--model", "{d}/model", "--video", "{d}/ok.mp4", "--top-k", "0"),
                        "--top-k 0", "expected at least 1"),
                c("predict: --top-k not a number", a("predict", "--model", "{d}/model", "--video", "{d}/ok.mp4",
                        "--top-k", "five"), "--top-k", "'five' is not an int"),
                c("predict: --clips -1", a("predict", "--model", "{d}/model", "--video", "{d}/ok.mp4", "--clips", "-1"),
                        "--clips -1", "expected at least 1"),
                c("predict: model is not a folder", a("predict", "--model", "{d}/ok.mp4", "--video", "{d}/ok.mp4"),
                        "{d}/ok.mp4: not a folder", "expected an HF model folder"),
                c("predict: a pretraining model", a("predict", "--model", "{d}/pretrain", "--video", "{d}/ok.mp4"),
                        "{d}/pretrain", "VideoMAEForPreTraining has no classifier", "ForVideoClassification"),
                // preprocess
                c("preprocess: config.json instead of the processor's", a("preprocess", "--config",
                        "{d}/model/config.json", "--video", "{d}/ok.mp4", "--out", "{d}/out/p.npy"),
                        "{d}/model/config.json", "image_processor_type", "expected"),
                c("preprocess: more frames than the video has", a("preprocess", "--config", "{d}/processor.json",
                        "--video", "{d}/ok.mp4", "--num-frames", "100", "--out", "{d}/out/p.npy"), "--num-frames",
                        "100"),
                c("preprocess: --frames and --video", a("preprocess", "--config", "{d}/processor.json", "--video",
                        "{d}/ok.mp4", "--frames", "{d}/rank3.npy", "--out", "{d}/out/p.npy"), "mutually exclusive"),
                // eval
                c("eval: --crops 2", eval("{d}/model", "--crops", "2"), "crops = 2", "expected 1 (centre) or 3"),
                c("eval: --clips 0", eval("{d}/model", "--clips", "0"), "clips = 0", "at least 1"),
                c("eval: checkpoint is not a folder", eval("{d}/nothere"), "{d}/nothere: not a folder",
                        "expected an HF model folder"),
                c("eval: model of 5 classes, data of 4", eval("{d}/model"), "{d}/model has 5 classes",
                        "validation data has 4"),
                c("eval: --weights ema without an average", eval("{d}/model", "--weights", "ema"), "no ema.safetensors",
                        "train.ema"),
                // export
                c("export: --format onnx", a("export", "--checkpoint", "{d}/model", "--format", "onnx", "--out",
                        "{d}/out/x"), "--format", "'onnx'", "expected one of [hf, samediff]"),
                c("export: --weights bogus", a("export", "--checkpoint", "{d}/model", "--format", "hf", "--weights",
                        "bogus", "--out", "{d}/out/x"), "--weights", "'bogus'", "expected one of [auto, ema, raw]"),
                c("export: truncated model.safetensors", a("export", "--checkpoint", "{d}/truncated", "--format", "hf",
                        "--out", "{d}/out/x"), "{d}/truncated/model.safetensors", "larger than the file"),
                c("export: checkpoint is not a folder", a("export", "--checkpoint", "{d}/nothere", "--format", "hf",
                        "--out", "{d}/out/x"), "{d}/nothere: not a folder"),
                // recipes
                c("train: recipe not found", a("train", "--recipe", "{d}/nothere.yaml"), "{d}/nothere.yaml",
                        "recipe not found"),
                c("train: unknown key in a recipe file", a("train", "--recipe", "{d}/unknown.yaml"),
                        "{d}/unknown.yaml:3", "model.family: unknown key", "expected one of preset"),
                c("train: extends a missing recipe", a("train", "--recipe", "{d}/extends.yaml"), "{d}/extends.yaml:1",
                        "extends = nothere.yaml", "recipe not found"),
                c("train: broken YAML", a("train", "--recipe", "{d}/broken.yaml"), "{d}/broken.yaml:1",
                        "not valid YAML"),
                c("train: --set lr not a number", train("optim.lr=abc"), "optim.lr", "\"abc\"", "expected a number"),
                c("train: --set batch size 0", train("data.batch_size=0"), "data.batch_size = 0", "must be ≥ 1"),
                c("train: --set without a value", train("optim.lr"), "--set optim.lr", "expected key.path=value"),
                c("train: --set unknown section", train("optimizer.lr=1"), "optimizer", "unknown key",
                        "expected one of"),
                c("train: data.root missing", train("data.generate=false", "data.root={d}/nodata"),
                        "data.root = {d}/nodata", "folder not found"),
                // other commands
                c("dataset check: missing annotations", a("dataset", "check", "--annotations", "{d}/nothere.txt"),
                        "--annotations {d}/nothere.txt", "no such file"),
                c("reconstruct: a classifier folder", a("reconstruct", "--model", "{d}/model", "--video", "{d}/ok.mp4",
                        "--out", "{d}/out/r.png"), "{d}/model", "has no decoder", "VideoMAEForPreTraining"),
                c("bench: unknown preset", a("bench", "--config", "nothere"), "--config nothere", "no such preset"));
    }

    @BeforeAll
    static void inputs() throws IOException {
        copyTree(Fixtures.hf("vivit_tiny"), dir.resolve("model"));
        copyTree(Fixtures.hf("videomae_pretrain_normpix"), dir.resolve("pretrain"));
        Files.createDirectories(dir.resolve("empty"));
        Files.createDirectories(dir.resolve("truncated"));
        Files.copy(dir.resolve("model/config.json"), dir.resolve("truncated/config.json"));
        byte[] weights = Files.readAllBytes(dir.resolve("model/model.safetensors"));
        Files.write(dir.resolve("truncated/model.safetensors"), java.util.Arrays.copyOf(weights, 1000));
        Files.writeString(dir.resolve("text.npy"), "hello\n");
        Npy.write(dir.resolve("rank3.npy"), HostTensor.ofFloats(new long[]{3, 32, 32}, new float[3 * 32 * 32]));
        Npy.write(dir.resolve("frames3.npy"), HostTensor.ofFloats(new long[]{1, 3, 3, 32, 32},
                new float[3 * 3 * 32 * 32]));
        Npy.write(dir.resolve("mask.npy"), HostTensor.ofUint8(new long[]{2, 32}, new byte[2 * 32]));
        writeVideo(dir.resolve("ok.mp4"), 16);
        writeVideo(dir.resolve("short.mp4"), 2);
        Files.write(dir.resolve("cut.mp4"), java.util.Arrays.copyOf(Files.readAllBytes(dir.resolve("ok.mp4")), 300));
        Files.copy(Path.of("src/test/resources/fixtures/processors/vivit_small/processor_config.json"),
                dir.resolve("processor.json"));
        Files.writeString(dir.resolve("unknown.yaml"), "model:\n  preset: vivit_tiny\n  family: vivit\n");
        Files.writeString(dir.resolve("extends.yaml"), "extends: nothere.yaml\n");
        Files.writeString(dir.resolve("broken.yaml"), "model: [1, 2\n");
    }

    private static void writeVideo(Path file, int frames) throws IOException {
        SyntheticConfig c = new SyntheticConfig(4, 1, 0, frames, 64, 64, 25, 3, VideoFormat.MP4_H264);
        VideoWriter.write(MovingShapes.render(1, c, new SplittableRandom(4)), file, VideoFormat.MP4_H264,
                new EncodeSettings(25, 8, 0.5, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exitsWithTwoAndOneLineNamingTheValueAndWritesNothing(Case c) throws Exception {
        String d = dir.toString();
        String[] args = c.args().stream().map(s -> s.replace("{d}", d)).toArray(String[]::new);
        TreeMap<String, String> before = snapshot(dir);
        // The CLI's error stream only: standard error also gets log lines, and the lines of Jazzer's agent when
        // ReaderFuzzTest ran earlier in the same JVM.
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(err, true), args);
        List<String> lines = err.toString().lines().toList();
        assertEquals(CliErrors.USAGE, code, c + ": " + err);
        assertEquals(1, lines.size(), "one line: " + err);
        String line = lines.get(0);
        assertTrue(line.startsWith(args[args[0].equals("dataset") ? 1 : 0] + ": "), "names the command: " + line);
        for (String e : c.expected()) {
            String want = e.replace("{d}", d);
            assertTrue(line.contains(want), "'" + want + "' in: " + line);
        }
        assertEquals(before, snapshot(dir), "every file as it was, nothing new");
        assertFalse(Files.exists(dir.resolve("out")) || Files.exists(dir.resolve("run")), "no output, no run");
    }

    /** Every file below {@code root} (relative path) with its SHA-256; folders as "dir". */
    private static TreeMap<String, String> snapshot(Path root) throws Exception {
        TreeMap<String, String> files = new TreeMap<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                files.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                        : HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p))));
            }
        }
        return files;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
