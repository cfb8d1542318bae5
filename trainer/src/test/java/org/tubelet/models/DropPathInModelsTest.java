package org.tubelet.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.tubelet.testing.Fixtures.assertClose;
import static org.tubelet.testing.Fixtures.npy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.hf.HfConfigs;
import org.tubelet.io.Safetensors;
import org.tubelet.models.timesformer.AttentionType;
import org.tubelet.models.timesformer.TimesformerConfig;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.models.vivit.AttentionOrder;
import org.tubelet.models.vivit.KernelInit;
import org.tubelet.models.vivit.VivitConfig;
import org.tubelet.models.vivit.VivitEmbedding;
import org.tubelet.models.vivit.VivitVariant;
import org.tubelet.models.zoo.Models;
import org.tubelet.testing.Fixtures;
import org.tubelet.testing.GraphRuns;

/**
 * {@code drop_path_rate} in every family against the definition of stochastic depth: layer i of L has rate
 * r·i/(L-1); in training each clip's residual branch of that layer is either dropped or kept and scaled by
 * 1/(1 - rate); in inference the model is exactly the model without drop path (so HF parity holds with any rate).
 *
 * <p>The exact check isolates one residual branch: every other branch's output projection is zero (so the other
 * layers' masks do not matter), and the training output of each clip must equal the inference output of the same
 * model with that branch removed, or with its output projection scaled by 1/(1 - rate).
 */
class DropPathInModelsTest {
    static final int LAYERS = 3;
    static final double RATE = 0.4;                    // layer rates 0, 0.2, 0.4
    static final int CLIPS = 48;
    static final EncoderFields ENCODER = new EncoderFields(16, LAYERS, 2, 32, Activation.GELU, 0.0, 0.0, 0.3, 1e-6,
            true, RATE);                               // large initializer range: branches of size ~1
    static final HfMeta META = HfMeta.defaults(List.of()).withLabels(HfMeta.defaultLabels(3));

    static Function<EncoderFields, ModelConfig> vivit(VivitVariant v) {
        return e -> new VivitConfig(16, 4, List.of(2, 8, 8), 3, e, META, v, VivitEmbedding.TUBELET, LAYERS,
                AttentionOrder.SPACE_FIRST, KernelInit.FILTER_INFLATION);
    }

