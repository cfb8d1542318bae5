package org.tubelet.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tubelet.testing.Fixtures.assertClose;
import static org.tubelet.testing.Fixtures.npy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.engine.GraphSessions;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.models.timesformer.AttentionType;
import org.tubelet.models.timesformer.TimesformerConfig;
import org.tubelet.models.videomae.MaskCounts;
import org.tubelet.models.videomae.MaskingStrategy;
import org.tubelet.models.videomae.TubeMaskGenerator;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.models.vivit.VivitConfig;
import org.tubelet.models.zoo.Models;
import org.tubelet.testing.Fixtures;
import org.tubelet.testing.GraphRuns;

/**
 * Every family at the input sizes users run, 224² with 8–32 frames (1,568–3,137 tokens), batch 2, against the same
 * graph built in double precision ({@link GraphOps#FLOAT64}: stock ops, every sum and mean accumulated in float64),
 * with the parity rule {@code |ours − ref| ≤ 5e-5 + 1e-4·|ref|}. The HF fixtures are 32²–48² with 4–8 frames, where a
 * float32 accumulation over all elements is short enough; here VideoMAE's pretraining loss averages 4.3 M squared
 * errors and ViViT's attention rows are 3,137 keys long. Widths and depths are small (hidden 32, one layer): it is the
 * sequence length and the batch that make the reductions long.
 *
 * <p>Each case checks the forward outputs, the loss, and a few gradients, the loss also against a float64
 * recomputation in Java from the float32 predictions and targets the graph returns. Gradients are compared at their
 * own scale (divided by the largest |reference| element): a mean over millions of elements makes them 1e-5 to 1e-13,
 * where the absolute part of the rule would accept anything.
 */
class RealSizeFidelityTest {
    private static final Logger LOG = LogManager.getLogger(RealSizeFidelityTest.class);
    private static final int BATCH = 2;
    private static final HfMeta META = HfMeta.defaults(List.of()).withLabels(HfMeta.defaultLabels(5));

    private static EncoderFields encoder(Activation act, double eps) {
        return new EncoderFields(32, 1, 2, 64, act, 0.0, 0.0, 0.02, eps, true);
    }

