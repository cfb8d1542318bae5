package org.tubelet.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tubelet.models.Architecture;
import org.tubelet.models.ModelGraph;
import org.tubelet.recipe.DataSection;
import org.tubelet.recipe.Recipe;
import org.tubelet.recipe.Recipes;
import org.tubelet.recipe.Task;
import org.tubelet.train.checkpoint.Checkpoints;
import org.tubelet.train.checkpoint.TrainerState;
import org.tubelet.train.listeners.MetricsCsv;
import org.tubelet.train.loop.MetricsRow;

/**
 * The {@code README.md} model card of an HF export, in Hugging Face's format: YAML front matter (library, pipeline,
 * tags, datasets, metrics, and a {@code model-index} with the validation results), then the recipe, the training
 * data, the final validation metrics with the evaluation protocol (clips × crops per video) and how to load the
 * folder in transformers and in Tubelet. What a checkpoint does not record (an HF folder exported again has no
 * recipe or metrics) is left out.
 */
public final class ModelCard {
    /** The card's file name in the export folder. */
    public static final String FILE = "README.md";
    private static final Logger LOG = LogManager.getLogger(ModelCard.class);

    private ModelCard() {
    }

    /** What the card is made of, read from a checkpoint folder. */
    record Facts(ModelGraph model, String recipeYaml, Recipe recipe, MetricsRow lastEval, TrainerState state) {
    }

    /** Writes the card of the model exported from {@code folder} into {@code out}. */
    static void write(Path folder, ModelGraph g, Path out) throws IOException {
        org.tubelet.io.AtomicFiles.writeString(out.resolve(FILE), text(read(folder, g)));
    }

    static Facts read(Path folder, ModelGraph g) throws IOException {
        String yaml = readIfPresent(folder.resolve(Checkpoints.RECIPE));
        Recipe recipe = null;
        if (yaml != null) {
            try {
                recipe = Recipes.parse(folder.resolve(Checkpoints.RECIPE).toString(), yaml);
            } catch (RuntimeException e) {          // a recipe of an older version: the card shows it as text only
                LOG.warn("{}: {}; the model card lists the recipe without a data summary", folder, e.getMessage());
            }
        }
        MetricsRow lastEval = null;
        if (Files.isRegularFile(folder.resolve(Checkpoints.METRICS))) {
            for (MetricsRow r : MetricsCsv.read(folder.resolve(Checkpoints.METRICS))) {
                if (r.isEval()) {
                    lastEval = r;
                }
            }
        }
        String state = readIfPresent(folder.resolve(Checkpoints.STATE));
        TrainerState ts = state == null ? null : TrainerState.fromJson(folder.resolve(Checkpoints.STATE).toString(),
                state);
        return new Facts(g, yaml, recipe, lastEval, ts);
    }

    /** The card's Markdown text. */
    static String text(Facts f) throws IOException {
        Architecture arch = f.model().architecture();
        boolean classifier = arch.head() == Architecture.Head.CLASSIFIER;
        String name = f.recipe() != null ? f.recipe().name() : arch.hfClass();
        StringBuilder b = new StringBuilder("---\n").append(frontMatter(f, name, classifier)).append("---\n\n");
        b.append("# ").append(name).append("\n\n");
        b.append(String.format(Locale.ROOT, "A %s (%s, %,d parameters) trained with Tubelet (Java, Deeplearning4j "
                        + "SameDiff). This folder is a Hugging Face checkpoint: `config.json`%s and "
                        + "`model.safetensors`.%n%n", arch.hfClass(), arch.family(),
                f.model().layout().parameterCount(), classifier ? " (with `id2label`)" : ""));
        List<String> labels = f.model().config().meta().id2label().values().stream().toList();
        if (f.recipe() != null) {
            b.append("## Training data\n\n").append(dataSummary(f, labels)).append('\n');
        } else if (classifier) {
            b.append("## Classes\n\n").append(classList(labels)).append("\n\n");
        }
        if (f.lastEval() != null) {
            b.append("## Results\n\n").append(results(f)).append('\n');
        }
        if (f.recipeYaml() != null) {
            b.append("## Recipe\n\nThe resolved recipe (every default written out); train it again with "
                    + "`java -jar trainer.jar --recipe recipe.yaml`.\n\n```yaml\n").append(f.recipeYaml().strip())
                    .append("\n```\n\n");
        }
        b.append(usage(arch, classifier));
        return b.toString();
    }

