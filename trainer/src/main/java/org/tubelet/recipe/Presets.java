package org.tubelet.recipe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tubelet.hf.HfConfigs;
import org.tubelet.models.ConfigException;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.ModelFamily;
import org.tubelet.recipe.YamlNode.Mapping;

/**
 * Model presets: YAML files in {@code configs/} holding an HF {@code config.json}'s fields ({@code model_type},
 * {@code hidden_size}, ...). A preset and any {@code model.overrides} become the family's typed config record through
 * the same codec that reads {@code config.json}, so a preset validates exactly as an HF folder would. Keys the family
 * does not know are errors (HF would keep them silently).
 */
public final class Presets {
    /** Folder name of presets, next to {@code recipes/} and inside the jar. */
    public static final String FOLDER = "configs";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generic {@code PretrainedConfig} keys every family accepts. */
    private static final Set<String> GENERIC = Set.of("model_type", "architectures", "id2label", "label2id",
            "num_labels", "problem_type", "torch_dtype", "transformers_version");

    private Presets() {
    }

    /**
     * Finds a preset: a path to a file, or a name looked up in the recipe's {@code ../configs/}, in
     * {@code ./configs/}, then inside the jar.
     */
    public static Optional<Source> find(String ref, Path recipeDir) throws IOException {
        String file = ref.endsWith(".yaml") || ref.endsWith(".yml") ? ref : ref + ".yaml";
        String jarPrefix = "jar:/" + FOLDER + "/";
        if (file.startsWith(jarPrefix)) {
            file = file.substring(jarPrefix.length());
        }
        Path direct = Path.of(ref);
        if (Files.isRegularFile(direct)) {
            return Optional.of(new Source(direct.toString(), Files.readString(direct)));
        }
        if (recipeDir != null) {
            Path sibling = recipeDir.resolve("..").resolve(FOLDER).resolve(file).normalize();
            if (Files.isRegularFile(sibling)) {
                return Optional.of(new Source(sibling.toString(), Files.readString(sibling)));
            }
        }
        Path local = Path.of(FOLDER, file);
        if (Files.isRegularFile(local)) {
            return Optional.of(new Source(local.toString(), Files.readString(local)));
        }
        try (InputStream in = Presets.class.getResourceAsStream("/" + FOLDER + "/" + file)) {
            if (in != null) {
                return Optional.of(new Source("jar:/" + FOLDER + "/" + file,
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return Optional.empty();
    }

    /** A preset's text and where it was found. */
    public record Source(String name, String text) {
    }

    /** Parses a preset file into its family's config. */
    public static ModelConfig parse(Source source) {
        return parse(YamlTrees.parseDocument(source.name(), source.text()), new Mapping(Map.of(),
                new Origin(source.name(), 0)));
    }

    /**
     * The preset's fields with the overrides on top, as the family's validated config record. Errors point at the
     * line of the offending key (in the preset or in the recipe's overrides).
     */
    public static ModelConfig parse(Mapping preset, Mapping overrides) {
        Mapping merged = YamlTrees.merge(preset, overrides);
        YamlNode type = merged.get("model_type");
        if (!(type instanceof YamlNode.Scalar s) || !(s.value() instanceof String modelType)) {
            throw new RecipeException(merged.origin(), "model_type: missing or not a string; expected one of "
                    + Arrays.stream(ModelFamily.values()).map(ModelFamily::modelType).toList());
        }
        try {
            ModelFamily.fromModelType(modelType);
        } catch (IllegalArgumentException e) {
            throw new RecipeException(type.origin(), e.getMessage());
        }
        ModelConfig config = toConfig(merged);
        rejectUnknown(config, merged, "");
        return config;
    }

    /**
     * Keys the family's codec did not read end up in {@code passthrough}: in a preset or an override they are typos
     * (HF would keep them silently).
     */
    private static void rejectUnknown(ModelConfig config, Mapping keys, String prefix) {
        for (Map.Entry<String, YamlNode.Entry> e : keys.entries().entrySet()) {
            if (config.meta().passthrough().containsKey(e.getKey())) {
                String hint = Section.closest(e.getKey(), knownKeys(config.family()))
                        .map(k -> " (did you mean '" + k + "'?)").orElse("");
                throw new RecipeException(e.getValue().keyOrigin(), prefix + e.getKey() + ": not a field of "
                        + config.family().modelType() + "'s config" + hint);
            }
        }
    }

    /** Applies recipe overrides to a config loaded from a folder. */
    public static ModelConfig override(ModelConfig base, Mapping overrides) {
        if (overrides.entries().isEmpty()) {
            return base;
        }
        Mapping baseTree = YamlTrees.parseDocument("config.json", HfConfigs.toJson(base));
        ModelConfig config = toConfig(YamlTrees.merge(baseTree, overrides));
        rejectUnknown(config, overrides, "model.overrides.");
        return config;
    }

    private static ModelConfig toConfig(Mapping merged) {
        String json;
        try {
            json = JSON.writeValueAsString(YamlTrees.toPlain(merged));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try {
            return HfConfigs.parse("preset", json);
        } catch (ConfigException e) {
            // Point at the line of the field the error names ("preset: " is the codec's source name).
            String msg = e.getMessage().replaceFirst("^preset: ", "");
            Origin at = e.field().map(merged.entries()::get).map(entry -> entry.value().origin())
                    .orElse(merged.origin());
            throw new RecipeException(at, msg);
        }
    }

    /** Keys the family's codec writes for its defaults, plus the generic ones (for "did you mean" hints). */
    public static Set<String> knownKeys(ModelFamily family) {
        Set<String> keys = new LinkedHashSet<>(GENERIC);
        try {
            Map<?, ?> defaults = JSON.readValue(HfConfigs.toJson(HfConfigs.parse("defaults",
                    "{\"model_type\": \"" + family.modelType() + "\"}")), LinkedHashMap.class);
            defaults.keySet().forEach(k -> keys.add((String) k));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return keys;
    }
}
