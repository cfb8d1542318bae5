package org.tubelet.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tubelet.datasets.OnError;
import org.tubelet.datasets.layout.DatasetIndex;
import org.tubelet.datasets.layout.LabelMap;
import org.tubelet.datasets.layout.LayoutOptions;
import org.tubelet.recipe.DataSection;
import org.tubelet.recipe.Task;

/**
 * The annotation files of a recipe's {@code data:} section, read the way training reads them: the one place that maps
 * a recipe's {@link DataSection.Format} (with its root and label file) to the datasets module's readers. Used by
 * training and evaluation ({@code VideoData}) and by {@code dataset check --recipe} ({@link DatasetChecks}).
 */
public final class RecipeAnnotations {
    /** What the help of every format with files says about {@code data.labels}. */
    private static final String LABELS_HELP = "data.labels (optional, any format): a file of class names, line i = "
            + "class i, fixing the class order; the validation file is read with the training classes.";
    private RecipeAnnotations() {
    }

    /** The two annotation files of a recipe. */
    public enum Split {
        TRAIN("train"), VAL("val");

        private final String key;

        Split(String key) {
            this.key = key;
        }

        /** The recipe key naming the file ({@code data.train} / {@code data.val}), also the report header. */
        public String key() {
            return key;
        }

        /** The annotation file (or class-folder root for {@code folders}) of this split, relative to the root. */
        public String fileName(DataSection d) {
            return this == TRAIN ? d.train() : d.val();
        }
    }

    /** Where a split's annotation file is: {@code data.root / data.train} or {@code data.root / data.val}. */
    public static Path file(DataSection d, Split split) {
        requireFiles(d);
        return Path.of(d.root()).resolve(split.fileName(d));
    }

    /**
     * Reads the training split with the recipe's layout and root. Its classes are those of {@code data.labels} when
     * the recipe names a file (line i = class i, for every format; an annotation whose class is not in it is an
     * unknown-label problem), else those the layout derives (a labels.txt beside a list or CSV, classInd.txt,
     * labels.json, or the sorted class names).
     *
     * @param d       the recipe's data section (not {@code synthetic})
     * @param options error handling and file checks
     * @return the samples, classes and skipped entries (the index may be empty)
     * @throws IOException if a file cannot be read
     */
    public static DatasetIndex readTrain(DataSection d, LayoutOptions options) throws IOException {
        return read(d, Split.TRAIN, labels(d), options);
    }

    /**
     * Reads the validation split with the training split's classes, so that class i means the same in both; a
     * validation annotation whose class is not one of them is an unknown-label problem. Read without labels
     * ({@link LayoutOptions#unlabelled()}), the training classes play no part.
     *
     * @param d            the recipe's data section (not {@code synthetic})
     * @param trainClasses the classes {@link #readTrain} gave
     * @param options      error handling and file checks
     * @return the samples, the training classes and skipped entries (the index may be empty)
     * @throws IOException if a file cannot be read
     */
    public static DatasetIndex readVal(DataSection d, LabelMap trainClasses, LayoutOptions options) throws IOException {
        return read(d, Split.VAL, options.unlabelled() ? Optional.empty() : Optional.of(trainClasses), options);
    }

    /**
     * How a recipe reads its annotation files: videos only for pretraining (labels are optional and ignored: a list
     * of bare paths, a folder of videos without class folders, or any labelled layout), with labels otherwise.
     */
    public static LayoutOptions options(Task task, OnError onError) {
        return new LayoutOptions(onError, true, task == Task.PRETRAINING);
    }

    private static DatasetIndex read(DataSection d, Split split, Optional<LabelMap> classes, LayoutOptions options)
            throws IOException {
        return d.format().layout().read(file(d, split), Optional.of(Path.of(d.root())), classes, options);
    }

    /** The classes of {@code data.labels}, when the recipe names a file. */
    private static Optional<LabelMap> labels(DataSection d) throws IOException {
        if (d.labels() == null) {
            return Optional.empty();
        }
        Path file = Path.of(d.root()).resolve(d.labels());
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("data.labels = " + d.labels() + ": " + file + " not found (expected "
                    + "one class name per line, line i = class i)");
        }
        return Optional.of(LabelMap.load(file));
    }

    private static void requireFiles(DataSection d) {
        if (d.format() == DataSection.Format.SYNTHETIC) {
            throw new IllegalStateException("synthetic data has no files");
        }
    }

    /** How the files of a layout must look, for error messages. */
    public static String layoutHelp(DataSection d) {
        return layoutFiles(d) + (d.format() == DataSection.Format.SYNTHETIC ? "" : " " + LABELS_HELP);
    }

    private static String layoutFiles(DataSection d) {
        return switch (d.format()) {
            case SYNTHETIC -> "";
            case LIST -> "Layout 'list': " + d.root() + "/" + d.train() + " and " + d.val()
                    + " with one 'relative/path.mp4 label' per line (label = class index; class names in data.labels "
                    + "or labels.txt beside the list).";
            case CSV -> "Layout 'csv': " + d.root() + "/" + d.train() + " and " + d.val()
                    + " with a header row naming the columns path and label (any case and order, more columns "
                    + "ignored) and one video per row; label = class name or class index; quote a path holding a "
                    + "comma (\"a,b.mp4\").";
            case KINETICS -> "Layout 'kinetics': " + d.root() + "/" + d.train() + " and " + d.val()
                    + " as in the Kinetics release (label,youtube_id,time_start,time_end,split), videos named "
                    + "{youtube_id}_{start:06d}_{end:06d}.mp4 under " + d.root() + "/<split>/<label>/ or "
                    + d.root() + "/<split>/.";
            case UCF101 -> "Layout 'ucf101': " + d.root() + "/" + d.train() + ", " + d.val()
                    + " and classInd.txt from the UCF101 split archive, videos under " + d.root() + "/<Class>/.";
            case SSV2 -> "Layout 'ssv2': " + d.root() + "/" + d.train() + ", " + d.val() + " and labels.json from "
                    + "Something-Something v2, videos as " + d.root() + "/<id>.webm.";
            case FOLDERS -> "Layout 'folders': " + d.root() + "/" + d.train() + "/<class name>/*.mp4 and "
                    + d.root() + "/" + d.val() + "/<class name>/*.mp4.";
        };
    }
}
