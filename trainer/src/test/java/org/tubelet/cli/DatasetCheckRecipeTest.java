package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.datasets.synthetic.MovingShapes;
import org.tubelet.datasets.synthetic.SyntheticConfig;

/** {@code dataset check --recipe}: a recipe's training and validation files, on a generated dataset with a bad file. */
class DatasetCheckRecipeTest {
    @TempDir
    static Path tmp;
    static Path recipe;
    static Path data;

    @BeforeAll
    static void writeDatasetAndRecipe() throws Exception {
        var ds = MovingShapes.generate(tmp.resolve("data"), SyntheticConfig.small(3).withCounts(2, 1));
        data = ds.root();
        Files.write(data.resolve("videos/corrupt.mp4"), "not a video at all".getBytes(StandardCharsets.UTF_8));
        List<String> train = Files.readAllLines(ds.trainList());
        Files.write(ds.trainList(), List.of(String.join("\n", train), "videos/corrupt.mp4 1"));
        recipe = tmp.resolve("check.yaml");
        Files.writeString(recipe, """
                model:
                  preset: vivit-tiny
                data:
                  format: list
                  root: %s
                  train: train.txt
                  val: val.txt
                  labels: labels.txt
                """.formatted(data.toAbsolutePath()));
    }

    @Test
    void reportsBothSplitsAndTheCorruptFile() {
        CliRun r = CliRun.of("dataset", "check", "--recipe", recipe.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("train: " + data.resolve("train.txt")), r.out());
        assertTrue(r.out().contains("val: " + data.resolve("val.txt")), r.out());
        assertTrue(r.out().contains("layout: list, 9 videos, 4 classes"), r.out());   // 4 classes x 2 + the corrupt one
        assertTrue(r.out().contains("layout: list, 4 videos, 4 classes"), r.out());
        assertTrue(r.out().contains("9 samples, 8 readable, 1 unreadable"), r.out());
        assertTrue(r.out().contains("4 samples, 4 readable, 0 unreadable"), r.out());
        assertTrue(r.out().contains("corrupt.mp4"), r.out());
        assertTrue(r.out().contains("move_090deg"), "class names come from data.labels: " + r.out());
    }

    @Test
    void strictFailsOnTheCorruptFile() {
        assertEquals(1, CliRun.of("dataset", "check", "--recipe", recipe.toString(), "--strict").code());
    }

    @Test
    void strictPassesOnACleanRecipe() {
        CliRun r = CliRun.of("dataset", "check", "--recipe", recipe.toString(), "--strict", "--set", "data.train=val.txt");
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void exactlyOneOfAnnotationsAndRecipe() {
        CliRun both = CliRun.of("dataset", "check", "--recipe", recipe.toString(), "--annotations",
                data.resolve("train.txt").toString());
        assertEquals(2, both.code());
        assertTrue(both.err().contains("give exactly one"), both.err());
        CliRun neither = CliRun.of("dataset", "check");
        assertEquals(2, neither.code());
        assertTrue(neither.err().contains("neither --annotations nor --recipe"), neither.err());
        assertEquals(2, CliRun.of("dataset", "check", "--recipe", recipe.toString(), "--root", data.toString()).code());
    }

    @Test
    void missingAnnotationFileIsAUsageError() {
        CliRun r = CliRun.of("dataset", "check", "--recipe", recipe.toString(), "--set", "data.val=nope.txt");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("data.val = nope.txt") && r.err().contains("Layout 'list'"), r.err());
    }

    @Test
    void syntheticDataHasNoFiles() {
        CliRun r = CliRun.of("dataset", "check", "--recipe", recipe.toString(), "--set", "data.format=synthetic",
                "--set", "data.root=null", "--set", "data.labels=null", "--strict");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("no files to check"), r.out());
    }

    @Test
    void generatedDatasetNotWrittenYet() {
        Path missing = tmp.resolve("not-generated");
        CliRun r = CliRun.of("dataset", "check", "--recipe", recipe.toString(), "--set", "data.generate=true",
                "--set", "data.root=" + missing, "--strict");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("the first training run"), r.out());
        assertTrue(!Files.exists(missing), "check writes nothing");
    }
}
