package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tubelet.datasets.synthetic.MovingShapes;
import org.tubelet.datasets.synthetic.SyntheticConfig;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.io.HostTensor;
import org.tubelet.io.Safetensors;
import org.tubelet.models.ModelGraph;
import org.tubelet.testing.TinyImageVit;
import org.tubelet.train.checkpoint.Checkpoints;

/**
 * The fine-tuning recipes end to end on generated data: {@code custom_dataset} from an exported quickstart model on
 * class folders of other classes, the ViViT models 2-4 recipes, and TimeSformer / VideoMAE presets started from an
 * image ViT.
 */
@Tag("slow")
class FineTuningRecipesTest {
    @TempDir
    Path tmp;
    @TempDir
    static Path shared;
    /** A quickstart run (a few steps) and its HF export. */
    static Path quickstart;
    static Path exported;

    @BeforeAll
    static void trainAndExportAQuickstartModel() {
        quickstart = shared.resolve("quickstart");
        List<String> a = args("train", "--recipe", "quickstart");
        a.addAll(synthetic(quickstart, "train.max_steps=4", "train.eval_every=4"));
        run(a);
        exported = shared.resolve("exported");
        run(args("export", "--checkpoint", quickstart.toString(), "--format", "hf", "--out", exported.toString()));
    }

    /** The recipe's data replaced by small in-memory synthetic clips. */
    static List<String> synthetic(Path runDir, String... more) {
        List<String> a = new ArrayList<>(List.of("--set", "data.format=synthetic", "--set", "data.root=null",
                "--set", "data.generate=false", "--set", "data.synthetic.size=0",
                "--set", "data.synthetic.train_videos=32", "--set", "data.synthetic.val_videos=8",
                "--set", "data.processor.shortest_edge=0", "--set", "data.processor.crop_size=0",
                "--set", "schedule.warmup_steps=1", "--set", "log.progress=lines", "--set", "log.plots=false",
                "--set", "checkpoint.dir=" + runDir));
        for (String m : more) {
            a.addAll(List.of("--set", m));
        }
        return a;
    }

    static CliRun run(List<String> args) {
        CliRun r = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.out() + r.err());
        return r;
    }

    static List<String> args(String... first) {
        return new ArrayList<>(List.of(first));
    }

    @Test
    void customDatasetFineTunesAnExportedQuickstartModelOnFoldersOfOtherClasses() throws Exception {
        // 1. a quickstart model, trained briefly and exported as an HF folder: exported
        // 2. class folders of generated mp4s with three classes the quickstart model does not have
        var ds = MovingShapes.generate(tmp.resolve("generated"), SyntheticConfig.small(11).withCounts(3, 2));
        Path root = tmp.resolve("my_videos");
        List<String> names = List.of("eastward", "northward", "westward");
        for (String split : List.of("train", "val")) {
            for (String line : Files.readAllLines(ds.root().resolve(split + ".txt"))) {
                String[] f = line.split(" ");
                int label = Integer.parseInt(f[1]);
                if (label < names.size()) {
                    Path folder = Files.createDirectories(root.resolve(split).resolve(names.get(label)));
                    Files.copy(ds.root().resolve(f[0]), folder.resolve(Path.of(f[0]).getFileName()));
                }
            }
        }

        // 3. the bundled custom_dataset recipe, pointed at both
        Path run = tmp.resolve("custom");
        CliRun r = run(args("train", "--recipe", "custom_dataset", "--set", "model.init_from=" + exported,
                "--set", "data.root=" + root, "--set", "data.workers=1", "--set", "train.epochs=2",
                "--set", "optim.accumulate_steps=1", "--set", "log.progress=lines", "--set", "log.plots=false",
                "--set", "checkpoint.dir=" + run));
        assertTrue(r.out().contains("VivitForVideoClassification") && r.out().contains("3 classes"), r.out());
        assertTrue(r.out().contains("final validation"), r.out());
        Path best = Checkpoints.modelFolder(run);
        String config = Files.readString(best.resolve("config.json"));
        for (String name : names) {
            assertTrue(config.contains("\"" + name + "\""), "id2label has the folder names: " + config);
        }
        ModelGraph tuned = HfCheckpoint.load(best);
        assertEquals(3, tuned.config().meta().numLabels());
        Map<String, HostTensor> source = Safetensors.read(exported.resolve(HfCheckpoint.WEIGHTS)).tensors();
        assertEquals(4, source.get("classifier.weight").shape()[0], "the quickstart head has four classes");
        assertEquals(3, tuned.paramValue("classifier.weight").size(0), "the new head three");

        // 4. and the fine-tuned model predicts one of the new classes for a video of a folder
        Path video;
        try (var s = Files.list(root.resolve("val/westward"))) {
            video = s.findFirst().orElseThrow();
        }
        CliRun p = run(args("predict", "--model", run.toString(), "--video", video.toString(), "--top-k", "3"));
        for (String name : names) {
            assertTrue(p.out().contains(name), p.out());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vivit_factorised_encoder", "vivit_factorised_self_attention",
            "vivit_factorised_dot_product"})
    void theVivitModelRecipesTrain(String recipe) {
        Path dir = tmp.resolve(recipe);
        List<String> a = args("train", "--recipe", recipe);
        a.addAll(synthetic(dir, "train.max_steps=3", "train.eval_every=3"));
        if (recipe.equals("vivit_factorised_encoder")) {
            // model 2 starts from a quickstart run (runs/quickstart in the recipe), its position table resized
            a.addAll(List.of("--set", "model.init_from=" + quickstart));
        }
        CliRun r = run(a);
        String variant = recipe.replace("vivit_factorised_", "").replace("_", " ");
        String hfClass = switch (recipe) {
            case "vivit_factorised_encoder" -> "VivitFactorisedEncoderForVideoClassification";
            case "vivit_factorised_self_attention" -> "VivitFactorisedSelfAttentionForVideoClassification";
            default -> "VivitFactorisedDotProductForVideoClassification";
        };
        assertTrue(r.out().contains(hfClass) && r.out().contains("final validation"), variant + ": " + r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"timesformer-tiny", "videomae-tiny"})
    void timesformerAndVideoMaePresetsStartFromAnImageVit(String preset) throws Exception {
        Path vit = TinyImageVit.folder(tmp.resolve("vit"), 5, 32, 64, 2, 3);        // 24-pixel images: 3x3 patches
        Path dir = tmp.resolve(preset);
        List<String> a = args("train", "--recipe", "quickstart");
        a.addAll(synthetic(dir, "model.preset=" + preset, "model.init_from=" + vit,
                "model.architecture=" + (preset.startsWith("timesformer") ? "TimesformerForVideoClassification"
                        : "VideoMAEForVideoClassification"), "train.max_steps=2", "train.eval_every=2"));
        CliRun r = run(a);
        assertTrue(r.out().contains("final validation"), r.out());
        assertTrue(Files.isRegularFile(Checkpoints.modelFolder(dir).resolve(HfCheckpoint.WEIGHTS)));
    }
}
