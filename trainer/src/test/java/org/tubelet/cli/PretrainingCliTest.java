package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.datasets.processing.HfVideoProcessor;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.datasets.synthetic.MovingShapes;
import org.tubelet.datasets.synthetic.SyntheticConfig;
import org.tubelet.datasets.video.VideoDecoder;
import org.tubelet.datasets.video.VideoFormat;
import org.tubelet.engine.GraphSessions;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.io.NdArrays;
import org.tubelet.io.Npy;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.videomae.MaskCounts;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.train.checkpoint.Checkpoints;
import org.tubelet.train.listeners.MetricsCsv;
import org.tubelet.train.listeners.ReconstructionGrid;
import org.tubelet.train.listeners.ReconstructionGrid.Panel;
import org.tubelet.train.loop.MetricsRow;

/**
 * VideoMAE pretraining end to end on generated mp4 files listed as bare paths (no labels): the validation
 * reconstruction loss in metrics.csv, reconstruction pictures of the same clips under the same masks at every
 * drawing, {@code reconstruct} on an mp4 with a run and with its HF export, the export reloaded by {@code forward} to
 * the run's outputs, and {@code dataset check} on the unlabelled recipe.
 */
@Tag("slow")
class PretrainingCliTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path recipe;
    static Path run;
    static String trainOutput;

    @BeforeAll
    static void pretrain() throws Exception {
        data = dir.resolve("data");
        MovingShapes.generate(data, new SyntheticConfig(4, 3, 1, 16, 32, 32, 25, 5, VideoFormat.MP4_H264),
                MovingShapes.Renderer.SHAPES);
        List<String> bare = new ArrayList<>();
        for (String line : Files.readAllLines(data.resolve("train.txt"))) {
            bare.add(line.substring(0, line.lastIndexOf(' ')));               // "videos/train_00000.mp4"
        }
        Files.write(data.resolve("unlabelled.txt"), bare);
        run = dir.resolve("run");
        recipe = dir.resolve("pretrain.yaml");
        Files.writeString(recipe, """
                task: pretraining
                model:
                  preset: videomae-tiny
                data:
                  format: list
                  root: %s
                  train: unlabelled.txt
                  val: val.txt
                  sampler: {stride: 2}
                  processor: {shortest_edge: 32, crop_size: 32}
                  augmentation: {multi_scale_crop: {scales: [1.0, 0.875, 0.75, 0.66], more_fixed_positions: true}, hflip: true}
                  batch_size: 4
                optim: {name: adamw, lr: 1.0e-3, clip_grad_norm: 0.0}
                schedule: {name: constant}
                train: {max_steps: 4, seed: 0, mask_ratio: 0.75, mask_type: random, eval_every: 2}
                checkpoint: {dir: %s, every_steps: 2, keep_best: val_loss}
                log: {progress: lines, every_steps: 2, reconstruct_every: 2, reconstruct_clips: 3}
                """.formatted(data.toAbsolutePath(), run.toAbsolutePath()));
        trainOutput = TrainCliTest.runCapturing(0, "train", "--recipe", recipe.toString());
    }

    @Test
    void validationLossIsLoggedBesideTheTrainingLossAndKeepsTheBestCheckpoint() throws Exception {
        assertTrue(trainOutput.contains("masking 48 of 64 tokens"), trainOutput);
        assertTrue(trainOutput.contains("final validation: reconstruction loss"), trainOutput);
        List<MetricsRow> rows = MetricsCsv.read(run.resolve("metrics.csv"));
        List<MetricsRow> evals = rows.stream().filter(MetricsRow::isEval).toList();
        assertEquals(List.of(2L, 4L), evals.stream().map(MetricsRow::step).toList());
        for (MetricsRow e : evals) {
            assertTrue(Double.isFinite(e.valLoss()) && e.valLoss() > 0, e.toString());
            assertTrue(Double.isNaN(e.valTop1()), "no accuracy without labels");
        }
        assertEquals(4, rows.stream().filter(r -> !r.isEval()).count());
        assertTrue(Files.size(run.resolve("loss.png")) > 0);
        assertFalse(Files.exists(run.resolve("accuracy.png")), "no accuracy plot for pretraining");
        assertFalse(Files.exists(run.resolve("confusion.csv")));
        assertTrue(Files.readString(run.resolve("checkpoints/best.json")).contains("\"val_loss\""));
    }

    @Test
    void picturesShowTheSameClipsUnderTheSameMasksEveryTime() throws Exception {
        BufferedImage at2 = ImageIO.read(run.resolve("reconstructions/step-00000002.png").toFile());
        BufferedImage at4 = ImageIO.read(run.resolve("reconstructions/step-00000004.png").toFile());
        VideoMaeConfig c = (VideoMaeConfig) HfCheckpoint.load(Checkpoints.modelFolder(run)).config();
        ReconstructionGrid grid = new ReconstructionGrid(c, List.of(.5, .5, .5), List.of(.5, .5, .5));
        assertTrue(at2.getHeight() > grid.tileY(2) + 32 * grid.scale() && at2.getHeight() < grid.tileY(3) + 32,
                "three clips, one row each");
        assertEquals(at2.getWidth(), at4.getWidth());
        int reconstructionDiffers = 0;
        int grey = 0;
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < grid.framesShown().length; col++) {
                for (int y = 0; y < 32 * grid.scale(); y++) {
                    for (int x = 0; x < 32 * grid.scale(); x++) {
                        for (Panel p : List.of(Panel.ORIGINAL, Panel.MASKED)) {
                            int px = grid.tileX(col, p) + x;
                            int py = grid.tileY(row) + y;
                            assertEquals(at2.getRGB(px, py), at4.getRGB(px, py), p + " at " + px + "," + py);
                        }
                        int mx = grid.tileX(col, Panel.MASKED) + x;
                        grey += (at2.getRGB(mx, grid.tileY(row) + y) & 0xFFFFFF) == ReconstructionGrid.GREY ? 1 : 0;
                        int rx = grid.tileX(col, Panel.RECONSTRUCTION) + x;
                        reconstructionDiffers += at2.getRGB(rx, grid.tileY(row) + y)
                                != at4.getRGB(rx, grid.tileY(row) + y) ? 1 : 0;
                    }
                }
            }
        }
        assertTrue(grey > 0, "masked patches are grey");
        assertTrue(reconstructionDiffers > 0, "the model changed between the pictures, its reconstructions too");
    }

    @Test
    void reconstructOnAnMp4ShowsTheVisiblePatchesOfTheClipUnchanged() throws Exception {
        Path video = data.resolve("videos/val_00000.mp4");
        Path out = dir.resolve("recon/clip.png");
        String printed = TrainCliTest.runCapturing(0, "reconstruct", "--model", run.toString(), "--video",
                video.toString(), "--start-frame", "1", "--mask", "random", "--mask-ratio", "0.5", "--seed", "3",
                "--out", out.toString(), "--npy");
        assertTrue(printed.contains("32 of 64 tokens masked (random)"), printed);
        assertTrue(ImageIO.read(out.toFile()).getWidth() > 0);
        INDArray shown = NdArrays.toNd(Npy.read(dir.resolve("recon/clip.npy")));             // [T, C, H, W]
        INDArray mask = NdArrays.toNd(Npy.read(dir.resolve("recon/clip_mask.npy")));         // [1, N]
        assertArrayEquals(new long[]{8, 3, 32, 32}, shown.shape());
        assertEquals(32, MaskCounts.perClip(mask, "mask"));

        // independently: frames 1, 3, ..., 15 (the run's stride 2) through the run's processor, as pixel values
        Path folder = Checkpoints.modelFolder(run);
        ProcessorConfig pc = ProcessorConfig.load(folder.resolve(Checkpoints.PREPROCESSOR));
        float[] input = new HfVideoProcessor(pc).process(new VideoDecoder().decode(video,
                new int[]{1, 3, 5, 7, 9, 11, 13, 15}));
        float[] pixels = shown.castTo(DataType.FLOAT).data().asFloat();
        int visible = 0;
        int maskedDifferent = 0;
        for (int t = 0; t < 8; t++) {
            for (int k = 0; k < 3; k++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        int token = (t / 2) * 16 + (y / 8) * 4 + x / 8;
                        int i = ((t * 3 + k) * 32 + y) * 32 + x;
                        float expected = input[i] * 0.5f + 0.5f;
                        if (mask.getDouble(0, token) == 0) {
                            assertEquals(expected, pixels[i], 1e-6f, "visible pixel " + i);
                            visible++;
                        } else if (Math.abs(expected - pixels[i]) > 1e-3) {
                            maskedDifferent++;
                        }
                    }
                }
            }
        }
        assertEquals(8 * 3 * 32 * 32 / 2, visible);
        assertTrue(maskedDifferent > 0, "masked patches are the model's predictions");

        // the same with the run's HF export
        Path export = dir.resolve("export");
        TrainCliTest.runCapturing(0, "export", "--checkpoint", run.toString(), "--format", "hf", "--out",
                export.toString());
        Path viaExport = dir.resolve("recon/export.png");
        TrainCliTest.runCapturing(0, "reconstruct", "--model", export.toString(), "--video", video.toString(),
                "--start-frame", "1", "--mask", "random", "--mask-ratio", "0.5", "--seed", "3", "--out",
                viaExport.toString());
        BufferedImage a = ImageIO.read(out.toFile());
        BufferedImage b = ImageIO.read(viaExport.toFile());
        int top = 60;                                     // below the caption, which names the file
        for (int y = top; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                assertEquals(a.getRGB(x, y), b.getRGB(x, y), "export and run draw the same picture");
            }
        }
    }

    @Test
    void theHfExportOfAPretrainingRunReloadsToTheRunsOutputs() throws Exception {
        Path export = dir.resolve("export-forward");
        TrainCliTest.runCapturing(0, "export", "--checkpoint", run.toString(), "--format", "hf", "--out",
                export.toString());
        assertTrue(Files.readString(export.resolve("config.json")).contains("VideoMAEForPreTraining"));
        Path video = data.resolve("videos/val_00001.mp4");
        ProcessorConfig pc = ProcessorConfig.load(export.resolve(Checkpoints.PREPROCESSOR));
        HfVideoProcessor processor = new HfVideoProcessor(pc);
        float[] input = processor.process(new VideoDecoder().decode(video, new int[]{0, 2, 4, 6, 8, 10, 12, 14}));
        INDArray x = org.nd4j.linalg.factory.Nd4j.create(input, new long[]{1, 8, 3, 32, 32}, DataType.FLOAT);
        boolean[] m = new boolean[64];
        for (int i = 0; i < 64; i += 4) {
            m[i] = m[i + 1] = m[i + 2] = true;                              // 48 masked, as the run was trained
        }
        INDArray mask = org.tubelet.models.videomae.TubeMaskGenerator.asArray(new boolean[][]{m});
        Path px = dir.resolve("fwd/pixel_values.npy");
        Path mk = dir.resolve("fwd/mask.npy");
        Files.createDirectories(px.getParent());
        Npy.write(px, NdArrays.toHost(x));
        Npy.write(mk, org.tubelet.io.HostTensor.ofBooleans(new long[]{1, 64}, m));
        Path out = dir.resolve("fwd/out");
        TrainCliTest.runCapturing(0, "forward", "--model", export.toString(), "--pixel-values", px.toString(),
                "--bool-masked-pos", mk.toString(), "--out", out.toString());

        ModelGraph original = HfCheckpoint.load(Checkpoints.modelFolder(run), null, 48);
        Map<String, INDArray> expected = GraphSessions.output(original.sd(), original.feeds(x, null, mask, false),
                List.of(original.outputs().logits().name(), original.outputs().loss().name()));
        INDArray logits = NdArrays.toNd(Npy.read(out.resolve("logits.npy")));
        INDArray loss = NdArrays.toNd(Npy.read(out.resolve("loss.npy")));
        assertEquals(expected.get(original.outputs().logits().name()), logits, "identical predictions");
        assertEquals(expected.get(original.outputs().loss().name()).getDouble(0), loss.getDouble(0), 0.0,
                "identical loss");
    }

    @Test
    void datasetCheckReadsTheUnlabelledVideos() {
        CliRun r = CliRun.of("dataset", "check", "--recipe", recipe.toString(), "--strict");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("read without labels"), r.out());
        assertTrue(r.out().contains("layout: list, 12 videos, unlabelled"), r.out());
        assertTrue(r.out().contains("layout: list, 4 videos, unlabelled"), r.out());

        CliRun one = CliRun.of("dataset", "check", "--annotations", data.resolve("unlabelled.txt").toString(),
                "--unlabelled", "--strict");
        assertEquals(0, one.code(), one.out() + one.err());
        assertTrue(one.out().contains("12 videos, unlabelled"), one.out());
        CliRun labelled = CliRun.of("dataset", "check", "--annotations", data.resolve("unlabelled.txt").toString(),
                "--strict");
        assertEquals(1, labelled.code(), "bare paths are malformed lines of a labelled list: " + labelled.out());
    }

    @Test
    void reconstructRefusesAClassifierAndBadArguments() throws Exception {
        Path cls = dir.resolve("classifier");
        ModelGraph c = org.tubelet.models.zoo.Models.create(HfCheckpoint.load(Checkpoints.modelFolder(run)).config(),
                org.tubelet.models.Architecture.VIDEOMAE_FOR_VIDEO_CLASSIFICATION, 1);
        HfCheckpoint.save(c, cls);
        Path video = data.resolve("videos/val_00000.mp4");
        CliRun r = CliRun.of("reconstruct", "--model", cls.toString(), "--video", video.toString(), "--out",
                dir.resolve("x.png").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("VideoMAEForVideoClassification has no decoder"), r.err());
        CliRun late = CliRun.of("reconstruct", "--model", run.toString(), "--video", video.toString(),
                "--start-frame", "10", "--out", dir.resolve("x.png").toString());
        assertEquals(2, late.code());
        assertTrue(late.err().contains("--start-frame 10") && late.err().contains("has 16"), late.err());
        assertEquals(2, CliRun.of("reconstruct", "--model", run.toString(), "--video", video.toString(),
                "--mask", "checkerboard", "--out", dir.resolve("x.png").toString()).code());
    }
}
