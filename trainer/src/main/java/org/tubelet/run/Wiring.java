package org.tubelet.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.datasets.processing.ProcessorType;
import org.tubelet.datasets.processing.ShortestEdge;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.hf.HfConfigs;
import org.tubelet.hf.HfJson;
import org.tubelet.hf.ImageVitInit;
import org.tubelet.hf.WeightTransfer;
import org.tubelet.models.Architecture;
import org.tubelet.models.InputSize;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.ModelFamily;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.videomae.TubeMaskGenerator;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.models.zoo.Models;
import org.tubelet.recipe.DataSection;
import org.tubelet.recipe.OptimSection;
import org.tubelet.recipe.Presets;
import org.tubelet.recipe.Recipe;
import org.tubelet.recipe.RecipeException;
import org.tubelet.recipe.Section;
import org.tubelet.recipe.Task;
import org.tubelet.train.checkpoint.Checkpoints;
import org.tubelet.train.optim.AdamW;
import org.tubelet.train.optim.Optimizer;
import org.tubelet.train.optim.Sgd;

/** From a bound recipe to the objects of a run: model config, graph, processor, optimiser, masks. */
final class Wiring {
    private static final Logger LOG = LogManager.getLogger(Wiring.class);
    /** The run-folder file listing which tensor of the model came from which tensor of {@code init_from}. */
    static final String INIT_REPORT = "init_from.txt";

    private Wiring() {
    }

    /** The model's config before the dataset's labels are set: the preset, or the {@code init_from} folder's. */
    static ModelConfig baseConfig(Recipe r) throws IOException {
        if (r.model().presetConfig() != null) {
            return r.model().presetConfig();
        }
        Path folder = initFolder(r);
        ModelConfig c = readConfig(folder);
        return Presets.override(c, r.model().overrides());
    }

    /** The folder {@code model.init_from} names (for a run or checkpoints folder: its best or newest checkpoint). */
    static Path initFolder(Recipe r) throws IOException {
        Path ref = Path.of(r.model().initFrom());
        if (!Files.exists(ref)) {
            throw new RecipeException(r.model().overrides().origin(), "model.init_from = " + ref + ": not found "
                    + "(expected an HF folder with config.json and model.safetensors, e.g. one downloaded with "
                    + "huggingface-cli download google/vivit-b-16x2-kinetics400 --local-dir " + ref
                    + ", or one of our run/checkpoint folders)");
        }
        return Checkpoints.modelFolder(ref);
    }

    private static ModelConfig readConfig(Path folder) throws IOException {
        Path config = folder.resolve(HfCheckpoint.CONFIG);
        if (isImageVit(config)) {
            throw new IllegalArgumentException(config + ": an image ViT; to start a video model from it use a "
                    + "ViViT, TimeSformer or VideoMAE preset with model.init_from pointing at this folder");
        }
        return HfConfigs.read(config);
    }

    /** Whether a config.json is an HF image ViT ({@code model_type: vit}). */
    static boolean isImageVit(Path configJson) throws IOException {
        return Files.isRegularFile(configJson) && HfJson.read(configJson).has("model_type")
                && "vit".equals(HfJson.read(configJson).string("model_type", ""));
    }

    /**
     * The HF class to build: the recipe's, else the class the config names when it fits the config and the task,
     * else the family's class for the task (for ViViT the class of its {@code vivit_variant}, so that overriding the
     * variant of a preset picks the variant's class).
     */
    static Architecture architecture(Recipe r, ModelConfig c) {
        if (r.model().architecture() != null) {
            return r.model().architecture();
        }
        Architecture.Head head = r.task() == Task.PRETRAINING ? Architecture.Head.PRETRAINING
                : Architecture.Head.CLASSIFIER;
        for (String name : c.meta().architectures()) {
            try {
                Architecture a = Architecture.fromHfClass(name);
                if (a.head() == head && Models.fits(c, a)) {
                    return a;
                }
            } catch (IllegalArgumentException ignored) {
                // not one of ours; fall through to the family default
            }
        }
        return Models.architecture(c, head).orElseThrow(() -> new RecipeException(r.model().overrides().origin(),
                "task " + r.task().key() + ": the " + c.family().modelType() + " family has no "
                        + head.name().toLowerCase() + " model"));
    }

