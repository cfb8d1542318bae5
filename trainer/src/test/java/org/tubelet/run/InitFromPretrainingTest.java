package org.tubelet.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.io.HostTensor;
import org.tubelet.io.NdArrays;
import org.tubelet.io.Safetensors;
import org.tubelet.models.Architecture;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.TensorMapping;
import org.tubelet.models.zoo.Models;
import org.tubelet.recipe.Presets;
import org.tubelet.recipe.Recipe;
import org.tubelet.recipe.Recipes;

/**
 * {@code model.init_from} an exported {@code VideoMAEForPreTraining} folder: the classifier gets every encoder tensor
 * of the folder exactly, the decoder is left out, the head starts fresh from the fine-tuning run's own (different)
 * seed, and {@code init_from.txt} in the run folder says which tensor came from where.
 */
class InitFromPretrainingTest {
    @TempDir
    Path dir;

    @Test
    void theEncoderComesFromTheExportedPretrainingFolderExactly() throws Exception {
        ModelConfig tiny = Presets.parse(Presets.find("videomae-tiny", null).orElseThrow());
        ModelGraph pretraining = Models.create(tiny, Architecture.VIDEOMAE_FOR_PRETRAINING, 0);
        Path export = dir.resolve("pretrained");
        HfCheckpoint.save(pretraining, export);                      // what export --format hf writes
        Map<String, HostTensor> source = Safetensors.read(export.resolve(HfCheckpoint.WEIGHTS)).tensors();

        Path runDir = dir.resolve("finetune");
        Recipe r = Recipes.load("videomae_finetune_demo", List.of("model.init_from=" + export, "train.seed=5",
                "checkpoint.dir=" + runDir));
        ModelConfig config = Wiring.withLabels(Wiring.baseConfig(r), List.of("a", "b", "c"));
        Architecture arch = Wiring.architecture(r, config);
        assertEquals(Architecture.VIDEOMAE_FOR_VIDEO_CLASSIFICATION, arch);
        ModelGraph g = Wiring.model(r, config, arch, 0);

        int encoder = 0;
        for (TensorMapping t : g.layout().tensors()) {
            HostTensor mine = NdArrays.toHost(g.paramValue(t.name())).reshape(t.hfShape());
            if (t.name().startsWith("videomae.")) {
                HostTensor theirs = source.get(t.name());
                assertTrue(theirs != null, t.name() + " is in the pretraining folder");
                assertTrue(Arrays.equals(theirs.shape(), mine.shape()), t.name());
                assertTrue(Arrays.equals(theirs.toFloats(), mine.toFloats()), t.name() + " equals the source "
                        + "exactly");
                encoder++;
            } else {
                assertFalse(source.containsKey(t.name()), t.name() + " is a head tensor the source lacks");
            }
        }
        // every encoder tensor of the source but its final norm: with mean pooling the classifier normalises the
        // pooled features with fc_norm instead (HF: layernorm is nn.Identity when use_mean_pooling)
        assertEquals(source.keySet().stream().filter(n -> n.startsWith("videomae.")
                && !n.startsWith("videomae.layernorm.")).count(), encoder, "every encoder tensor was loaded");
        assertTrue(g.layout().tensors().stream().noneMatch(t -> t.name().startsWith("decoder.")), "no decoder");
        // the head is fresh, from the fine-tuning seed (5), not the pretraining one (0)
        ModelGraph seed0 = Models.create(config, arch, 0);
        ModelGraph seed5 = Models.create(config, arch, 5);
        assertEquals(seed5.paramValue("classifier.weight"), g.paramValue("classifier.weight"));
        assertNotEquals(seed0.paramValue("classifier.weight"), g.paramValue("classifier.weight"));

        List<String> log = Files.readAllLines(runDir.resolve(Wiring.INIT_REPORT));
        assertTrue(log.get(0).contains(encoder + " tensors loaded"), log.get(0));
        assertTrue(log.contains("videomae.embeddings.patch_embeddings.projection.weight <- "
                + "videomae.embeddings.patch_embeddings.projection.weight"), log.toString());
        assertTrue(log.contains("classifier.weight: fresh") && log.contains("fc_norm.weight: fresh"), log.toString());
        assertTrue(log.contains("unused: decoder.head.weight") && log.contains("unused: mask_token")
                && log.contains("unused: videomae.layernorm.weight"), log.toString());
    }
}
