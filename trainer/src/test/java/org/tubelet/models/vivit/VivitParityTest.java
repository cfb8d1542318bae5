package org.tubelet.models.vivit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tubelet.testing.Fixtures.assertClose;
import static org.tubelet.testing.Fixtures.npy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.io.hf.HfCheckpoint;
import org.tubelet.models.ModelGraph;
import org.tubelet.testing.Fixtures;
import org.tubelet.testing.GraphRuns;

/** ViViT against Hugging Face transformers v4.37.2 on the tiny fixtures: outputs, loss and every stored gradient. */
class VivitParityTest {

    @Test
    void classificationOutputsLossAndGradientsMatchHuggingFace() throws Exception {
        Path dir = Fixtures.hf("vivit_tiny");
        ModelGraph g = HfCheckpoint.load(dir);
        Map<String, INDArray> feeds = g.feeds(npy(dir, "pixel_values.npy"), npy(dir, "labels.npy"), null, false);
        Map<String, INDArray> out = GraphRuns.outputs(g, feeds, g.outputs().lastHiddenState(), g.outputs().logits(),
                g.outputs().loss());
        assertClose("last_hidden_state", npy(dir, "last_hidden_state.npy"),
                out.get(g.outputs().lastHiddenState().name()));
        assertClose("logits", npy(dir, "logits.npy"), out.get(g.outputs().logits().name()));
        assertClose("loss", npy(dir, "loss.npy"), out.get(g.outputs().loss().name()).reshape(1));
        assertClose("hidden_states", npy(dir, "hidden_states.npy"), GraphRuns.stackedHiddenStates(g, feeds));

        Map<String, INDArray> grads = GraphRuns.gradients(g, feeds);
        int compared = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().startsWith("grad__"))::iterator) {
                String name = f.getFileName().toString().replaceFirst("^grad__", "").replaceFirst("\\.npy$", "");
                assertTrue(grads.containsKey(name), "fixture has a gradient for unknown parameter " + name);
                assertClose("grad " + name, npy(dir, f.getFileName().toString()), grads.get(name));
                compared++;
            }
        }
        assertEquals(9, compared, "vivit_tiny stores nine gradients");
    }

    @Test
    void baseModelWithPoolerMatchesHuggingFace() throws Exception {
        Path dir = Fixtures.hf("vivit_model_pooler");
        ModelGraph g = HfCheckpoint.load(dir);
        Map<String, INDArray> feeds = g.feeds(npy(dir, "pixel_values.npy"), null, null, false);
        Map<String, INDArray> out = GraphRuns.outputs(g, feeds, g.outputs().lastHiddenState(),
                g.outputs().poolerOutput());
        assertClose("last_hidden_state", npy(dir, "last_hidden_state.npy"),
                out.get(g.outputs().lastHiddenState().name()));
        assertClose("pooler_output", npy(dir, "pooler_output.npy"), out.get(g.outputs().poolerOutput().name()));
        assertClose("hidden_states", npy(dir, "hidden_states.npy"), GraphRuns.stackedHiddenStates(g, feeds));
    }
}