    /** The config with the dataset's class names as {@code id2label}. */
    static ModelConfig withLabels(ModelConfig c, List<String> classNames) {
        if (classNames.isEmpty()) {
            return c;
        }
        SortedMap<Integer, String> labels = new TreeMap<>();
        for (int i = 0; i < classNames.size(); i++) {
            labels.put(i, classNames.get(i));
        }
        return c.withMeta(c.meta().withLabels(labels));
    }

    /** VideoMAE pretraining masks from the recipe's ratio and type. */
    static TubeMaskGenerator masks(Recipe r, ModelConfig c) {
        if (c.family() != ModelFamily.VIDEOMAE) {
            throw new RecipeException(r.model().overrides().origin(), "task pretraining needs a videomae model, got "
                    + c.family().modelType());
        }
        return TubeMaskGenerator.forConfig((VideoMaeConfig) c, r.train().maskRatio(), r.train().maskType());
    }

    /**
     * Builds the graph, initialises it from the seed, then (with {@code init_from}) copies every matching tensor of
     * the folder: a classifier for other classes and heads the source lacks stay freshly initialised, a pretraining
     * decoder is left out. Which tensor came from where goes to {@code <run>/init_from.txt}.
     */
    static ModelGraph model(Recipe r, ModelConfig c, Architecture arch, int maskedTokens) throws IOException {
        ModelGraph g = Models.build(c, arch, InputSize.of(c), maskedTokens);
        Models.initialise(g, r.train().seed());
        if (r.model().initFrom() != null) {
            Path folder = initFolder(r);
            if (isImageVit(folder.resolve(HfCheckpoint.CONFIG))) {
                ImageVitInit.apply(g, folder);
            } else {
                WeightTransfer.Report rep = WeightTransfer.fromFolder(g, folder);
                LOG.info("Initialised {} from {}: {}", arch.hfClass(), folder, rep.summary());
                Path runDir = Path.of(r.checkpoint().dir());
                Files.createDirectories(runDir);
                org.tubelet.io.AtomicFiles.writeString(runDir.resolve(INIT_REPORT), rep.table(folder.toString()));
            }
        }
        return g;
    }

    static Optimizer optimizer(OptimSection o) {
        return switch (o.name()) {
            case ADAMW -> new AdamW(o.betas().get(0), o.betas().get(1), o.eps(), o.weightDecay());
            case SGD -> new Sgd(o.momentum(), o.nesterov(), o.weightDecay());
        };
    }

    /** {@code sampler.json}: how a clip is cut from a video (frames, the step between them, dense or uniform). */
    static String samplerJson(int frames, DataSection.Sampler s) {
        return "{\n  \"num_frames\": " + frames + ",\n  \"frame_stride\": " + s.stride() + ",\n  \"sampling\": \""
                + Section.Choice.keyOf(s.type()) + "\"\n}\n";
    }

    /**
     * The HF processor that reproduces the training pipeline's pixels (resize the short side, centre crop, rescale to
     * [0, 1], normalise), written next to exported weights for {@code predict}.
     */
    static ProcessorConfig processor(DataSection.Processor p, ModelConfig c) throws IOException {
        if (p.from() != null) {
            return ProcessorConfig.load(Path.of(p.from()));
        }
        int crop = p.cropSize() > 0 ? p.cropSize() : c.imageSize();
        int edge = p.shortestEdge() > 0 ? p.shortestEdge() : crop;
        return ProcessorConfig.builder(ProcessorType.VIDEOMAE).size(new ShortestEdge(edge))
                .cropSize(new FrameSize(crop, crop)).normalize(true, p.imageMean(), p.imageStd()).build();
    }
}
