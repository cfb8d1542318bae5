package org.tubelet.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tubelet.io.HostTensor;
import org.tubelet.io.NdArrays;
import org.tubelet.io.Safetensors;
import org.tubelet.models.Activation;
import org.tubelet.models.Architecture;
import org.tubelet.models.ConfigException;
import org.tubelet.models.EncoderFields;
import org.tubelet.models.HfMeta;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.timesformer.AttentionType;
import org.tubelet.models.timesformer.TimesformerConfig;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.models.vivit.AttentionOrder;
import org.tubelet.models.vivit.KernelInit;
import org.tubelet.models.vivit.VivitConfig;
import org.tubelet.models.vivit.VivitEmbedding;
import org.tubelet.models.vivit.VivitVariant;
import org.tubelet.models.zoo.Models;
import org.tubelet.testing.GraphRuns;
import org.tubelet.testing.TinyImageVit;
import org.tubelet.testing.TorchResize;

/**
 * Every family from an HF image ViT, each tensor checked against the family's published rule: TimeSformer as the
 * paper's {@code load_pretrained} (temporal attention copied from the spatial one, time embeddings zero,
 * {@code temporal_fc} zero but in the first layer), VideoMAE's encoder (q/v biases from ViT's query/value biases,
 * filter inflated over the tubelet), and the ViT's position table resized when its patch grid differs.
 */
class ImageVitInitTest {
    static final int D = 16;
    static final int LAYERS = 2;
    static final EncoderFields ENCODER = new EncoderFields(D, LAYERS, 2, 32, Activation.GELU, 0, 0, 0.02, 1e-6, true);
    static final HfMeta META = HfMeta.defaults(List.of()).withLabels(HfMeta.defaultLabels(3));

    static Map<String, HostTensor> vit(long seed, int grid) {
        return TinyImageVit.stateDict(seed, D, 32, LAYERS, grid);
    }

    static INDArray v(Map<String, HostTensor> vit, String name) {
        return NdArrays.toNd(vit.get("vit." + name));
    }

    static TimesformerConfig timesformer(AttentionType type) {
        return new TimesformerConfig(16, 8, 3, 4, ENCODER, type, META);
    }

    @Test
    void timesformerStartsAsThePapersLoadPretrained() {
        Map<String, HostTensor> vit = vit(3, 2);
        Architecture cls = Architecture.TIMESFORMER_FOR_VIDEO_CLASSIFICATION;
        ModelGraph g = Models.create(timesformer(AttentionType.DIVIDED_SPACE_TIME), cls, 5);
        ModelGraph fresh = Models.create(timesformer(AttentionType.DIVIDED_SPACE_TIME), cls, 5);
        ImageVitInit.apply(g, vit, "tiny-vit");
        String p = "timesformer.";
        for (String same : List.of("embeddings.cls_token", "embeddings.position_embeddings",
                "embeddings.patch_embeddings.projection.weight", "embeddings.patch_embeddings.projection.bias",
                "layernorm.weight", "layernorm.bias")) {
            assertEquals(v(vit, same), g.paramValue(p + same).reshape(v(vit, same).shape()), same);
        }
        assertEquals(0.0, g.paramValue(p + "embeddings.time_embeddings").amaxNumber().doubleValue(), "time: zeros");
        for (int i = 0; i < LAYERS; i++) {
            String l = "encoder.layer." + i + ".";
            String a = l + "attention.attention.";
            for (String part : List.of("weight", "bias")) {
                INDArray qkv = Nd4j.concat(0, v(vit, a + "query." + part), v(vit, a + "key." + part),
                        v(vit, a + "value." + part));                               // rows q, then k, then v
                assertEquals(qkv, g.paramValue(p + l + "attention.attention.qkv." + part), "spatial qkv " + part);
                assertEquals(qkv, g.paramValue(p + l + "temporal_attention.attention.qkv." + part),
                        "temporal qkv copied from the spatial attention (temporal_attn <- attn)");
                assertEquals(v(vit, l + "attention.output.dense." + part),
                        g.paramValue(p + l + "temporal_attention.output.dense." + part), "temporal proj <- proj");
                assertEquals(v(vit, l + "layernorm_before." + part),
                        g.paramValue(p + l + "temporal_layernorm." + part), "temporal_norm1 <- norm1");
                for (String n : List.of("attention.output.dense.", "intermediate.dense.", "output.dense.",
                        "layernorm_before.", "layernorm_after.")) {
                    assertEquals(v(vit, l + n + part), g.paramValue(p + l + n + part), l + n + part);
                }
                INDArray temporalFc = g.paramValue(p + l + "temporal_dense." + part);
                if (i == 0) {
                    assertEquals(fresh.paramValue(p + l + "temporal_dense." + part), temporalFc,
                            "the first layer's temporal_fc keeps its initialisation (vit.py: i > 0 only)");
                } else {
                    assertEquals(0.0, temporalFc.amaxNumber().doubleValue(), "temporal_fc zero in layer " + i);
                }
            }
        }
        assertEquals(fresh.paramValue("classifier.weight"), g.paramValue("classifier.weight"), "classifier fresh");
    }

