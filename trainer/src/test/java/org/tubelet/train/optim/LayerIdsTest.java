package org.tubelet.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tubelet.models.Activation;
import org.tubelet.models.Architecture;
import org.tubelet.models.EncoderFields;
import org.tubelet.models.HfMeta;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.TensorMapping;
import org.tubelet.models.WeightLayout;
import org.tubelet.models.timesformer.AttentionType;
import org.tubelet.models.timesformer.TimesformerConfig;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.models.vivit.AttentionOrder;
import org.tubelet.models.vivit.KernelInit;
import org.tubelet.models.vivit.VivitConfig;
import org.tubelet.models.vivit.VivitEmbedding;
import org.tubelet.models.vivit.VivitVariant;

/**
 * Layer ids for layer-wise lr decay, for every parameter of each family's tiny model: embeddings 0, encoder layer i
 * i + 1, final norm and head L + 1 (BEiT / VideoMAE's assignment), ViViT model 2's temporal encoder stacked on the
 * spatial one. The expectations are written out per name prefix; every parameter must fall under exactly one of them.
 */
class LayerIdsTest {
    private static final EncoderFields TWO_LAYERS = new EncoderFields(16, 2, 2, 32, Activation.GELU, 0.0, 0.0, 0.02,
            1e-6, true);
    private static final HfMeta META = HfMeta.defaults(List.of()).withLabels(HfMeta.defaultLabels(3));

    static VivitConfig vivit(VivitVariant v) {
        return new VivitConfig(16, 4, List.of(2, 8, 8), 3, TWO_LAYERS, META, v, VivitEmbedding.TUBELET, 2,
                AttentionOrder.SPACE_FIRST, KernelInit.FILTER_INFLATION);
    }

    static TimesformerConfig timesformer(AttentionType type) {
        return new TimesformerConfig(16, 8, 3, 4, TWO_LAYERS, type, META);
    }

    static VideoMaeConfig videomae(boolean meanPooling) {
        return new VideoMaeConfig(16, 8, 3, 4, 2, TWO_LAYERS, meanPooling, 2, 8, 1, 16, false, META);
    }

