package org.tubelet.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.io.HostTensor;
import org.tubelet.io.NdArrays;
import org.tubelet.io.Safetensors;
import org.tubelet.models.Architecture;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.TensorMapping;
import org.tubelet.models.zoo.Models;
import org.tubelet.recipe.Recipe;
import org.tubelet.recipe.Recipes;
import org.tubelet.testing.Fixtures;

/** From a recipe's model section to the class, the config and the starting weights. */
class WiringTest {
    @TempDir
    Path tmp;

    Recipe recipe(String model, String... sets) throws Exception {
        Path f = tmp.resolve("r.yaml");
        Files.writeString(f, "task: classification\nmodel:\n" + model + "\ndata:\n  format: synthetic\n");
        return Recipes.load(f.toString(), List.of(sets));
    }

    @ParameterizedTest
    @CsvSource({"joint_space_time, VivitForVideoClassification",
            "factorised_encoder, VivitFactorisedEncoderForVideoClassification",
            "factorised_self_attention, VivitFactorisedSelfAttentionForVideoClassification",
            "factorised_dot_product, VivitFactorisedDotProductForVideoClassification"})
    void overridingTheVivitVariantPicksTheVariantsClass(String variant, String hfClass) throws Exception {
        Recipe r = recipe("  preset: vivit-tiny\n  overrides:\n    vivit_variant: " + variant);
        ModelConfig c = Wiring.baseConfig(r);
        Architecture arch = Wiring.architecture(r, c);
        assertEquals(hfClass, arch.hfClass());
        Models.build(c, arch);                                          // the class fits the config
    }

    @ParameterizedTest
    @ValueSource(strings = {"vivit-tiny", "videomae-tiny", "timesformer-tiny"})
    void dropPathRateIsARecipeKeyOfEveryFamily(String preset) throws Exception {
        Recipe r = recipe("  preset: " + preset + "\n  overrides:\n    drop_path_rate: 0.1");
        ModelConfig c = Wiring.baseConfig(r);
        assertEquals(0.1, c.dropPathRate());
        ModelGraph g = Models.build(c, Wiring.architecture(r, c));
        assertTrue(g.inputs().training() != null, "the graph has drop path, so a training switch");
    }

    /**
     * An HF folder fine-tuned to other classes: every encoder tensor is the folder's, bit for bit; the classifier
     * is a new one for the dataset's classes, from the recipe's seed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"vivit_tiny", "timesformer_divided", "videomae_cls_mean"})
    void anHfFolderFineTunedToOtherClassesKeepsItsEncoderAndGetsANewHead(String fixture) throws Exception {
        Path dir = Fixtures.hf(fixture).toAbsolutePath();
        Recipe r = recipe("  init_from: " + dir, "train.seed=7");
        ModelConfig c = Wiring.withLabels(Wiring.baseConfig(r), List.of("a", "b", "c"));
        Architecture arch = Wiring.architecture(r, c);
        ModelGraph g = Wiring.model(r, c, arch, 0);
        Map<String, HostTensor> hf = Safetensors.read(dir.resolve("model.safetensors")).tensors();
        ModelGraph fresh = Models.create(c, arch, 7);
        int encoder = 0;
        for (TensorMapping t : g.layout().tensors()) {
            INDArray value = g.paramValue(t.name()).reshape(t.hfShape());
            if (t.name().startsWith("classifier.")) {
                assertEquals(3, t.hfShape()[0], "a head for the three new classes");
                assertEquals(5, hf.get(t.name()).shape()[0], "the folder's head has five");
                assertEquals(fresh.paramValue(t.name()), g.paramValue(t.name()), t.name() + " freshly initialised");
            } else {
                assertEquals(NdArrays.toNd(hf.get(t.name())), value, t.name() + " is the folder's");
                encoder++;
            }
        }
        assertEquals(g.layout().size() - 2, encoder);
        assertNotEquals(0, encoder);
    }
}
