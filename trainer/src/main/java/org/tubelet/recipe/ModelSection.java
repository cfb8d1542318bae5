package org.tubelet.recipe;

import java.util.Optional;
import org.tubelet.models.Architecture;
import org.tubelet.models.ModelConfig;
import org.tubelet.recipe.YamlNode.Mapping;

/**
 * {@code model:} what to train: {@code preset} (a file in {@code configs/}: the architecture, fresh weights) and/or
 * {@code init_from} (an HF folder, an image-ViT folder, or one of our checkpoint/run folders: weights, and the
 * architecture when there is no preset), plus {@code overrides} of HF config fields (e.g. {@code use_mean_pooling}).
 * With both, the preset gives the architecture and every matching tensor of {@code init_from} is loaded (an image ViT
 * is inflated into the ViViT as in the paper).
 *
 * @param preset where the preset was found (a path, or {@code jar:/configs/NAME.yaml}), or null
 * @param presetConfig the preset with the overrides applied (null without a preset)
 * @param initFrom folder to load, or null
 * @param architecture HF class to build, or null for the task's default class of the family
 * @param overrides HF config fields to change (applied to the preset, or to the loaded config)
 */
public record ModelSection(String preset, ModelConfig presetConfig, String initFrom, Architecture architecture,
                           Mapping overrides) {

    public Optional<Architecture> architectureOpt() {
        return Optional.ofNullable(architecture);
    }

    static ModelSection read(Section s, java.nio.file.Path recipeDir) {
        Optional<String> preset = s.string("preset");
        Optional<String> init = s.string("init_from");
        Optional<String> archName = s.string("architecture");
        Mapping overrides = s.mapping("overrides");
        s.finish();
        if (preset.isEmpty() && init.isEmpty()) {
            throw new RecipeException(s.origin(), s.path() + ": set 'preset' (a model preset from " + Presets.FOLDER
                    + "/, fresh weights) and/or 'init_from' (an HF folder or checkpoint to start from)");
        }
        Architecture arch = null;
        if (archName.isPresent()) {
            try {
                arch = Architecture.fromHfClass(archName.get());
            } catch (IllegalArgumentException e) {
                throw s.error("architecture", e.getMessage().replaceFirst("^architectures: ", ""));
            }
        }
        ModelConfig config = null;
        String presetFile = null;
        if (preset.isPresent()) {
            Presets.Source src;
            try {
                src = Presets.find(preset.get(), recipeDir).orElseThrow(() -> s.error("preset",
                        "no such preset; looked for a file of that name, " + Presets.FOLDER + "/" + preset.get()
                                + ".yaml next to the recipes, in ./" + Presets.FOLDER + "/ and inside the jar"));
            } catch (java.io.IOException e) {
                throw s.error("preset", "cannot read: " + e.getMessage());
            }
            presetFile = src.name();
            config = Presets.parse(YamlTrees.parseDocument(src.name(), src.text()), overrides);
            if (arch != null && arch.family() != config.family()) {
                throw s.error("architecture", "is a " + arch.family().modelType() + " class but the preset is "
                        + config.family().modelType());
            }
        }
        return new ModelSection(presetFile, config, init.orElse(null), arch, overrides);
    }
}