    /**
     * The reference itself: each HF fixture's graph built in float64 gives Hugging Face's outputs and gradients
     * (within the parity rule), so it computes the same functions as the float32 graphs it is compared with.
     */
    @ParameterizedTest
    @ValueSource(strings = {"vivit_tiny", "vivit_model_pooler", "timesformer_divided", "timesformer_joint",
            "timesformer_space_only", "videomae_cls_mean", "videomae_model_masked", "videomae_pretrain_normpix",
            "videomae_pretrain_raw"})
    void theFloat64GraphsMatchHuggingFace(String fixture) throws Exception {
        Path dir = Fixtures.hf(fixture);
        INDArray labels = Files.exists(dir.resolve("labels.npy")) ? npy(dir, "labels.npy") : null;
        INDArray mask = Files.exists(dir.resolve("bool_masked_pos.npy")) ? npy(dir, "bool_masked_pos.npy") : null;
        ModelGraph g = HfCheckpoint.load(dir, null, MaskCounts.perClip(mask, fixture), GraphOps.FLOAT64);
        assertEquals(DataType.DOUBLE, g.outputs().lastHiddenState().dataType());
        Map<String, INDArray> feeds = g.feeds(npy(dir, "pixel_values.npy"), labels, mask, false);
        List<String> names = new ArrayList<>();
        for (String name : List.of("last_hidden_state", "pooler_output", "logits", "loss")) {
            if (Files.exists(dir.resolve(name + ".npy")) && (labels != null || !name.equals("loss"))) {
                names.add(name);
            }
        }
        Map<String, INDArray> out = GraphSessions.output(g.sd(), feeds, names);
        for (String name : names) {
            INDArray hf = npy(dir, name + ".npy");
            assertClose(fixture + " float64 " + name, hf, out.get(name).reshape(hf.shape()));
        }
        if (g.outputs().loss() != null) {
            Map<String, INDArray> grads = GraphRuns.gradients(g, feeds);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("grad__")).toList()) {
                    String name = f.getFileName().toString().replaceFirst("^grad__", "").replaceFirst("\\.npy$", "");
                    assertClose(fixture + " float64 grad " + name, npy(dir, f.getFileName().toString()),
                            grads.get(name));
                }
            }
        }
    }

    /** ViViT (model 1) at 224², 32 frames, tubelets 2×16×16: 3,136 tokens and CLS, joint attention over 3,137 keys. */
    @Test
    @Tag("slow")
    void vivitAt224With32Frames() {
        VivitConfig c = new VivitConfig(224, 32, List.of(2, 16, 16), 3, encoder(Activation.GELU_FAST, 1e-6), META);
        check("ViViT 224² × 32", c, Architecture.VIVIT_FOR_VIDEO_CLASSIFICATION, 0, 3, List.of(
                "vivit.embeddings.patch_embeddings.projection.bias", "vivit.embeddings.position_embeddings",
                "vivit.encoder.layer.0.layernorm_before.bias", "vivit.encoder.layer.0.output.dense.bias",
                "classifier.weight"));
    }

    /** TimeSformer, divided space-time attention, at 224², 8 frames: 1,568 patches and CLS. */
    @Test
    void timesformerDividedAt224With8Frames() {
        TimesformerConfig c = new TimesformerConfig(224, 16, 3, 8, encoder(Activation.GELU, 1e-6),
                AttentionType.DIVIDED_SPACE_TIME, META);
        check("TimeSformer divided 224² × 8", c, Architecture.TIMESFORMER_FOR_VIDEO_CLASSIFICATION, 0, 4, List.of(
                "timesformer.embeddings.patch_embeddings.projection.bias", "timesformer.embeddings.time_embeddings",
                "timesformer.encoder.layer.0.temporal_layernorm.weight",
                "timesformer.encoder.layer.0.output.dense.bias", "classifier.weight"));
    }

    /** VideoMAE classification with mean pooling over 1,568 tokens (224², 16 frames). */
    @Test
    void videoMaeClassificationWithMeanPoolingAt224With16Frames() {
        check("VideoMAE classification 224² × 16", videoMae(true, true),
                Architecture.VIDEOMAE_FOR_VIDEO_CLASSIFICATION, 0, 2, List.of(
                        "videomae.embeddings.patch_embeddings.projection.bias",
                        "videomae.encoder.layer.0.output.dense.bias", "fc_norm.weight", "classifier.weight"));
    }

    /**
     * VideoMAE pretraining at 224², 16 frames, 90 % tube masking: 1,408 masked tokens × 1,536 values per clip, the
     * loss a mean of 4.3 M squared errors (0.15 % low, 10× the tolerance, when libnd4j averaged them in one pass).
     */
    @ParameterizedTest(name = "norm_pix_loss {0}")
    @ValueSource(booleans = {true, false})
    @Tag("slow")
    void videoMaePretrainingAt224With16Frames(boolean normPix) {
        VideoMaeConfig c = videoMae(false, normPix);
        int masked = TubeMaskGenerator.forConfig(c, 0.9, MaskingStrategy.TUBE).maskedPerClip();
        check("VideoMAE pretraining 224² × 16, norm_pix_loss " + normPix, c, Architecture.VIDEOMAE_FOR_PRETRAINING,
                masked, 1, List.of("videomae.embeddings.patch_embeddings.projection.bias",
                        "videomae.encoder.layer.0.attention.attention.query.weight",
                        "videomae.encoder.layer.0.layernorm_before.weight", "decoder.head.weight",
                        "decoder.head.bias"));
    }

    private static VideoMaeConfig videoMae(boolean meanPooling, boolean normPix) {
        return new VideoMaeConfig(224, 16, 3, 16, 2, encoder(Activation.GELU, 1e-12), meanPooling, 1, 16, 1, 32,
                normPix, META);
    }

    /** Builds the model in float32 with Tubelet's kernels and in float64 with the same weights, and compares. */
    private static void check(String what, ModelConfig c, Architecture arch, int masked, long seed,
                              List<String> gradients) {
        Nd4j.getRandom().setSeed(seed);
        INDArray pixels = Nd4j.randn(DataType.FLOAT, BATCH, c.numFrames(), c.numChannels(), c.imageSize(),
                c.imageSize());                                                                // [B, T, C, H, W]
        INDArray labels = masked > 0 ? null : Nd4j.createFromArray(1L, 4L);                   // [B]
        INDArray mask = masked > 0 ? tubeMask((VideoMaeConfig) c, seed) : null;               // [B, N]
        Run ours = Run.of(c, arch, masked, GraphOps.KERNELS, pixels, labels, mask, gradients);
        Run ref = Run.of(c, arch, masked, GraphOps.FLOAT64, pixels, labels, mask, gradients);
        assertEquals(DataType.FLOAT, ours.outputs().get("loss").dataType());
        assertEquals(DataType.DOUBLE, ref.outputs().get("loss").dataType(), "the reference runs in float64");

        List<String> checked = new ArrayList<>();
        for (String name : ours.outputs().keySet()) {
            INDArray r = ref.outputs().get(name);
            assertClose(what + " " + name, r, ours.outputs().get(name));
            checked.add(name + " (max |diff| " + String.format("%.1e", Fixtures.maxAbsDiff(r, ours.outputs()
                    .get(name))) + ")");
        }
        double recomputed = masked > 0
                ? meanSquaredError(ours.outputs().get("logits"), ours.outputs().get("target_patches"))
                : crossEntropy(ours.outputs().get("logits"), labels);
        assertClose(what + " loss against its float64 recomputation from our predictions",
                Nd4j.scalar(recomputed), ours.outputs().get("loss").reshape(new long[0]));
        for (String name : gradients) {
            INDArray r = ref.gradients().get(name);
            INDArray o = ours.gradients().get(name);
            double scale = r.amaxNumber().doubleValue();
            assertTrue(scale > 0, what + ": zero reference gradient for " + name);
            assertClose(what + " grad " + name + " / " + scale, r.div(scale), o.castTo(DataType.DOUBLE).div(scale));
            checked.add("grad " + name);
        }
        LOG.info("{}: loss {} (float64 {}, recomputed {}); matched {}", what,
                ours.outputs().get("loss").getDouble(0), ref.outputs().get("loss").getDouble(0), recomputed, checked);
    }

    /** The graph's outputs and the loss's gradients of one run (one forward and backward pass). */
    private record Run(Map<String, INDArray> outputs, Map<String, INDArray> gradients) {
        static Run of(ModelConfig c, Architecture arch, int masked, GraphOps ops, INDArray pixels, INDArray labels,
                      INDArray mask, List<String> gradients) {
            ModelGraph g = Models.build(c, arch, InputSize.of(c), masked, ops);
            Models.initialise(g, 17);
            List<String> names = new ArrayList<>(List.of("last_hidden_state", "logits", "loss"));
            if (g.outputs().pretraining() != null) {
                names.add(g.outputs().pretraining().targetPatches().name());
            }
            OutAndGrad og = g.sd().calculateGradientsAndOutputs(g.feeds(pixels, labels, mask, false), names,
                    gradients);
            Map<String, INDArray> outputs = new HashMap<>();
            og.getOutputs().forEach((k, v) -> outputs.put(k, v.dup()));
            Map<String, INDArray> grads = new HashMap<>();
            og.getGradients().forEach((k, v) -> grads.put(k, v.dup()));
            GraphSessions.releaseGradientRun(g.sd());
            return new Run(outputs, grads);
        }
    }

    /** The paper's tube masking at 90 %, [B, N] with 1 = masked. */
    private static INDArray tubeMask(VideoMaeConfig c, long seed) {
        return TubeMaskGenerator.asArray(
                TubeMaskGenerator.forConfig(c, 0.9, MaskingStrategy.TUBE).generate(BATCH, seed));
    }

    /** HF's {@code MSELoss()} in double: the mean of (p − t)² over every element. */
    private static double meanSquaredError(INDArray predictions, INDArray targets) {
        double[] p = predictions.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
        double[] t = targets.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
        assertEquals(p.length, t.length);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - t[i];
            sum += d * d;
        }
        return sum / p.length;
    }

    /** HF's {@code CrossEntropyLoss()} in double: the mean over rows of logsumexp(row) − row[label]. */
    private static double crossEntropy(INDArray logits, INDArray labels) {
        double[][] z = logits.castTo(DataType.DOUBLE).toDoubleMatrix();
        long[] y = labels.toLongVector();
        double sum = 0;
        for (int r = 0; r < z.length; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z[r]) {
                max = Math.max(max, v);
            }
            double exp = 0;
            for (double v : z[r]) {
                exp += Math.exp(v - max);
            }
            sum += max + Math.log(exp) - z[r][(int) y[r]];
        }
        return sum / z.length;
    }
}
