package org.tubelet.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.io.HostTensor;
import org.tubelet.io.Safetensors;
import org.tubelet.models.ConfigException;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.vivit.VivitConfig;
import org.tubelet.testing.Fixtures;
import org.tubelet.testing.GraphRuns;

class HfCheckpointTest {

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"vivit_tiny", "vivit_model_pooler",
            "timesformer_divided", "timesformer_space_only", "timesformer_joint", "timesformer_model",
            "videomae_cls_mean", "videomae_cls_nomean", "videomae_model", "videomae_pretrain_normpix"})
    void exportThenReloadGivesIdenticalOutputs(String fixture, @TempDir Path tmp) throws Exception {
        Path dir = Fixtures.hf(fixture);
        INDArray mask = Files.exists(dir.resolve("bool_masked_pos.npy")) ? Fixtures.npy(dir, "bool_masked_pos.npy")
                : null;
        int masked = org.tubelet.models.videomae.MaskCounts.perClip(mask, fixture);
        ModelGraph original = HfCheckpoint.load(dir, null, masked);
        HfCheckpoint.save(original, tmp.resolve("export"));
        ModelGraph reloaded = HfCheckpoint.load(tmp.resolve("export"), null, masked);

        INDArray x = Fixtures.npy(dir, "pixel_values.npy");
        INDArray a = GraphRuns.outputs(original, original.feeds(x, null, mask, false),
                original.outputs().lastHiddenState()).get("last_hidden_state");
        INDArray b = GraphRuns.outputs(reloaded, reloaded.feeds(x, null, mask, false),
                reloaded.outputs().lastHiddenState()).get("last_hidden_state");
        assertEquals(a, b, "bit-identical outputs after export and reload");

        // The exported tensors are exactly HF's (names, shapes, values), config fields survive.
        Map<String, HostTensor> hf = Safetensors.read(dir.resolve("model.safetensors")).tensors();
        Map<String, HostTensor> ours = Safetensors.read(tmp.resolve("export/model.safetensors")).tensors();
        assertEquals(hf.keySet(), ours.keySet());
        hf.forEach((k, v) -> assertEquals(v, ours.get(k), k));
        ModelConfig c1 = HfConfigs.read(dir.resolve("config.json"));
        ModelConfig c2 = HfConfigs.read(tmp.resolve("export/config.json"));
        assertEquals(c1, c2);
    }

    @Test
    void configJsonRoundTripKeepsEveryField() {
        String json = """
                {"model_type": "vivit", "architectures": ["VivitForVideoClassification"],
                 "image_size": 64, "num_frames": 8, "tubelet_size": [4, 16, 8], "num_channels": 1,
                 "hidden_size": 48, "num_hidden_layers": 3, "num_attention_heads": 6, "intermediate_size": 96,
                 "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.2,
                 "initializer_range": 0.05, "layer_norm_eps": 1e-5, "qkv_bias": false,
                 "id2label": {"0": "a", "1": "b", "2": "c"}, "label2id": {"a": 0, "b": 1, "c": 2},
                 "_name_or_path": "somewhere", "problem_type": "single_label_classification"}""";
        VivitConfig c = (VivitConfig) HfConfigs.parse("test.json", json);
        assertEquals(java.util.List.of(4, 16, 8), c.tubeletSize());
        assertEquals(1, c.numChannels());
        assertEquals(0.2, c.attentionProbsDropoutProb());
        assertEquals(false, c.qkvBias());
        assertEquals(3, c.meta().numLabels());
        assertEquals("c", c.meta().id2label().get(2));
        assertEquals("\"somewhere\"", c.meta().passthrough().get("_name_or_path"));
        VivitConfig again = (VivitConfig) HfConfigs.parse("again.json", HfConfigs.toJson(c));
        assertEquals(c, again);
    }

    @Test
    void missingKeysTakeHuggingFaceDefaults() {
        VivitConfig c = (VivitConfig) HfConfigs.parse("min.json", "{\"model_type\": \"vivit\"}");
        assertEquals(VivitConfig.defaults().withMeta(c.meta()), c);
        assertEquals(2, c.meta().numLabels(), "HF's default num_labels");
    }

    @Test
    void badConfigsNameFileFieldAndValue() {
        assertMessage("bad.json", "{\"model_type\": \"vivit\", \"hidden_size\": \"big\"}", "bad.json", "hidden_size");
        assertMessage("bad.json", "{\"model_type\": \"vivit\", \"hidden_size\": 100}", "hidden_size = 100",
                "num_attention_heads");
        assertMessage("bad.json", "{\"model_type\": \"vivit\", \"hidden_act\": \"swoosh\"}", "swoosh", "gelu_fast");
        assertMessage("bad.json", "{\"model_type\": \"bert\"}", "model_type", "bert");
        assertMessage("bad.json", "{\"image_size\": 3}", "model_type", "missing");
        assertMessage("bad.json", "[1, 2]", "bad.json", "JSON object");
        assertMessage("bad.json", "{\"model_type\": \"vivit\", \"image_size\": 100}", "image_size = 100", "16");
        assertMessage("bad.json", "{\"model_type\": \"vivit\", \"id2label\": {\"0\": \"a\", \"2\": \"b\"}}",
                "id2label", "gaps");
    }

    @Test
    void configErrorsCarryTheFieldTheyAreAbout() {
        assertField("hidden_size", "{\"model_type\": \"vivit\", \"hidden_size\": \"big\"}");
        assertField("hidden_size", "{\"model_type\": \"timesformer\", \"hidden_size\": 100}");
        assertField("layer_norm_eps", "{\"model_type\": \"videomae\", \"layer_norm_eps\": 0}");
        assertField("image_size", "{\"model_type\": \"vivit\", \"image_size\": 100}");
        assertField("decoder_hidden_size", "{\"model_type\": \"videomae\", \"decoder_num_attention_heads\": 5}");
        assertField("model_type", "{\"model_type\": \"bert\"}");
        assertField("model_type", "{\"image_size\": 3}");
        assertField("id2label", "{\"model_type\": \"vivit\", \"id2label\": {\"0\": \"a\", \"2\": \"b\"}}");
        ConfigException notAnObject = assertThrows(ConfigException.class, () -> HfConfigs.parse("bad.json", "[1]"));
        assertEquals(Optional.empty(), notAnObject.field());
    }

    @Test
    void everyFamilyWritesTheSharedEncoderFields() throws Exception {
        List<String> encoderKeys = List.of("hidden_size", "num_hidden_layers", "num_attention_heads",
                "intermediate_size", "hidden_act", "hidden_dropout_prob", "attention_probs_dropout_prob",
                "initializer_range", "layer_norm_eps", "qkv_bias");
        for (String type : List.of("vivit", "timesformer", "videomae")) {
            ModelConfig c = HfConfigs.parse("d.json", "{\"model_type\": \"" + type + "\", \"hidden_size\": 48, "
                    + "\"num_attention_heads\": 6, \"hidden_dropout_prob\": 0.1, \"qkv_bias\": false}");
            String json = HfConfigs.toJson(c);
            Map<?, ?> keys = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
            assertTrue(keys.keySet().containsAll(encoderKeys), type + ": " + keys.keySet());
            assertEquals(48, keys.get("hidden_size"), type);
            assertEquals(false, keys.get("qkv_bias"), type);
            assertEquals(c, HfConfigs.parse("again.json", json), type);
            assertEquals(c.encoder(), HfConfigs.parse("again.json", json).encoder(), type);
        }
    }

    @Test
    void mismatchedWeightsAreAllListedInOneError(@TempDir Path tmp) throws Exception {
        Path src = Fixtures.hf("vivit_tiny");
        Path dir = tmp.resolve("broken");
        Files.createDirectories(dir);
        Files.copy(src.resolve("config.json"), dir.resolve("config.json"));
        Map<String, HostTensor> tensors = new LinkedHashMap<>(Safetensors.read(src.resolve("model.safetensors"))
                .tensors());
        tensors.remove("vivit.layernorm.bias");
        tensors.put("vivit.extra.weight", HostTensor.ofFloats(new long[]{2}, new float[]{1, 2}));
        tensors.put("classifier.bias", HostTensor.ofFloats(new long[]{4}, new float[4]));
        Safetensors.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        ConfigException e = assertThrows(ConfigException.class, () -> HfCheckpoint.load(dir));
        assertTrue(e.getMessage().contains("missing vivit.layernorm.bias"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected vivit.extra.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("shape of classifier.bias is [4], expected [5]"), e.getMessage());
        assertTrue(e.getMessage().contains("3 problems"), e.getMessage());
    }

    private static void assertField(String field, String json) {
        ConfigException e = assertThrows(ConfigException.class, () -> HfConfigs.parse("bad.json", json));
        assertEquals(Optional.of(field), e.field(), e.getMessage());
    }

    private static void assertMessage(String source, String json, String... parts) {
        ConfigException e = assertThrows(ConfigException.class, () -> HfConfigs.parse(source, json));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
        }
    }
}
