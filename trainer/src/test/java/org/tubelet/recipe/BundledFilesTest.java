package org.tubelet.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tubelet.hf.HfConfigs;
import org.tubelet.models.Architecture;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.zoo.Models;

/**
 * Every file in {@code recipes/} and {@code configs/}, and make bench's recipes in {@code bench/}, parses and
 * validates; examples cannot drift from the code.
 */
class BundledFilesTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static List<Path> yamlFiles(String folder) throws Exception {
        try (Stream<Path> s = Files.list(ROOT.resolve(folder))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void everyPresetValidatesAgainstItsFamilysConfigAndHasAWeightLayout() throws Exception {
        List<Path> files = yamlFiles(Presets.FOLDER);
        assertFalse(files.isEmpty());
        for (String required : List.of("vivit-b-16x2-kinetics400", "timesformer-base-k400", "videomae-base",
                "videomae-small", "vivit-tiny", "bench-s")) {
            assertTrue(Files.exists(ROOT.resolve(Presets.FOLDER).resolve(required + ".yaml")), required);
        }
        for (Path f : files) {
            ModelConfig c = Presets.parse(new Presets.Source(f.toString(), Files.readString(f)));
            assertEquals(c, HfConfigs.parse("again", HfConfigs.toJson(c)), f + " survives a config.json round trip");
            for (String cls : c.meta().architectures()) {
                Architecture a = Architecture.fromHfClass(cls);
                assertTrue(Models.layout(c, a).parameterCount() > 0, f + " builds a weight layout for " + cls);
            }
        }
    }

    @Test
    void everyRecipeBindsAndItsResolvedFormReadsBack() throws Exception {
        List<Path> files = yamlFiles(Recipes.FOLDER);
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            Recipe r = Recipes.load(f.toString(), List.of());
            names.add(r.name());
            Recipe back = Recipes.parse(f.getFileName().toString(), r.toYaml());
            assertEquals(r.optim(), back.optim(), f.toString());
            assertEquals(r.data(), back.data(), f.toString());
            assertEquals(r.train(), back.train(), f.toString());
        }
        assertTrue(names.containsAll(List.of("quickstart", "vivit_k400", "timesformer_k400", "videomae_pretrain_k400",
                "videomae_finetune_k400", "custom_dataset")), names.toString());
    }

    @Test
    void makeBenchsRecipesBind() throws Exception {   // bench/run.sh's inference workloads run them
        List<Path> files = yamlFiles("bench");
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            Recipe r = Recipes.load(f.toString(), List.of());
            names.add(r.name());
            assertEquals(1, r.data().evalViews().clips(), f + ": one view per video, as the anchors classify");
        }
        assertEquals(List.of("inference-b", "inference"), names);
    }

    @Test
    void bundledRecipesAndPresetsAreOnTheClassPath() {
        List<String> bundled = Recipes.bundled();
        assertTrue(bundled.contains("quickstart.yaml"), "recipes are packaged as resources: " + bundled);
        assertTrue(Recipes.listResources(Presets.FOLDER).contains("vivit-tiny.yaml"));
    }
}
