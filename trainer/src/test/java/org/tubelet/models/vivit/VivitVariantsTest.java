package org.tubelet.models.vivit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.hf.HfConfigs;
import org.tubelet.hf.ImageVitInit;
import org.tubelet.io.HostTensor;
import org.tubelet.io.NdArrays;
import org.tubelet.models.Activation;
import org.tubelet.models.Architecture;
import org.tubelet.models.ConfigException;
import org.tubelet.models.EncoderFields;
import org.tubelet.models.HfMeta;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.TensorMapping;
import org.tubelet.models.zoo.Models;
import org.tubelet.testing.GraphRuns;

/** The ViViT paper's four models and two embeddings: shapes, gradients, derived properties, image-ViT init. */
class VivitVariantsTest {
    static final int D = 16;

    static VivitConfig config(VivitVariant v, VivitEmbedding e, int frames, KernelInit init) {
        return new VivitConfig(16, frames, List.of(2, 8, 8), 3, new EncoderFields(D, 2, 2, 32, Activation.GELU, 0.0,
                0.0, 0.02, 1e-6, true), HfMeta.defaults(List.of()).withLabels(HfMeta.defaultLabels(3)), v, e, 1,
                AttentionOrder.SPACE_FIRST, init);
    }

    static ModelGraph create(VivitConfig c, Architecture.Head head, long seed) {
        return Models.create(c, c.variant().architecture(head), seed);
    }