    @Test
    void withTemporalFcZeroTimesformerOnAStillClipIsTheImageModelOnItsFrame() {
        // divided space-time with a zero temporal branch and zero time embeddings, on T equal frames, is the image
        // ViT applied to the frame: compare with space_only (a ViT per frame) started from the same ViT
        Map<String, HostTensor> vit = vit(4, 2);
        ModelGraph divided = Models.create(timesformer(AttentionType.DIVIDED_SPACE_TIME),
                Architecture.TIMESFORMER_MODEL, 1);
        ModelGraph spaceOnly = Models.create(timesformer(AttentionType.SPACE_ONLY), Architecture.TIMESFORMER_MODEL, 1);
        ImageVitInit.apply(divided, vit, "tiny-vit");
        ImageVitInit.apply(spaceOnly, vit, "tiny-vit");
        divided.paramValue("encoder.layer.0.temporal_dense.weight").assign(0);
        divided.paramValue("encoder.layer.0.temporal_dense.bias").assign(0);
        Nd4j.getRandom().setSeed(8);
        INDArray frame = Nd4j.randn(DataType.FLOAT, 1, 1, 3, 16, 16);
        INDArray clip = Nd4j.concat(1, frame, frame, frame, frame);                     // [1, 4, 3, 16, 16]
        INDArray a = hidden(divided, clip);                                             // [1, 1 + 4·4, D]
        INDArray b = hidden(spaceOnly, clip);                                           // [4, 1 + 4, D]
        for (int t = 0; t < 4; t++) {
            assertTrue(row(a, 0, 0).equalsWithEps(row(b, t, 0), 1e-4), "CLS, frame " + t);
            for (int n = 0; n < 4; n++) {
                assertTrue(row(a, 0, 1 + n * 4 + t).equalsWithEps(row(b, t, 1 + n), 1e-4),
                        "patch " + n + " frame " + t);
            }
        }
    }

