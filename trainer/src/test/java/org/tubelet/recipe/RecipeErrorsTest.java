package org.tubelet.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.cli.Main;

/**
 * Every way a recipe can be wrong gives exit code 2 and a message with {@code file:line}, the key and what was
 * expected.
 */
class RecipeErrorsTest {
    static final String VALID = """
            task: classification
            model:
              preset: vivit-tiny
            data:
              format: synthetic
              batch_size: 4
            optim:
              lr: 1.0e-3
            train:
              max_steps: 10
            """;

    private static RecipeException fails(String yaml, String... sets) {
        return assertThrows(RecipeException.class, () -> load(yaml, sets));
    }

    private static Recipe load(String yaml, String... sets) throws Exception {
        Path dir = Files.createTempDirectory("recipe");
        Path f = dir.resolve("r.yaml");
        Files.writeString(f, yaml);
        return Recipes.load(f.toString(), List.of(sets));
    }

    private static void assertMessage(RecipeException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
    }

    @Test
    void validRecipeBindsWithDefaults() throws Exception {
        Recipe r = load(VALID);
        assertEquals("r", r.name());
        assertEquals(Task.CLASSIFICATION, r.task());
        assertEquals(1e-3, r.optim().lr());
        assertEquals(OptimSection.Name.ADAMW, r.optim().name());
        assertEquals(List.of(0.9, 0.999), r.optim().betas());
        assertEquals(10, r.train().maxSteps());
        assertEquals("runs/r", r.checkpoint().dir());
        assertEquals(CheckpointSection.Resume.AUTO, r.checkpoint().resume());
        assertEquals(64, ((org.tubelet.models.vivit.VivitConfig) r.model().presetConfig()).hiddenSize());
    }

    @Test
    void unknownKeyNamesFileLineKeyAndTheValidKeys() {
        RecipeException e = fails(VALID.replace("  lr: 1.0e-3", "  lr: 1.0e-3\n  lrr: 2"));
        assertMessage(e, "r.yaml:9:", "optim.lrr: unknown key", "did you mean 'lr'", "expected one of name, lr,");
        assertMessage(fails(VALID + "trian:\n  seed: 1\n"), "r.yaml:11:", "trian: unknown key", "did you mean 'train'");
    }

    @Test
    void wrongTypeSaysWhatWasExpected() {
        assertMessage(fails(VALID.replace("lr: 1.0e-3", "lr: fast")), "r.yaml:8:", "optim.lr = \"fast\"",
                "expected a number");
        assertMessage(fails(VALID.replace("batch_size: 4", "batch_size: 2.5")), "r.yaml:6:", "data.batch_size",
                "expected an integer");
        assertMessage(fails(VALID.replace("max_steps: 10", "max_steps: [1, 2]")), "train.max_steps",
                "expected an integer");
        assertMessage(fails(VALID + "log:\n  plots: maybe\n"), "r.yaml:12:", "log.plots", "expected true or false");
        assertMessage(fails(VALID.replace("optim:\n  lr: 1.0e-3", "optim: adamw")), "r.yaml:7:", "optim",
                "expected a section of keys");
        assertMessage(fails(VALID + "schedule:\n  name: linear\n"), "schedule.name = \"linear\"",
                "expected one of cosine, constant");
    }

    @Test
    void missingRequiredKeys() {
        assertMessage(fails("task: classification\ndata:\n  format: synthetic\n"), "r.yaml:1:",
                "missing required key 'model'");
        assertMessage(fails(VALID.replace("  format: synthetic\n", "")), "data: missing required key 'format'",
                "synthetic, list, csv, kinetics");
        assertMessage(fails(VALID.replace("format: synthetic", "format: list")), "r.yaml:5:",
                "missing required key 'root'");
        assertMessage(fails(VALID.replace("  preset: vivit-tiny\n", "  architecture: VivitModel\n")),
                "model: set 'preset'");
    }

    @Test
    void impossibleValues() {
        assertMessage(fails(VALID.replace("lr: 1.0e-3", "lr: -1")), "r.yaml:8:", "optim.lr = -1", "must be positive");
        assertMessage(fails(VALID.replace("lr: 1.0e-3", "lr: 1.0e-3\n  betas: [0.9]")), "r.yaml:9:",
                "optim.betas", "expected two values");
        assertMessage(fails(VALID.replace("max_steps: 10", "max_steps: 10\n  label_smoothing: 1.5")),
                "train.label_smoothing", "must be in [0, 1)");
        assertMessage(fails(VALID + "checkpoint:\n  keep_best: accuracy\n"), "r.yaml:12:", "checkpoint.keep_best",
                "val_top1");
        assertMessage(fails(VALID + "checkpoint:\n  keep_last: 0\n"), "checkpoint.keep_last", "at least 1");
        assertMessage(fails(VALID.replace("batch_size: 4", "batch_size: 0")), "data.batch_size", "must be ≥ 1");
        assertMessage(fails(VALID + "name: my run\n"), "name", "plain name");
        assertMessage(fails(VALID.replace("format: synthetic", "format: synthetic\n  eval_views: {crops: 2}")),
                "data.eval_views.crops", "expected 1");
        assertMessage(fails(VALID.replace("format: synthetic", "format: synthetic\n  labels: labels.txt")),
                "data.labels = labels.txt", "not with format: synthetic");
    }

