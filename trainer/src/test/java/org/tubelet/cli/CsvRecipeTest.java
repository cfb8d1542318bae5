package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.datasets.layout.DatasetIndex;
import org.tubelet.datasets.layout.LabelMap;
import org.tubelet.datasets.layout.LayoutOptions;
import org.tubelet.datasets.synthetic.MovingShapes;
import org.tubelet.datasets.synthetic.SyntheticConfig;
import org.tubelet.recipe.DataSection;
import org.tubelet.recipe.Recipes;
import org.tubelet.run.RecipeAnnotations;
import org.tubelet.train.checkpoint.Checkpoints;

/**
 * {@code format: csv} recipes (a header naming path and label, class names, a quoted path with a comma) and
 * {@code data.labels} on class folders, through {@code dataset check} and training, on generated mp4 videos.
 */
class CsvRecipeTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path recipe;
    static LabelMap classes;

    @BeforeAll
    static void writeCsvDataset() throws Exception {
        var ds = MovingShapes.generate(tmp.resolve("data"), SyntheticConfig.small(5).withCounts(2, 1));
        data = ds.root();
        classes = ds.labels();
        Files.copy(data.resolve("videos/train_00000.mp4"), data.resolve("videos/a, b.mp4"));
        List<String> train = new ArrayList<>(List.of("path,label,note"));
        for (String line : Files.readAllLines(ds.trainList())) {
            train.add(csvRow(line) + ",generated");
        }
        train.add("\"videos/a, b.mp4\"," + classes.name(0) + ",\"a copy, with a comma in its name\"");
        List<String> val = new ArrayList<>(List.of("Label,Path"));           // other order and case
        for (String line : Files.readAllLines(ds.valList())) {
            String[] f = csvRow(line).split(",");
            val.add(f[1] + "," + f[0]);
        }
        // the CSVs sit in csv/, away from labels.txt: the classes are the sorted names of the training file
        Files.createDirectories(data.resolve("csv"));
        Files.write(data.resolve("csv/train.csv"), train);
        Files.write(data.resolve("csv/val.csv"), val);
        Files.write(data.resolve("csv/val_unknown.csv"), List.of("path,label", val.get(1).split(",")[1] + ","
                + classes.name(1), "videos/val_00000.mp4,swim"));
        Files.write(data.resolve("csv/no_label.csv"), List.of("path,class", "videos/val_00000.mp4,1"));
        recipe = tmp.resolve("csv.yaml");
        Files.writeString(recipe, """
                model:
                  preset: vivit-tiny
                data:
                  format: csv
                  root: %s
                  train: csv/train.csv
                  val: csv/val.csv
                  batch_size: 4
                """.formatted(data.toAbsolutePath()));
    }

    /** {@code videos/train_00003.mp4 2} as {@code videos/train_00003.mp4,move_180deg}. */
    private static String csvRow(String listLine) {
        String[] f = listLine.split(" ");
        return f[0] + "," + classes.name(Integer.parseInt(f[1]));
    }

    @Test
    void strictCheckPassesOnAValidCsvRecipe() {
        CliRun r = CliRun.of("dataset", "check", "--recipe", recipe.toString(), "--strict");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("layout: csv, 9 videos, 4 classes"), r.out());   // 4 classes x 2 + the copy
        assertTrue(r.out().contains("layout: csv, 4 videos, 4 classes"), r.out());
        assertTrue(r.out().contains("9 samples, 9 readable, 0 unreadable"), r.out());
        assertTrue(!r.out().contains("annotation:"), r.out());
        assertTrue(r.out().contains("move_090deg"), "classes are the names of the CSV: " + r.out());
    }

    @Test
    void aValidationLabelOutsideTheTrainingClassesIsReportedWithItsLine() {
        CliRun r = CliRun.of("dataset", "check", "--recipe", recipe.toString(), "--strict", "--set",
                "data.val=csv/val_unknown.csv");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("annotation: " + data.resolve("csv/val_unknown.csv") + ":3: label 'swim' is not a "
                + "class name; the 4 classes are move_000deg, move_090deg, move_180deg, move_270deg"), r.out());
    }

    @Test
    void aMissingColumnStopsWithTheFileAndTheColumnsFound() {
        CliRun r = CliRun.of("dataset", "check", "--recipe", recipe.toString(), "--set", "data.train=csv/no_label.csv");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(data.resolve("csv/no_label.csv") + ":1: header [path, class] has no column "
                + "'label'"), r.err());
    }

    @Test
    void oneCsvFileIsCheckedWithItsInferredOrGivenLayout() {
        for (List<String> layout : List.of(List.<String>of(), List.of("--layout", "csv"))) {
            List<String> args = new ArrayList<>(List.of("dataset", "check", "--annotations",
                    data.resolve("csv/train.csv").toString(), "--root", data.toString(), "--strict"));
            args.addAll(layout);
            CliRun r = CliRun.of(args.toArray(new String[0]));
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("layout: csv, 9 videos, 4 classes"), r.out());
        }
        CliRun bad = CliRun.of("dataset", "check", "--annotations", data.resolve("csv/train.csv").toString(),
                "--layout", "tsv");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--layout tsv: expected one of list, csv, kinetics, ucf101, ssv2, folders"),
                bad.err());
    }

    @Test
    void dataLabelsFixTheClassOrderOfClassFolders() throws IOException {
        for (String split : List.of("train", "val")) {
            for (String line : Files.readAllLines(data.resolve(split + ".txt"))) {
                String[] f = line.split(" ");
                Path video = data.resolve(f[0]);
                Path folder = Files.createDirectories(data.resolve("folders/" + split + "/"
                        + classes.name(Integer.parseInt(f[1]))));
                Files.copy(video, folder.resolve(video.getFileName()));
            }
        }
        List<String> reversed = new ArrayList<>(classes.names());
        java.util.Collections.reverse(reversed);
        Files.write(data.resolve("classes.txt"), reversed);
        List<String> sets = List.of("data.format=folders", "data.train=folders/train", "data.val=folders/val",
                "data.labels=classes.txt");

        DataSection d = Recipes.load(recipe.toString(), sets).data();
        DatasetIndex train = RecipeAnnotations.readTrain(d, LayoutOptions.strict());
        assertEquals(reversed, train.labels().names());
        assertEquals(8, train.samples().size());
        for (var s : train.samples()) {
            assertEquals(s.path().getParent().getFileName().toString(), reversed.get(s.label()), s.toString());
        }
        assertEquals(reversed, RecipeAnnotations.readVal(d, train.labels(), LayoutOptions.strict()).labels().names());

        List<String> args = new ArrayList<>(List.of("dataset", "check", "--recipe", recipe.toString(), "--strict"));
        sets.forEach(s -> args.addAll(List.of("--set", s)));
        CliRun r = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().indexOf("move_270deg") < r.out().indexOf("move_000deg"), "classes in data.labels order: "
                + r.out());
    }

    @Test
    void trainingReadsTheCsvRecipe() throws Exception {
        Path run = tmp.resolve("run");
        CliRun r = CliRun.of("train", "--recipe", recipe.toString(), "--set", "train.max_steps=2", "--set",
                "schedule.warmup_steps=1", "--set", "log.progress=lines", "--set", "log.plots=false", "--set",
                "checkpoint.dir=" + run);
        assertEquals(0, r.code(), r.out() + r.err());
        String config = Files.readString(Checkpoints.modelFolder(run).resolve("config.json"));
        for (String name : classes.names()) {
            assertTrue(config.contains("\"" + name + "\""), "id2label has the CSV's class names: " + config);
        }
    }
}
