package org.tubelet.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tubelet.datasets.OnError;
import org.tubelet.datasets.check.DatasetCheck;
import org.tubelet.datasets.check.DatasetReport;
import org.tubelet.datasets.layout.DatasetIndex;
import org.tubelet.datasets.layout.Layout;
import org.tubelet.datasets.layout.LayoutOptions;
import org.tubelet.datasets.video.ClipSource;
import org.tubelet.recipe.DataSection;
import org.tubelet.recipe.Recipe;
import org.tubelet.recipe.Task;

/**
 * {@code dataset check}: scans annotation files and their videos (headers, optionally every frame), either one file
 * or a recipe's training and validation files read exactly as training reads them.
 */
public final class DatasetChecks {
    private DatasetChecks() {
    }

    /**
     * The scan of one annotation file.
     *
     * @param title      what the file is ("train", "val", or the file itself)
     * @param file       the annotation file or class-folder root
     * @param layoutName the layout it was read with
     * @param index      samples, classes and annotation problems
     * @param report     counts per class, durations, sizes, codecs, unreadable files
     * @param needsVideo whether an empty index is a problem (a recipe's split: training needs videos)
     */
    public record Scan(String title, Path file, String layoutName, DatasetIndex index, DatasetReport report,
                       boolean needsVideo) {
        /** Whether a file, an annotation line or an empty split is bad. */
        public boolean bad() {
            return !report.ok() || !index.issues().isEmpty() || (needsVideo && index.samples().isEmpty());
        }
    }

    /**
     * A recipe's check: its splits' scans, or why there are no files to scan yet.
     *
     * @param scans   train then val; empty when {@code nothingToScan} says why
     * @param nothingToScan why there are no files (synthetic data, or a dataset the first run generates), or null
     * @param notes   what the scans leave out and why (a pretraining recipe without validation file)
     */
    public record RecipeCheck(List<Scan> scans, String nothingToScan, List<String> notes) {
        public boolean bad() {
            return scans.stream().anyMatch(Scan::bad);
        }
    }

    /**
     * One annotation file.
     *
     * @param layout  its layout, or empty to infer it from the path ({@link Layout#infer})
     * @param root    the folder its video paths are relative to, or null
     * @param workers threads
     * @param decode  whether to decode every frame (slow, finds corruption)
     * @param unlabelled read the videos only (a list of bare paths, a folder of videos; labels ignored)
     */
    public static Scan annotations(Path annotations, Optional<Layout> layout, Path root, int workers, boolean decode,
                                   boolean unlabelled) throws Exception {
        if (!Files.exists(annotations)) {
            throw new IllegalArgumentException("--annotations " + annotations + ": no such file or folder");
        }
        Layout l = layout.orElseGet(() -> Layout.infer(annotations));
        DatasetIndex index = l.read(annotations, Optional.ofNullable(root),
                LayoutOptions.defaults().withUnlabelled(unlabelled));
        return scan(annotations.toString(), annotations, l.key(), index, false, workers, decode);
    }

    /**
     * A recipe's training and validation files, with its format, root and label file, the validation file read with
     * the training classes.
     */
    public static RecipeCheck recipe(Recipe r, int workers, boolean decode) throws Exception {
        DataSection d = r.data();
        if (d.format() == DataSection.Format.SYNTHETIC) {
            return new RecipeCheck(List.of(), "data.format is synthetic: the clips are generated in memory while "
                    + "training, so there are no files to check", List.of());
        }
        if (VideoData.willGenerate(d)) {
            return new RecipeCheck(List.of(), RecipeAnnotations.file(d, RecipeAnnotations.Split.TRAIN) + " does not "
                    + "exist yet and data.generate is true: the first training run (train --recipe " + r.name()
                    + ") writes the synthetic dataset there; nothing to check until then", List.of());
        }
        boolean pretraining = r.task() == Task.PRETRAINING;
        List<String> notes = new ArrayList<>();
        for (RecipeAnnotations.Split split : RecipeAnnotations.Split.values()) {
            Path file = RecipeAnnotations.file(d, split);
            if (!Files.exists(file) && pretraining && split == RecipeAnnotations.Split.VAL) {
                notes.add("data.val = " + split.fileName(d) + ": " + file + " not found; pretraining runs without "
                        + "a validation loss and shows its reconstructions on training clips");
            } else if (!Files.exists(file)) {
                throw new IllegalArgumentException("data." + split.key() + " = " + split.fileName(d) + ": " + file
                        + " not found. " + RecipeAnnotations.layoutHelp(d));
            }
        }
        if (pretraining) {
            notes.add(0, "task pretraining: the videos are read without labels (labels, where the files give "
                    + "them, are ignored)");
        }
        LayoutOptions options = RecipeAnnotations.options(r.task(), OnError.SKIP);
        List<Scan> scans = new ArrayList<>();
        DatasetIndex train = RecipeAnnotations.readTrain(d, options);
        scans.add(scan("train", RecipeAnnotations.file(d, RecipeAnnotations.Split.TRAIN), d.format().key(), train,
                true, workers, decode));
        Path valFile = RecipeAnnotations.file(d, RecipeAnnotations.Split.VAL);
        if (Files.exists(valFile)) {
            DatasetIndex val = RecipeAnnotations.readVal(d, train.labels(), options);
            scans.add(scan("val", valFile, d.format().key(), val, !pretraining, workers, decode));
        }
        return new RecipeCheck(scans, null, notes);
    }

    private static Scan scan(String title, Path file, String layoutName, DatasetIndex index, boolean needsVideo,
                             int workers, boolean decode) {
        DatasetReport report = new DatasetCheck(ClipSource.standard(), workers, decode)
                .run(index.samples(), index.labels());
        return new Scan(title, file, layoutName, index, report, needsVideo);
    }
}