    @Test
    void pretrainingKeysHaveDefaultsThatChangeNothingAndAreChecked() throws Exception {
        Recipe r = load(VALID);
        assertEquals(org.tubelet.models.videomae.MaskingStrategy.TUBE, r.train().maskType());
        assertEquals(0, r.log().reconstructEvery());
        assertEquals(4, r.log().reconstructClips());
        assertEquals(List.of(), r.data().augmentation().multiScaleCrop().scales());
        assertEquals(org.tubelet.datasets.synthetic.MovingShapes.Renderer.SQUARE, r.data().synthetic().scene());
        assertEquals(org.tubelet.models.videomae.MaskingStrategy.RANDOM,
                load(VALID, "train.mask_type=random").train().maskType());
        assertMessage(fails(VALID, "train.mask_type=block"), "train.mask_type = \"block\"",
                "expected one of tube, random");
        assertMessage(fails(VALID, "log.reconstruct_every=-1"), "log.reconstruct_every", "must not be negative");
        assertMessage(fails(VALID, "data.synthetic.scene=shapes"), "synthetic.scene", "format: list, generate: true");
    }

    @Test
    void modelPresetsAndOverridesAreCheckedAgainstTheFamilysConfig() {
        assertMessage(fails(VALID.replace("preset: vivit-tiny", "preset: no-such-preset")), "r.yaml:3:",
                "model.preset", "no such preset");
        assertMessage(fails(VALID.replace("preset: vivit-tiny", "preset: vivit-tiny\n  overrides:\n    hiden_size: 8")),
                "r.yaml:5:", "hiden_size: not a field of vivit's config", "did you mean 'hidden_size'");
        assertMessage(fails(VALID.replace("preset: vivit-tiny", "preset: vivit-tiny\n  overrides:\n    hidden_size: 30")),
                "r.yaml:5:", "hidden_size = 30", "divisible by num_attention_heads");
        assertMessage(fails(VALID.replace("preset: vivit-tiny", "preset: vivit-tiny\n  architecture: Nope")),
                "model.architecture", "unsupported model class 'Nope'");
    }

    @Test
    void yamlSyntaxAndDuplicateKeys() {
        assertMessage(fails(VALID + "optim:\n  lr: 2\n"), "r.yaml:11:", "optim: duplicate key (first at line 7)");
        assertMessage(fails(VALID + "train: [unclosed\n"), "r.yaml:", "not valid YAML");
        assertMessage(fails("- a\n- b\n"), "r.yaml:1:", "expected a mapping");
    }

    @Test
    void setOverridesAreValidatedLikeTheFile() throws Exception {
        Recipe r = load(VALID, "optim.lr=3e-4", "optim.betas=[0.9, 0.95]", "checkpoint.dir=/tmp/x",
                "data.synthetic.classes=8");
        assertEquals(3e-4, r.optim().lr());
        assertEquals(List.of(0.9, 0.95), r.optim().betas());
        assertEquals("/tmp/x", r.checkpoint().dir());
        assertEquals(8, r.data().synthetic().classes());
        assertMessage(fails(VALID, "optim.lrr=1"), "--set optim.lrr=1", "unknown key", "did you mean 'lr'");
        assertMessage(fails(VALID, "optim.lr=-2"), "--set optim.lr=-2", "must be positive");
        assertMessage(fails(VALID, "optim.lr"), "--set optim.lr", "expected key.path=value");
        assertMessage(fails(VALID, "optim.lr.x=1"), "optim.lr is 0.001", "not a section");
        assertEquals(1e-3, load(VALID, "optim.lr=null").optim().lr(), "null falls back to the default");
    }