    /** A family's classifier (its config for given encoder fields), the encoder whose branch is tested, the branch. */
    record Case(String name, Function<EncoderFields, ModelConfig> family, Architecture arch, String layers,
                String branch) {
        ModelConfig config() {
            return family.apply(ENCODER);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> all() {
        return List.of(
                new Case("vivit model 1", vivit(VivitVariant.JOINT), Architecture.VIVIT_FOR_VIDEO_CLASSIFICATION,
                        "vivit.encoder.layer.", "attention.output.dense"),
                new Case("vivit model 1 mlp", vivit(VivitVariant.JOINT), Architecture.VIVIT_FOR_VIDEO_CLASSIFICATION,
                        "vivit.encoder.layer.", "output.dense"),
                new Case("vivit model 2 temporal encoder", vivit(VivitVariant.FACTORISED_ENCODER),
                        Architecture.VIVIT_FACTORISED_ENCODER_FOR_VIDEO_CLASSIFICATION, "vivit.temporal_encoder.layer.",
                        "attention.output.dense"),
                new Case("vivit model 3 spatial", vivit(VivitVariant.FACTORISED_SELF_ATTENTION),
                        Architecture.VIVIT_FACTORISED_SELF_ATTENTION_FOR_VIDEO_CLASSIFICATION, "vivit.encoder.layer.",
                        "attention.output.dense"),
                new Case("vivit model 3 temporal", vivit(VivitVariant.FACTORISED_SELF_ATTENTION),
                        Architecture.VIVIT_FACTORISED_SELF_ATTENTION_FOR_VIDEO_CLASSIFICATION, "vivit.encoder.layer.",
                        "temporal_attention.output.dense"),
                new Case("vivit model 3 mlp", vivit(VivitVariant.FACTORISED_SELF_ATTENTION),
                        Architecture.VIVIT_FACTORISED_SELF_ATTENTION_FOR_VIDEO_CLASSIFICATION, "vivit.encoder.layer.",
                        "output.dense"),
                new Case("vivit model 4", vivit(VivitVariant.FACTORISED_DOT_PRODUCT),
                        Architecture.VIVIT_FACTORISED_DOT_PRODUCT_FOR_VIDEO_CLASSIFICATION, "vivit.encoder.layer.",
                        "attention.output.dense"),
                new Case("videomae", e -> new VideoMaeConfig(16, 8, 3, 4, 2, e, true, 2, 8, 1, 16, true, META),
                        Architecture.VIDEOMAE_FOR_VIDEO_CLASSIFICATION, "videomae.encoder.layer.",
                        "attention.output.dense"),
                new Case("timesformer joint", e -> new TimesformerConfig(16, 8, 3, 4, e,
                        AttentionType.JOINT_SPACE_TIME, META), Architecture.TIMESFORMER_FOR_VIDEO_CLASSIFICATION,
                        "timesformer.encoder.layer.", "attention.output.dense"));
    }

    static Stream<Arguments> casesAndLayers() {
        return all().stream().flatMap(c -> Stream.of(1, 2).map(layer -> Arguments.of(c, layer)));
    }

    /** Output projections of every residual branch of the model (both encoders of model 2). */
    static List<String> branches(ModelGraph g) {
        return g.layout().tensors().stream().map(TensorMapping::name)
                .filter(n -> n.contains("encoder.layer.") && n.endsWith("output.dense.weight")).toList();
    }

    @ParameterizedTest(name = "{0}, layer {1}")
    @MethodSource("casesAndLayers")
    void eachClipDropsOrKeepsTheLayersBranchWithItsRate(Case c, int layer) {
        ModelGraph g = Models.create(c.config(), c.arch(), 1);
        String tested = c.layers() + layer + "." + c.branch();
        for (String w : branches(g)) {
            if (!w.equals(tested + ".weight")) {
                g.paramValue(w).assign(0);
                g.paramValue(w.replace(".weight", ".bias")).assign(0);
            }
        }
        double rate = RATE * layer / (LAYERS - 1);                          // linspace(0, 0.4, 3)[layer]
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.randn(DataType.FLOAT, CLIPS, 4, 3, 16, 16);
        g.reseedRandomOps(99);
        INDArray training = hidden(g, x, true);
        INDArray weight = g.paramValue(tested + ".weight");
        INDArray bias = g.paramValue(tested + ".bias");
        weight.muli(1.0 / (1.0 - rate));
        bias.muli(1.0 / (1.0 - rate));
        INDArray kept = hidden(g, x, false);
        weight.assign(0);
        bias.assign(0);
        INDArray dropped = hidden(g, x, false);

        int keptCount = 0;
        for (int b = 0; b < CLIPS; b++) {
            INDArray t = clip(training, b);
            double toKept = t.sub(clip(kept, b)).amaxNumber().doubleValue();
            double toDropped = t.sub(clip(dropped, b)).amaxNumber().doubleValue();
            double apart = clip(kept, b).sub(clip(dropped, b)).amaxNumber().doubleValue();
            assertTrue(apart > 1e-2, c + ": clip " + b + ": the branch is too small to tell (" + apart + ")");
            if (toKept < 1e-4) {
                keptCount++;
            } else if (toDropped > 1e-4) {
                fail(c + " layer " + layer + ": clip " + b + " is neither the kept branch scaled by 1/(1-" + rate
                        + ") (off by " + toKept + ") nor the dropped one (off by " + toDropped + ")");
            }
        }
        double sd = Math.sqrt(CLIPS * rate * (1 - rate));
        assertTrue(Math.abs(keptCount - CLIPS * (1 - rate)) <= 5 * sd + 1e-9, c + " layer " + layer + ": "
                + keptCount + " of " + CLIPS + " clips kept at rate " + rate);
        assertTrue(keptCount < CLIPS, c + ": some clip drops the branch");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void theFirstLayerNeverDrops(Case c) {
        ModelGraph g = Models.create(c.config(), c.arch(), 2);
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.FLOAT, 8, 4, 3, 16, 16);
        // the branches of layers 1 and 2 (of both encoders of model 2) silenced: only layer 0, rate 0, acts
        for (String w : branches(g)) {
            if (!w.contains("encoder.layer.0.")) {
                g.paramValue(w).assign(0);
                g.paramValue(w.replace(".weight", ".bias")).assign(0);
            }
        }
        g.reseedRandomOps(7);
        assertTrue(hidden(g, x, true).equalsWithEps(hidden(g, x, false), 1e-5), c.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void inferenceIsExactlyTheModelWithoutDropPath(Case c) {
        ModelGraph with = Models.create(c.config(), c.arch(), 3);
        ModelGraph without = Models.create(c.family().apply(ENCODER.withDropPathRate(0)), c.arch(), 3);
        Nd4j.getRandom().setSeed(6);
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 4, 3, 16, 16);
        assertEquals(hidden(without, x, false), hidden(with, x, false));
        assertTrue(hidden(with, x, true).sub(hidden(without, x, true)).amaxNumber().doubleValue() > 1e-3,
                "in training drop path acts");
    }

    /** Every HF fixture, loaded with {@code drop_path_rate} 0.3 in its config, still gives HF's numbers. */
    @ParameterizedTest
    @ValueSource(strings = {"vivit_tiny", "vivit_model_pooler", "timesformer_divided", "timesformer_joint",
            "timesformer_space_only", "timesformer_model", "videomae_cls_mean", "videomae_cls_nomean",
            "videomae_model", "videomae_model_masked", "videomae_pretrain_normpix", "videomae_pretrain_raw"})
    void hfParityHoldsWithDropPathInInference(String fixture) throws Exception {
        Path dir = Fixtures.hf(fixture);
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(dir.resolve("config.json").toFile());
        json.put("drop_path_rate", 0.3);
        ModelConfig config = HfConfigs.parse(fixture, json.toString());
        assertEquals(0.3, config.dropPathRate());
        INDArray mask = Files.exists(dir.resolve("bool_masked_pos.npy")) ? npy(dir, "bool_masked_pos.npy") : null;
        int masked = org.tubelet.models.videomae.MaskCounts.perClip(mask, fixture);
        ModelGraph g = Models.build(config, HfCheckpoint.architectureOf(config, dir), InputSize.of(config), masked);
        HfCheckpoint.loadWeights(g, Safetensors.read(dir.resolve("model.safetensors")).tensors(), fixture);
        assertTrue(g.inputs().training() != null, "the graph has drop path");
        INDArray out = GraphRuns.outputs(g, g.feeds(npy(dir, "pixel_values.npy"), null, mask, false),
                g.outputs().lastHiddenState()).get("last_hidden_state");
        INDArray hf = npy(dir, "last_hidden_state.npy");
        assertClose(fixture + " last_hidden_state with drop_path_rate 0.3", hf, out.reshape(hf.shape()));
    }

    static INDArray hidden(ModelGraph g, INDArray x, boolean training) {
        return GraphRuns.outputs(g, g.feeds(x, null, null, training), g.outputs().lastHiddenState())
                .get("last_hidden_state");
    }

    static INDArray clip(INDArray h, int b) {
        return h.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.all());
    }
}