    /** Name prefix → expected id (the longest matching prefix applies). */
    private static Map<String, Integer> ids(Object... prefixAndId) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < prefixAndId.length; i += 2) {
            m.put((String) prefixAndId[i], (Integer) prefixAndId[i + 1]);
        }
        return m;
    }

    static Stream<Arguments> models() {
        Map<String, Integer> joint = ids("vivit.embeddings.", 0, "vivit.encoder.layer.0.", 1,
                "vivit.encoder.layer.1.", 2, "vivit.layernorm.", 3, "classifier.", 3);
        return Stream.of(
                Arguments.of(vivit(VivitVariant.JOINT), Architecture.VIVIT_FOR_VIDEO_CLASSIFICATION, 2, joint),
                Arguments.of(vivit(VivitVariant.JOINT), Architecture.VIVIT_MODEL, 2, ids("embeddings.", 0,
                        "encoder.layer.0.", 1, "encoder.layer.1.", 2, "layernorm.", 3, "pooler.", 3)),
                // model 2: spatial layers 1..2, between the encoders 2, temporal layers 3..4, head 5
                Arguments.of(vivit(VivitVariant.FACTORISED_ENCODER),
                        Architecture.VIVIT_FACTORISED_ENCODER_FOR_VIDEO_CLASSIFICATION, 4, ids(
                                "vivit.embeddings.", 0, "vivit.encoder.layer.0.", 1, "vivit.encoder.layer.1.", 2,
                                "vivit.spatial_layernorm.", 2, "vivit.temporal_embeddings.cls_token", 2,
                                "vivit.temporal_embeddings.position_embeddings", 2,
                                "vivit.temporal_encoder.layer.0.", 3, "vivit.temporal_encoder.layer.1.", 4,
                                "vivit.layernorm.", 5, "classifier.", 5)),
                // model 3: a layer's temporal attention and norm belong to it
                Arguments.of(vivit(VivitVariant.FACTORISED_SELF_ATTENTION),
                        Architecture.VIVIT_FACTORISED_SELF_ATTENTION_FOR_VIDEO_CLASSIFICATION, 2, ids(
                                "vivit.embeddings.", 0, "vivit.encoder.layer.0.", 1,
                                "vivit.encoder.layer.0.temporal_attention.", 1,
                                "vivit.encoder.layer.0.temporal_layernorm.", 1, "vivit.encoder.layer.1.", 2,
                                "vivit.encoder.layer.1.temporal_attention.", 2,
                                "vivit.encoder.layer.1.temporal_layernorm.", 2, "vivit.layernorm.", 3,
                                "classifier.", 3)),
                Arguments.of(vivit(VivitVariant.FACTORISED_DOT_PRODUCT),
                        Architecture.VIVIT_FACTORISED_DOT_PRODUCT_FOR_VIDEO_CLASSIFICATION, 2, joint),
                Arguments.of(timesformer(AttentionType.DIVIDED_SPACE_TIME),
                        Architecture.TIMESFORMER_FOR_VIDEO_CLASSIFICATION, 2, ids(
                                "timesformer.embeddings.patch_embeddings.", 0, "timesformer.embeddings.cls_token", 0,
                                "timesformer.embeddings.position_embeddings", 0,
                                "timesformer.embeddings.time_embeddings", 0, "timesformer.encoder.layer.0.", 1,
                                "timesformer.encoder.layer.0.temporal_dense.", 1, "timesformer.encoder.layer.1.", 2,
                                "timesformer.encoder.layer.1.temporal_attention.", 2, "timesformer.layernorm.", 3,
                                "classifier.", 3)),
                Arguments.of(timesformer(AttentionType.SPACE_ONLY), Architecture.TIMESFORMER_FOR_VIDEO_CLASSIFICATION,
                        2, ids("timesformer.embeddings.", 0, "timesformer.encoder.layer.0.", 1,
                                "timesformer.encoder.layer.1.", 2, "timesformer.layernorm.", 3, "classifier.", 3)),
                Arguments.of(timesformer(AttentionType.JOINT_SPACE_TIME), Architecture.TIMESFORMER_MODEL, 2, ids(
                        "embeddings.", 0, "encoder.layer.0.", 1, "encoder.layer.1.", 2, "layernorm.", 3)),
                Arguments.of(videomae(true), Architecture.VIDEOMAE_FOR_VIDEO_CLASSIFICATION, 2, ids(
                        "videomae.embeddings.", 0, "videomae.encoder.layer.0.", 1,
                        "videomae.encoder.layer.0.attention.attention.q_bias", 1, "videomae.encoder.layer.1.", 2,
                        "fc_norm.", 3, "classifier.", 3)),
                Arguments.of(videomae(false), Architecture.VIDEOMAE_FOR_VIDEO_CLASSIFICATION, 2, ids(
                        "videomae.embeddings.", 0, "videomae.encoder.layer.0.", 1, "videomae.encoder.layer.1.", 2,
                        "videomae.layernorm.", 3, "classifier.", 3)),
                // pretraining: the decoder (and its mask token) sits on top of the encoder
                Arguments.of(videomae(false), Architecture.VIDEOMAE_FOR_PRETRAINING, 2, ids(
                        "videomae.embeddings.", 0, "videomae.encoder.layer.0.", 1, "videomae.encoder.layer.1.", 2,
                        "videomae.layernorm.", 3, "encoder_to_decoder.", 3, "mask_token", 3,
                        "decoder.decoder_layers.0.", 3, "decoder.norm.", 3, "decoder.head.", 3)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("models")
    void everyParameterHasTheIdOfItsPlaceInTheStack(ModelConfig config, Architecture arch, int depth,
                                                    Map<String, Integer> expected) {
        WeightLayout layout = org.tubelet.models.zoo.Models.layout(config, arch);
        LayerIds ids = LayerIds.of(layout, arch);
        assertEquals(depth, ids.depth(), "L, the number of encoder layers");
        assertEquals(layout.size(), ids.ids().size());
        Set<String> used = new HashSet<>();
        for (TensorMapping t : layout.tensors()) {
            String prefix = expected.keySet().stream().filter(t.name()::startsWith)
                    .max(java.util.Comparator.comparingInt(String::length)).orElse(null);
            assertNotNull(prefix, arch + ": no expectation covers " + t.name());
            used.add(prefix);
            assertEquals(expected.get(prefix), ids.of(t.name()), t.name());
            assertEquals(Math.pow(0.75, depth + 1 - expected.get(prefix)), ids.scale(t.name(), 0.75), 1e-15,
                    t.name() + ": lr scale decay^(L + 1 - id)");
        }
        assertEquals(expected.keySet(), used, "every expectation names parameters of the model");
        assertTrue(ids.ids().values().stream().anyMatch(i -> i == 0) && ids.ids().containsValue(depth + 1));
    }
}