    @Test
    void extendsMergesSectionsAndDoesNotInheritTheName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("base.yaml"), "name: base\n" + VALID + "log:\n  every_steps: 7\n");
        Files.writeString(dir.resolve("child.yaml"), "extends: base.yaml\noptim:\n  weight_decay: 0.1\n");
        Recipe r = Recipes.load(dir.resolve("child.yaml").toString(), List.of());
        assertEquals("child", r.name());
        assertEquals(1e-3, r.optim().lr(), "inherited key of a merged section");
        assertEquals(0.1, r.optim().weightDecay());
        assertEquals(7, r.log().everySteps());
        Files.writeString(dir.resolve("a.yaml"), "extends: b.yaml\n");
        Files.writeString(dir.resolve("b.yaml"), "extends: a.yaml\n");
        assertMessage(assertThrows(RecipeException.class, () -> Recipes.load(dir.resolve("a.yaml").toString(),
                List.of())), "extends: cycle");
        Files.writeString(dir.resolve("c.yaml"), "extends: missing.yaml\n");
        assertMessage(assertThrows(RecipeException.class, () -> Recipes.load(dir.resolve("c.yaml").toString(),
                List.of())), "c.yaml:1:", "extends = missing.yaml: recipe not found");
        // errors in an inherited value point into the parent file
        Files.writeString(dir.resolve("bad.yaml"), VALID.replace("lr: 1.0e-3", "lr: -5"));
        Files.writeString(dir.resolve("d.yaml"), "extends: bad.yaml\n");
        assertMessage(assertThrows(RecipeException.class, () -> Recipes.load(dir.resolve("d.yaml").toString(),
                List.of())), "bad.yaml:8:", "optim.lr = -5");
    }

    @Test
    void resolvedRecipeReadsBackToTheSameRecord() throws Exception {
        Recipe r = load(VALID, "optim.name=sgd", "train.seed=7");
        Recipe back = Recipes.parse("resolved.yaml", r.toYaml());
        assertEquals(r.optim(), back.optim());
        assertEquals(r.train(), back.train());
        assertEquals(r.data(), back.data());
        assertEquals(r.checkpoint(), back.checkpoint());
        assertEquals(r.toYaml().lines().skip(1).toList(), back.toYaml().lines().skip(1).toList());
    }

    @Test
    void stepScheduleTakesMilestoneEpochsAndGamma() throws Exception {
        Recipe r = load(VALID, "schedule.name=steps", "schedule.milestones=[11, 14]");
        assertEquals(ScheduleSection.Name.STEPS, r.schedule().name());
        assertEquals(List.of(11.0, 14.0), r.schedule().milestones());
        assertEquals(0.1, r.schedule().gamma(), "gamma defaults to 0.1, TimeSformer's relative lrs [1, 0.1, 0.01]");
        assertEquals(r.schedule(), Recipes.parse("resolved.yaml", r.toYaml()).schedule());
        assertTrue(!load(VALID).toYaml().contains("milestones"), "cosine recipes write no step keys");

        assertMessage(fails(VALID, "schedule.name=steps"), "schedule.milestones", "must be given for name: steps");
        assertMessage(fails(VALID, "schedule.milestones=[3]"), "schedule.milestones", "only read by name: steps");
        assertMessage(fails(VALID, "schedule.name=steps", "schedule.milestones=[4, 2]"), "schedule.milestones",
                "strictly increasing");
        assertMessage(fails(VALID, "schedule.name=steps", "schedule.milestones=[2]", "schedule.gamma=2"),
                "schedule.gamma", "(0, 1]");
    }

    @Test
    void layerDecayAndTheWeightAverageAreRecipeKeysWithDefaultsThatChangeNothing() throws Exception {
        Recipe plain = load(VALID);
        assertEquals(1.0, plain.optim().layerDecay(), "1 = every tensor at the scheduled rate");
        assertEquals(null, plain.train().ema(), "no ema section: no average");
        assertTrue(!plain.toYaml().contains("ema:"), plain.toYaml());

        Recipe r = load(VALID, "optim.layer_decay=0.75", "train.ema.decay=0.999", "train.ema.every_steps=4");
        assertEquals(0.75, r.optim().layerDecay());
        assertEquals(new org.tubelet.train.optim.WeightEma.Settings(0.999, 4, true), r.train().ema());
        Recipe back = Recipes.parse("resolved.yaml", r.toYaml());
        assertEquals(r.optim(), back.optim());
        assertEquals(r.train(), back.train());
        assertEquals(new org.tubelet.train.optim.WeightEma.Settings(0.9999, 1, true),
                load(VALID.replace("max_steps: 10", "max_steps: 10\n  ema: {}")).train().ema(), "the defaults");
        assertEquals(null, load(VALID, "train.ema.decay=0.99", "train.ema=null").train().ema(), "null turns it off");

        assertMessage(fails(VALID, "optim.layer_decay=0"), "optim.layer_decay = 0", "must be in (0, 1]");
        assertMessage(fails(VALID, "optim.layer_decay=1.5"), "optim.layer_decay", "must be in (0, 1]");
        assertMessage(fails(VALID, "train.ema.decay=1"), "train.ema.decay", "must be in [0, 1)");
        assertMessage(fails(VALID, "train.ema.every_steps=0"), "train.ema.every_steps", "at least 1");
        assertMessage(fails(VALID, "train.ema.every_step=2"), "train.ema.every_step: unknown key", "did you mean 'every_steps'");
        assertMessage(fails(VALID.replace("max_steps: 10", "max_steps: 10\n  ema: 0.99")), "r.yaml:11:",
                "train.ema", "expected a section of keys");
    }

    @Test
    void cliExitsWithTwoAndPrintsTheLocation(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, VALID.replace("lr: 1.0e-3", "lr: 0"));
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("train", "--recipe", f.toString());
        } finally {
            System.setErr(old);
        }
        assertEquals(2, code);
        String msg = err.toString(StandardCharsets.UTF_8);
        assertTrue(msg.contains("bad.yaml:8: optim.lr = 0.0: must be positive"), msg);
        assertTrue(!msg.contains("\tat "), "no stack trace without --verbose: " + msg);
        assertEquals(2, Main.run("--recipe", f.toString()), "the top-level --recipe behaves like train");
        assertEquals(2, Main.run("train", "--recipe", dir.resolve("nope.yaml").toString()));
    }
}