    @Test
    void theVitTableIsResizedToTheVideoGridByTheFamilysRule() {
        Map<String, HostTensor> vit = vit(6, 3);                                       // a 24-pixel ViT: 3x3 patches
        INDArray pos = v(vit, "embeddings.position_embeddings");
        double[][] one = {{1}};
        ModelGraph t = Models.create(timesformer(AttentionType.JOINT_SPACE_TIME),
                Architecture.TIMESFORMER_FOR_VIDEO_CLASSIFICATION, 1);
        ImageVitInit.apply(t, vit, "vit-24");
        assertTrue(TorchResize.resize(pos, 1, new int[]{1, 3, 3}, new int[]{1, 2, 2}, one, TorchResize.nearest(3, 2),
                TorchResize.nearest(3, 2)).equalsWithEps(t.paramValue("timesformer.embeddings.position_embeddings"),
                1e-6), "TimeSformer: nearest");

        VivitConfig c = new VivitConfig(16, 4, List.of(2, 8, 8), 3, ENCODER, META, VivitVariant.JOINT,
                VivitEmbedding.TUBELET, 1, AttentionOrder.SPACE_FIRST, KernelInit.FILTER_INFLATION);
        ModelGraph vivit = Models.create(c, Architecture.VIVIT_FOR_VIDEO_CLASSIFICATION, 1);
        ImageVitInit.apply(vivit, vit, "vit-24");
        INDArray frameTable = TorchResize.resize(pos, 1, new int[]{1, 3, 3}, new int[]{1, 2, 2}, one,
                TorchResize.bicubic(3, 2), TorchResize.bicubic(3, 2));                 // [1, 1 + 4, D]
        INDArray patches = frameTable.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 5), NDArrayIndex.all());
        INDArray expected = Nd4j.concat(1, frameTable.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1),
                NDArrayIndex.all()), patches, patches);                     // CLS, then both temporal indices
        assertTrue(expected.equalsWithEps(vivit.paramValue("vivit.embeddings.position_embeddings"), 1e-5),
                "ViViT: bicubic, repeated over nT = 2");
    }

    @Test
    void videoMaesEncoderTakesTheVitsLayersAndInflatedFilter() {
        Map<String, HostTensor> vit = vit(7, 2);
        for (boolean meanPooling : new boolean[]{true, false}) {
            VideoMaeConfig c = new VideoMaeConfig(16, 8, 3, 4, 2, ENCODER, meanPooling, 2, 8, 1, 16, true, META);
            ModelGraph g = Models.create(c, Architecture.VIDEOMAE_FOR_VIDEO_CLASSIFICATION, 2);
            ModelGraph fresh = Models.create(c, Architecture.VIDEOMAE_FOR_VIDEO_CLASSIFICATION, 2);
            ImageVitInit.apply(g, vit, "tiny-vit");
            String p = "videomae.";
            INDArray filter = g.paramValue(p + "embeddings.patch_embeddings.projection.weight").reshape(D, 3, 2, 8, 8);
            for (int t = 0; t < 2; t++) {
                INDArray slice = filter.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t),
                        NDArrayIndex.all(), NDArrayIndex.all());
                assertTrue(v(vit, "embeddings.patch_embeddings.projection.weight").div(2).equalsWithEps(slice, 1e-7),
                        "the 2-D filter divided by the tubelet length, frame " + t);
            }
            for (int i = 0; i < LAYERS; i++) {
                String a = "encoder.layer." + i + ".attention.attention.";
                assertEquals(v(vit, a + "query.bias"), g.paramValue(p + a + "q_bias"));
                assertEquals(v(vit, a + "value.bias"), g.paramValue(p + a + "v_bias"));
                for (String w : List.of("query.weight", "key.weight", "value.weight")) {
                    assertEquals(v(vit, a + w), g.paramValue(p + a + w), a + w);
                }
                String l = "encoder.layer." + i + ".";
                for (String n : List.of("attention.output.dense.weight", "intermediate.dense.bias",
                        "output.dense.weight", "layernorm_before.weight", "layernorm_after.bias")) {
                    assertEquals(v(vit, l + n), g.paramValue(p + l + n), l + n);
                }
            }
            if (meanPooling) {
                assertEquals(fresh.paramValue("fc_norm.weight"), g.paramValue("fc_norm.weight"), "fc_norm fresh");
            } else {
                assertEquals(v(vit, "layernorm.weight"), g.paramValue(p + "layernorm.weight"), "final norm: ViT's");
            }
            assertEquals(fresh.paramValue("classifier.weight"), g.paramValue("classifier.weight"), "classifier fresh");
        }
    }

    @Test
    void aVitFolderOfAnotherWidthIsRejectedNamingEveryProblem(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("vit");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"),
                "{\"model_type\": \"vit\", \"image_size\": 16, \"patch_size\": 8}");
        Map<String, HostTensor> wide = new LinkedHashMap<>();
        vit(1, 2).forEach((k, t) -> wide.put(k, k.endsWith("layernorm.weight")
                ? HostTensor.ofFloats(new long[]{D + 1}, new float[D + 1]) : t));
        Safetensors.write(dir.resolve("model.safetensors"), wide, Map.of());
        ModelGraph g = Models.create(timesformer(AttentionType.DIVIDED_SPACE_TIME),
                Architecture.TIMESFORMER_FOR_VIDEO_CLASSIFICATION, 1);
        ConfigException e = assertThrows(ConfigException.class, () -> ImageVitInit.apply(g, dir));
        assertTrue(e.getMessage().contains("layernorm.weight: image ViT gives [17], timesformer needs [16]"),
                e.getMessage());
        Files.writeString(dir.resolve("config.json"),
                "{\"model_type\": \"vit\", \"image_size\": 32, \"patch_size\": 8}");
        e = assertThrows(ConfigException.class, () -> ImageVitInit.apply(g, dir));
        assertTrue(e.getMessage().contains("image ViT has 4 patch positions, its config a 4x4 grid"), e.getMessage());
    }

    static INDArray hidden(ModelGraph g, INDArray x) {
        return GraphRuns.outputs(g, g.feeds(x, null, null, false), g.outputs().lastHiddenState())
                .get("last_hidden_state");
    }

    static INDArray row(INDArray h, int b, int token) {
        return h.get(NDArrayIndex.point(b), NDArrayIndex.point(token), NDArrayIndex.all());
    }
}