    private static String frontMatter(Facts f, String name, boolean classifier) throws IOException {
        Architecture arch = f.model().architecture();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("library_name", inTransformers(arch) ? "transformers" : "tubelet");
        if (classifier) {
            m.put("pipeline_tag", "video-classification");
        }
        List<String> tags = new ArrayList<>();
        if (classifier) {
            tags.add("video-classification");
        }
        tags.addAll(List.of(arch.family().name().toLowerCase(Locale.ROOT), "tubelet"));
        if (f.recipe() != null && f.recipe().task() == Task.PRETRAINING) {
            tags.add("masked-video-modeling");
        }
        m.put("tags", tags);
        String dataset = f.recipe() == null ? null : datasetName(f.recipe(), f.model().config().meta().numLabels());
        if (dataset != null) {
            m.put("datasets", List.of(dataset));
        }
        if (f.lastEval() != null && classifier) {
            m.put("metrics", List.of("accuracy"));
            String views = views(f.recipe());
            List<Map<String, Object>> metrics = new ArrayList<>();
            metrics.add(metric("accuracy", f.lastEval().valTop1(), "Top-1 accuracy" + views));
            metrics.add(metric("top_5_accuracy", f.lastEval().valTop5(), "Top-5 accuracy" + views));
            metrics.add(metric("mean_class_accuracy", f.lastEval().valMeanClassAcc(),
                    "Mean class accuracy" + views));
            Map<String, Object> ds = new LinkedHashMap<>();
            ds.put("name", dataset == null ? "validation set" : dataset);
            ds.put("type", dataset == null ? "custom" : dataset);
            ds.put("split", "validation");
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("task", Map.of("type", "video-classification", "name", "Video Classification"));
            result.put("dataset", ds);
            result.put("metrics", metrics);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", name);
            entry.put("results", List.of(result));
            m.put("model-index", List.of(entry));
        }
        YAMLFactory yaml = YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();
        return new ObjectMapper(yaml).writeValueAsString(m);
    }

    private static Map<String, Object> metric(String type, double value, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("value", Math.round(value * 1e6) / 1e6);
        m.put("name", name);
        return m;
    }

    /** " (2 clips × 3 crops)", or "" without a recipe. */
    private static String views(Recipe r) {
        if (r == null) {
            return "";
        }
        DataSection.Views v = r.data().evalViews();
        return String.format(Locale.ROOT, " (%d clip%s x %d crop%s)", v.clips(), v.clips() == 1 ? "" : "s",
                v.crops(), v.crops() == 1 ? "" : "s");
    }

    /** A dataset id for the front matter: the known benchmarks by name, otherwise the data folder's name. */
    static String datasetName(Recipe r, int numLabels) {
        DataSection d = r.data();
        return switch (d.format()) {
            case SYNTHETIC -> "tubelet-synthetic-moving-shapes";
            case KINETICS -> "kinetics-" + numLabels;
            case UCF101 -> "ucf101";
            case SSV2 -> "something-something-v2";
            default -> d.root() == null ? null : Path.of(d.root()).getFileName().toString();
        };
    }

    private static String dataSummary(Facts f, List<String> labels) {
        Recipe r = f.recipe();
        DataSection d = r.data();
        StringBuilder b = new StringBuilder();
        if (d.format() == DataSection.Format.SYNTHETIC) {
            b.append(String.format(Locale.ROOT, "- Synthetic moving shapes generated in memory: %d training and %d "
                    + "validation videos%n", d.synthetic().trainVideos(), d.synthetic().valVideos()));
        } else {
            b.append("- Format `").append(d.format().key()).append("` under `").append(d.root()).append("`: training `")
                    .append(d.train()).append("`, validation `").append(d.val()).append("`\n");
        }
        if (r.task() == Task.CLASSIFICATION) {
            b.append("- ").append(labels.size()).append(" classes: ").append(classList(labels)).append('\n');
        }
        b.append(String.format(Locale.ROOT, "- Clips of %s frames every %d frames, batches of %d%n",
                d.sampler().frames() == 0 ? String.valueOf(f.model().config().numFrames()) : d.sampler().frames(),
                d.sampler().stride(), d.batchSize()));
        if (f.state() != null) {
            TrainerState s = f.state();
            b.append(String.format(Locale.ROOT, "- Trained for %d optimiser steps of %d batch%s; an epoch is %d "
                    + "batch%s, about %d training clips%n", s.step(), s.accumulate(), s.accumulate() == 1 ? "" : "es",
                    s.batchesPerEpoch(), s.batchesPerEpoch() == 1 ? "" : "es",
                    (long) s.batchesPerEpoch() * d.batchSize()));
        }
        if (r.model().initFrom() != null) {
            b.append("- Initialised from `").append(r.model().initFrom()).append("`\n");
        }
        return b.toString();
    }

