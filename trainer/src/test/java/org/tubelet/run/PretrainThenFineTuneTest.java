package org.tubelet.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.hf.HfCheckpoint;
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
import org.tubelet.train.checkpoint.Checkpoints;

/**
 * VideoMAE pretraining, then fine-tuning from its run folder with another seed: the classifier starts from every
 * encoder tensor of the pretraining checkpoint, exactly, and only the new head (fc_norm, classifier) is fresh.
 */
@Tag("slow")
class PretrainThenFineTuneTest {
    @TempDir
    Path tmp;

    static List<String> synthetic(Path dir, String... more) {
        List<String> sets = new ArrayList<>(List.of("data.format=synthetic", "data.root=null", "data.generate=false",
                "data.synthetic.size=0", "data.synthetic.train_videos=32", "data.synthetic.val_videos=8",
                "data.processor.shortest_edge=0", "data.processor.crop_size=0", "schedule.warmup_steps=1",
                "log.progress=lines", "log.plots=false", "checkpoint.keep_best=none", "checkpoint.dir=" + dir));
        sets.addAll(List.of(more));
        return sets;
    }

    @Test
    void theFineTuningStartsFromEveryPretrainedEncoderTensor() throws Exception {
        Path pre = tmp.resolve("pretrain");
        Recipe pretraining = Recipes.load("quickstart", synthetic(pre, "task=pretraining",
                "model.preset=videomae-tiny", "train.max_steps=3", "train.seed=0"));
        Training.run(pretraining, new PrintStream(new ByteArrayOutputStream()));
        Map<String, HostTensor> pretrained = Safetensors.read(Checkpoints.modelFolder(pre)
                .resolve(HfCheckpoint.WEIGHTS)).tensors();

        Path fine = tmp.resolve("finetune");
        Recipe fineTuning = Recipes.load("quickstart", synthetic(fine, "model.preset=null", "model.init_from=" + pre,
                "model.architecture=VideoMAEForVideoClassification", "model.overrides={use_mean_pooling: true}",
                "train.max_steps=2", "train.seed=1"));
        ModelConfig c = Wiring.withLabels(Wiring.baseConfig(fineTuning), List.of("right", "up", "left", "down"));
        Architecture arch = Wiring.architecture(fineTuning, c);
        assertEquals(Architecture.VIDEOMAE_FOR_VIDEO_CLASSIFICATION, arch);
        ModelGraph start = Wiring.model(fineTuning, c, arch, 0);
        ModelGraph fresh = Models.create(c, arch, 1);                   // what seed 1 gives without init_from

        List<String> transferred = new ArrayList<>();
        List<String> freshNames = new ArrayList<>();
        for (TensorMapping t : start.layout().tensors()) {
            HostTensor source = pretrained.get(t.name());
            INDArray value = start.paramValue(t.name()).reshape(t.hfShape());
            if (source != null) {
                assertEquals(NdArrays.toNd(source), value, t.name() + " is the pretrained tensor, exactly");
                assertTrue(value.sub(fresh.paramValue(t.name()).reshape(t.hfShape())).amaxNumber().doubleValue() > 0,
                        t.name() + " differs from a fresh seed-1 initialisation");
                transferred.add(t.name());
            } else {
                assertEquals(fresh.paramValue(t.name()), start.paramValue(t.name()), t.name() + " fresh (seed 1)");
                freshNames.add(t.name());
            }
        }
        assertEquals(List.of("fc_norm.weight", "fc_norm.bias", "classifier.weight", "classifier.bias"), freshNames);
        assertEquals(start.layout().size() - 4, transferred.size());
        // every encoder tensor of the pretraining model was taken, but its final norm: with mean pooling the
        // classifier has fc_norm instead (videomae-tiny pretrains without mean pooling)
        for (String name : pretrained.keySet()) {
            if (name.startsWith("videomae.") && !name.startsWith("videomae.layernorm.")) {
                assertTrue(transferred.contains(name), name + " not transferred");
            }
        }

        TrainResult result = Training.run(fineTuning, new PrintStream(new ByteArrayOutputStream()));
        assertEquals(2, result.steps());
        assertTrue(result.lastEval() != null && Double.isFinite(result.lastEval().loss()), "the classifier trains");
    }
}
