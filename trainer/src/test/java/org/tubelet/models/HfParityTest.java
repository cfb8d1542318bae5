package org.tubelet.models;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tubelet.testing.Fixtures.assertClose;
import static org.tubelet.testing.Fixtures.npy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.testing.Fixtures;
import org.tubelet.testing.GraphRuns;

/**
 * Every model family against Hugging Face transformers v4.37.2 on the tiny fixtures: every output the fixture
 * stores (last_hidden_state, hidden_states, pooler_output, logits, loss) and every stored gradient, within
 * {@code 5e-5 + 1e-4·|hf|}; each with Tubelet's fused nodes and with stock ops only.
 */
class HfParityTest {
    private static final Logger LOG = LogManager.getLogger(HfParityTest.class);

    private static final List<String> FIXTURES = List.of("vivit_tiny", "vivit_model_pooler", "timesformer_divided",
            "timesformer_joint", "timesformer_space_only", "timesformer_model", "videomae_cls_mean",
            "videomae_cls_nomean", "videomae_model", "videomae_model_masked", "videomae_pretrain_normpix",
            "videomae_pretrain_raw");

    /**
     * (fixture, graph ops) for every fixture, as Tubelet's sessions run it (fused nodes) and as an exported SameDiff
     * file holds it (stock ops only).
     */
    static Stream<Arguments> fixtures() {
        return FIXTURES.stream().flatMap(f -> Stream.of(GraphOps.KERNELS, GraphOps.STOCK).map(o -> Arguments.of(f, o)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("fixtures")
    void matchesHuggingFace(String fixture, GraphOps ops) throws Exception {
        Path dir = Fixtures.hf(fixture);
        INDArray labels = Files.exists(dir.resolve("labels.npy")) ? npy(dir, "labels.npy") : null;
        INDArray mask = Files.exists(dir.resolve("bool_masked_pos.npy")) ? npy(dir, "bool_masked_pos.npy") : null;
        int masked = org.tubelet.models.videomae.MaskCounts.perClip(mask, fixture);
        ModelGraph g = HfCheckpoint.load(dir, null, masked, ops);
        Map<String, INDArray> feeds = g.feeds(npy(dir, "pixel_values.npy"), labels, mask, false);

        ModelGraph.Outputs o = g.outputs();
        List<String> checked = new ArrayList<>();
        check(g, feeds, dir, "last_hidden_state.npy", o.lastHiddenState(), checked);
        check(g, feeds, dir, "pooler_output.npy", o.poolerOutput(), checked);
        check(g, feeds, dir, "logits.npy", o.logits(), checked);
        if (labels != null) {
            check(g, feeds, dir, "loss.npy", o.loss(), checked);
        }
        if (o.pretraining() != null) {
            check(g, feeds, dir, "decoder_input.npy", o.pretraining().decoderInput(), checked);
            check(g, feeds, dir, "target_patches.npy", o.pretraining().targetPatches(), checked);
        }
        if (Files.exists(dir.resolve("hidden_states.npy"))) {
            assertClose(fixture + " hidden_states", npy(dir, "hidden_states.npy"),
                    GraphRuns.stackedHiddenStates(g, feeds));
            checked.add("hidden_states");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> gradFiles = files.filter(f -> f.getFileName().toString().startsWith("grad__")).sorted()
                    .toList();
            if (!gradFiles.isEmpty()) {
                Map<String, INDArray> grads = GraphRuns.gradients(g, feeds);
                for (Path f : gradFiles) {
                    String name = f.getFileName().toString().replaceFirst("^grad__", "").replaceFirst("\\.npy$", "");
                    assertTrue(grads.containsKey(name), "fixture has a gradient for unknown parameter " + name);
                    assertClose(fixture + " grad " + name, npy(dir, f.getFileName().toString()), grads.get(name));
                    checked.add("grad " + name);
                }
            }
        }
        assertTrue(checked.contains("last_hidden_state"));
        LOG.info("{}: matched {}", fixture, checked);
    }

    private static void check(ModelGraph g, Map<String, INDArray> feeds, Path dir, String file, SDVariable var,
                              List<String> checked) {
        if (!Files.exists(dir.resolve(file))) {
            return;
        }
        assertNotNull(var, dir.getFileName() + " stores " + file + " but the graph has no such output");
        INDArray ours = GraphRuns.outputs(g, feeds, var).get(var.name());
        INDArray hf = npy(dir, file);
        assertClose(dir.getFileName() + " " + file, hf, ours.reshape(hf.shape()));
        checked.add(file.replace(".npy", ""));
    }
}