    private static String results(Facts f) {
        MetricsRow e = f.lastEval();
        StringBuilder b = new StringBuilder("| metric | value |\n|---|---|\n");
        if (!Double.isNaN(e.valTop1())) {
            b.append(String.format(Locale.ROOT, "| top-1 accuracy | %.2f %% |%n| top-5 accuracy | %.2f %% |%n"
                    + "| mean class accuracy | %.2f %% |%n", 100 * e.valTop1(), 100 * e.valTop5(),
                    100 * e.valMeanClassAcc()));
        }
        if (!Double.isNaN(e.valLoss())) {
            b.append(String.format(Locale.ROOT, "| validation loss | %.4f |%n", e.valLoss()));
        }
        b.append('\n');
        String protocol = f.recipe() == null ? "" : String.format(Locale.ROOT, " with %d temporal clip%s × %d "
                        + "spatial crop%s per video (the softmax of the views averaged)",
                f.recipe().data().evalViews().clips(), f.recipe().data().evalViews().clips() == 1 ? "" : "s",
                f.recipe().data().evalViews().crops(), f.recipe().data().evalViews().crops() == 1 ? "" : "s");
        b.append("Evaluated on the validation set at step ").append(e.step()).append(protocol).append(".\n");
        return b.toString();
    }

    private static String classList(List<String> labels) {
        int shown = Math.min(labels.size(), 50);
        String list = String.join(", ", labels.subList(0, shown));
        return labels.size() > shown ? list + ", … (" + (labels.size() - shown) + " more in config.json)" : list;
    }

    private static String usage(Architecture arch, boolean classifier) {
        StringBuilder b = new StringBuilder("## How to use\n\n");
        if (inTransformers(arch)) {
            b.append("In Python with Hugging Face transformers (the folder loads as it is):\n\n```python\n")
                    .append("from transformers import AutoImageProcessor, ").append(arch.hfClass()).append('\n')
                    .append("model = ").append(arch.hfClass()).append(".from_pretrained(\"path/to/this/folder\")\n");
            if (classifier) {
                b.append("processor = AutoImageProcessor.from_pretrained(\"path/to/this/folder\")\n")
                        .append("inputs = processor(list(frames), return_tensors=\"pt\")   # frames: T arrays of "
                                + "H x W x 3 (uint8)\n")
                        .append("print(model.config.id2label[model(**inputs).logits.argmax(-1).item()])\n");
            }
            b.append("```\n\n");
        } else {
            b.append("`").append(arch.hfClass()).append("` is one of the ViViT paper's models that transformers "
                    + "does not implement; Tubelet loads it.\n\n");
        }
        b.append("With Tubelet, from the command line or from Java:\n\n```bash\n");
        if (classifier) {
            b.append("java -jar trainer.jar predict --model path/to/this/folder --video clip.mp4 --top-k 5\n");
        }
        b.append("java -jar trainer.jar forward --model path/to/this/folder --pixel-values pixel_values.npy --out out/\n")
                .append("```\n\n```java\n")
                .append("Engine.install();                                            // org.tubelet.engine\n");
        if (classifier) {
            b.append("Prediction.Result r = Prediction.run(Path.of(\"path/to/this/folder\"), Path.of(\"clip.mp4\"), 1);"
                    + "\nSystem.out.println(r.labels().get(r.top(1).get(0)));\n");
        } else {
            b.append("ModelGraph g = HfCheckpoint.load(Path.of(\"path/to/this/folder\"));     // org.tubelet.hf\n");
        }
        return b.append("```\n").toString();
    }

    /** Whether Hugging Face transformers has this class (the ViViT paper's models 2-4 are Tubelet's own). */
    static boolean inTransformers(Architecture arch) {
        return !arch.hfClass().startsWith("VivitFactorised");
    }

    private static String readIfPresent(Path f) throws IOException {
        return Files.isRegularFile(f) ? Files.readString(f) : null;
    }
}