    static INDArray clip(int batch, int frames, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, batch, frames, 3, 16, 16);
    }

    static List<Arguments> variantsAndEmbeddings() {
        return java.util.Arrays.stream(VivitVariant.values()).flatMap(v -> java.util.Arrays
                .stream(VivitEmbedding.values()).map(e -> Arguments.of(v, e))).toList();
    }

    @ParameterizedTest
    @MethodSource("variantsAndEmbeddings")
    void shapesAndANonZeroGradientForEveryParameter(VivitVariant v, VivitEmbedding e) {
        VivitConfig c = config(v, e, 4, KernelInit.FILTER_INFLATION);
        ModelGraph g = create(c, Architecture.Head.CLASSIFIER, 1);
        Map<String, INDArray> feeds = g.feeds(clip(2, 4, 2), Nd4j.createFromArray(0L, 2L), null, true);
        var out = GraphRuns.outputs(g, feeds, g.outputs().lastHiddenState(), g.outputs().logits());
        long tokens = switch (v) {
            case JOINT -> 1 + 2 * 4;                                  // CLS + nT·N (nT = 2, N = 4)
            case FACTORISED_ENCODER -> 1 + 2;                         // temporal CLS + one token per temporal index
            case FACTORISED_SELF_ATTENTION, FACTORISED_DOT_PRODUCT -> 2 * 4;
        };
        assertArrayEquals(new long[]{2, tokens, D}, out.get("last_hidden_state").shape(), v + " " + e);
        assertArrayEquals(new long[]{2, 3}, out.get("logits").shape());
        GraphRuns.gradients(g, feeds).forEach((name, gr) -> {
            assertNotNull(gr, "no gradient for " + name);
            assertFalse(gr.isNaN().any(), "NaN gradient for " + name);
            assertTrue(gr.amaxNumber().doubleValue() > 0, v + " " + e + ": zero gradient for " + name);
        });
    }

    @Test
    void withOneTemporalIndexModel3TemporalAttentionWeightsAreOne() {
        VivitConfig c = config(VivitVariant.FACTORISED_SELF_ATTENTION, VivitEmbedding.TUBELET, 2,
                KernelInit.FILTER_INFLATION);
        ModelGraph g = create(c, Architecture.Head.CLASSIFIER, 3);
        INDArray x = clip(2, 2, 4);
        INDArray before = logits(g, x);
        String q = "vivit.encoder.layer.0.temporal_attention.attention.query.weight";
        String k = "vivit.encoder.layer.0.temporal_attention.attention.key.weight";
        g.paramValue(q).addi(Nd4j.randn(DataType.FLOAT, D, D));
        g.paramValue(k).addi(Nd4j.randn(DataType.FLOAT, D, D));
        assertTrue(before.equalsWithEps(logits(g, x), 1e-6), "softmax over one key is 1: q and k do not matter");
        g.paramValue("vivit.encoder.layer.0.temporal_attention.attention.value.weight")
                .addi(Nd4j.randn(DataType.FLOAT, D, D));
        assertTrue(logits(g, x).sub(before).amaxNumber().doubleValue() > 1e-4, "values do");
    }

    @Test
    void withOneTemporalIndexModel2TemporalEncoderSeesOneToken() {
        VivitConfig c = config(VivitVariant.FACTORISED_ENCODER, VivitEmbedding.TUBELET, 2, KernelInit.FILTER_INFLATION);
        ModelGraph g = create(c, Architecture.Head.CLASSIFIER, 3);
        var out = GraphRuns.outputs(g, g.feeds(clip(2, 2, 1), null, null, false), g.outputs().lastHiddenState());
        assertArrayEquals(new long[]{2, 2, D}, out.get("last_hidden_state").shape(), "temporal CLS + one frame token");
    }

    @Test
    void factorisedDotProductHasModel1sParametersAndSeparatesSpaceAndTime() {
        VivitConfig c1 = config(VivitVariant.JOINT, VivitEmbedding.TUBELET, 4, KernelInit.FILTER_INFLATION);
        VivitConfig c4 = config(VivitVariant.FACTORISED_DOT_PRODUCT, VivitEmbedding.TUBELET, 4,
                KernelInit.FILTER_INFLATION);
        List<String> names1 = VivitWeights.layout(c1, Architecture.VIVIT_FOR_VIDEO_CLASSIFICATION).tensors().stream()
                .map(TensorMapping::name).filter(n -> !n.contains("cls_token") && !n.contains("position")).toList();
        List<String> names4 = VivitWeights.layout(c4, Architecture.VIVIT_FACTORISED_DOT_PRODUCT_FOR_VIDEO_CLASSIFICATION)
                .tensors().stream().map(TensorMapping::name).filter(n -> !n.contains("position")).toList();
        assertEquals(names1, names4);
    }

    @Test
    void variantConfigsRoundTripThroughConfigJsonWithTheirOwnClassNames(@TempDir Path tmp) throws Exception {
        for (VivitVariant v : VivitVariant.values()) {
            VivitConfig c = config(v, VivitEmbedding.UNIFORM_FRAME, 4, KernelInit.CENTRAL_FRAME);
            ModelGraph g = create(c, Architecture.Head.CLASSIFIER, 5);
            Path dir = tmp.resolve(v.configName());
            HfCheckpoint.save(g, dir);
            ModelGraph back = HfCheckpoint.load(dir);
            assertEquals(g.architecture(), back.architecture());
            assertEquals(c.withMeta(back.config().meta()), back.config());
            INDArray x = clip(1, 4, 9);
            assertEquals(logits(g, x), logits(back, x));
        }
        String hf = HfConfigs.toJson(config(VivitVariant.JOINT, VivitEmbedding.TUBELET, 4, KernelInit.CENTRAL_FRAME));
        assertFalse(hf.contains("vivit_variant"), "HF's own ViViT config stays free of Tubelet's keys");
        assertThrows(IllegalArgumentException.class, () -> Models.create(
                config(VivitVariant.FACTORISED_ENCODER, VivitEmbedding.TUBELET, 4, KernelInit.CENTRAL_FRAME),
                Architecture.VIVIT_FOR_VIDEO_CLASSIFICATION, 1));
        assertThrows(ConfigException.class, () -> new VivitConfig(16, 4, List.of(2, 8, 8), 3, new EncoderFields(15, 2,
                3, 32, Activation.GELU, 0, 0, 0.02, 1e-6, true), HfMeta.defaults(List.of()),
                VivitVariant.FACTORISED_DOT_PRODUCT, VivitEmbedding.TUBELET, 1, AttentionOrder.SPACE_FIRST,
                KernelInit.FILTER_INFLATION));
    }

    @Test
    void filterInflationOfAConstantClipReproducesTheImageModelsPatchEmbedding() {
        Map<String, HostTensor> vit = imageVit(7);
        VivitConfig c = config(VivitVariant.JOINT, VivitEmbedding.TUBELET, 4, KernelInit.FILTER_INFLATION);
        ModelGraph g = create(c, Architecture.Head.CLASSIFIER, 1);
        ImageVitInit.apply(g, vit, "tiny-vit");
        INDArray frame = Nd4j.randn(DataType.FLOAT, 3, 16, 16);
        INDArray x = Nd4j.zeros(DataType.FLOAT, 1, 4, 3, 16, 16);
        for (int t = 0; t < 4; t++) {
            x.get(NDArrayIndex.point(0), NDArrayIndex.point(t)).assign(frame);
        }
        INDArray embedded = embeddingOutput(g, x);                          // [1, 1 + 2·4, D]
        for (int t = 0; t < 2; t++) {
            for (int n = 0; n < 4; n++) {
                INDArray expected = imagePatch(vit, frame, n);
                INDArray actual = embedded.get(NDArrayIndex.point(0), NDArrayIndex.point(1 + t * 4 + n),
                        NDArrayIndex.all());
                assertTrue(expected.equalsWithEps(actual, 1e-4), "t=" + t + " n=" + n + ": " + expected + " vs "
                        + actual);
            }
        }
    }

    @Test
    void centralFrameInitSeesOnlyTheCentreFrame() {
        Map<String, HostTensor> vit = imageVit(8);
        VivitConfig c = config(VivitVariant.FACTORISED_SELF_ATTENTION, VivitEmbedding.TUBELET, 4,
                KernelInit.CENTRAL_FRAME);
        ModelGraph g = create(c, Architecture.Head.CLASSIFIER, 1);
        ImageVitInit.apply(g, vit, "tiny-vit");
        INDArray x = clip(1, 4, 3);                                         // random everywhere
        INDArray embedded = embeddingOutput(g, x);                          // [1, 2·4, D] (no CLS)
        for (int t = 0; t < 2; t++) {
            INDArray centre = x.get(NDArrayIndex.point(0), NDArrayIndex.point(2L * t + 1)); // kt = 2: frame 1 of 2
            for (int n = 0; n < 4; n++) {
                INDArray actual = embedded.get(NDArrayIndex.point(0), NDArrayIndex.point(t * 4L + n),
                        NDArrayIndex.all());
                assertTrue(imagePatch(vit, centre, n).equalsWithEps(actual, 1e-4), "t=" + t + " n=" + n);
            }
        }
        // Model 3 starts as the image model: the temporal attention is zero.
        assertEquals(0.0, g.paramValue("vivit.encoder.layer.1.temporal_attention.output.dense.weight")
                .amaxNumber().doubleValue());
    }

    @Test
    void imageVitThatDoesNotFitIsRejectedWithEveryProblemListed() {
        Map<String, HostTensor> vit = new LinkedHashMap<>(imageVit(1));
        vit.remove("encoder.layer.1.output.dense.bias");
        vit.put("embeddings.position_embeddings", HostTensor.ofFloats(new long[]{1, 11, D}, new float[11 * D]));
        ModelGraph g = create(config(VivitVariant.JOINT, VivitEmbedding.TUBELET, 4, KernelInit.CENTRAL_FRAME),
                Architecture.Head.CLASSIFIER, 1);
        ConfigException e = assertThrows(ConfigException.class, () -> ImageVitInit.apply(g, vit, "vit-dir"));
        assertTrue(e.getMessage().contains("encoder.layer.1.output.dense.bias"), e.getMessage());
        assertTrue(e.getMessage().contains("10 patch positions, which is no square grid"), e.getMessage());
    }

    /** A tiny HF ViTModel state dict (2 layers, hidden 16, patch 8, image 16) with random values. */
    static Map<String, HostTensor> imageVit(long seed) {
        VivitConfig joint = config(VivitVariant.JOINT, VivitEmbedding.TUBELET, 2, KernelInit.FILTER_INFLATION);
        Nd4j.getRandom().setSeed(seed);
        Map<String, HostTensor> t = new LinkedHashMap<>();
        for (TensorMapping m : VivitWeights.layout(joint, Architecture.VIVIT_MODEL).tensors()) {
            long[] shape = m.hfShape();
            if (m.name().equals("embeddings.patch_embeddings.projection.weight")) {
                shape = new long[]{D, 3, 8, 8};
            }
            if (m.name().equals("embeddings.position_embeddings")) {
                shape = new long[]{1, 5, D};
            }
            t.put(m.name(), NdArrays.toHost(Nd4j.randn(DataType.FLOAT, shape).mul(0.3)));
        }
        return t;
    }

    /** The image model's embedding of patch n of a frame: W·x + b + pos[1 + n]. */
    static INDArray imagePatch(Map<String, HostTensor> vit, INDArray frame, int n) {
        INDArray w = NdArrays.toNd(vit.get("embeddings.patch_embeddings.projection.weight")).reshape(D, 3 * 64);
        INDArray b = NdArrays.toNd(vit.get("embeddings.patch_embeddings.projection.bias"));
        INDArray pos = NdArrays.toNd(vit.get("embeddings.position_embeddings")).reshape(5, D);
        int py = n / 2;
        int px = n % 2;
        INDArray patch = frame.get(NDArrayIndex.all(), NDArrayIndex.interval(py * 8, py * 8 + 8),
                NDArrayIndex.interval(px * 8, px * 8 + 8)).dup('c').reshape(3 * 64);
        return w.mmul(patch.reshape(3 * 64, 1)).reshape(D).add(b).add(pos.getRow(1 + n));
    }

    static INDArray embeddingOutput(ModelGraph g, INDArray x) {
        var h0 = g.outputs().hiddenStates().get(0);
        return GraphRuns.outputs(g, g.feeds(x, null, null, false), h0).get(h0.name());
    }

    static INDArray logits(ModelGraph g, INDArray x) {
        return GraphRuns.outputs(g, g.feeds(x, null, null, false), g.outputs().logits()).get("logits");
    }
}
