package org.tubelet.datasets.layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** The dataset layouts Tubelet reads, each with a reader of its own. */
public enum Layout {
    /** "path label" or "path total_frames label" list files ({@link ListFileReader}). */
    LIST,
    /** CSV files with a header naming the columns {@code path} and {@code label} ({@link CsvListReader}). */
    CSV,
    /** Kinetics-400/600/700 CSVs ({@link KineticsReader}). */
    KINETICS,
    /** UCF101 {@code classInd.txt} + {@code trainlist0N.txt}/{@code testlist0N.txt} ({@link Ucf101Reader}). */
    UCF101,
    /** Something-Something v2 {@code labels.json} + {@code train.json}/{@code validation.json} ({@link Ssv2Reader}). */
    SSV2,
    /** One folder per class ({@link ClassFolderReader}). */
    FOLDERS;

    private static final Pattern UCF_SPLIT = Pattern.compile("(train|test)list\\d*\\.txt");

    /**
     * The layout of an annotation path: a directory is {@link #FOLDERS}; {@code .json} is {@link #SSV2};
     * {@code trainlistNN.txt}, {@code testlistNN.txt} or a file next to a {@code classInd.txt} is {@link #UCF101}.
     * A {@code .csv} is told by its first row: a header with a {@code path} column is {@link #CSV}; one with
     * {@code label} or {@code youtube_id} (and no {@code path}) is {@link #KINETICS}; a header-less row of several
     * comma-separated fields is {@link #CSV} too (whose reader then asks for the header); a row of one field
     * ("path label" separated by spaces) is {@link #LIST}; a CSV that cannot be read is {@link #KINETICS}. Anything
     * else is {@link #LIST}.
     */
    public static Layout infer(Path annotation) {
        if (Files.isDirectory(annotation)) {
            return FOLDERS;
        }
        String name = annotation.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CsvColumns.peekHeader(annotation).map(Layout::ofCsvHeader).orElse(KINETICS);
        }
        if (name.endsWith(".json")) {
            return SSV2;
        }
        if (UCF_SPLIT.matcher(name).matches()
                || Files.isRegularFile(ListFileReader.parentOf(annotation).resolve(Ucf101Reader.CLASS_INDEX))) {
            return UCF101;
        }
        return LIST;
    }

    private static Layout ofCsvHeader(List<String> firstRow) {
        if (firstRow.contains("path")) {
            return CSV;
        }
        if (firstRow.contains("label") || firstRow.contains("youtube_id")) {
            return KINETICS;
        }
        return firstRow.size() > 1 ? CSV : LIST;
    }

    /**
     * Reads an annotation with this layout's reader and its default settings; the classes are those the layout
     * derives (see each reader).
     *
     * @see #read(Path, Optional, Optional, LayoutOptions)
     */
    public DatasetIndex read(Path annotation, Optional<Path> videoRoot, LayoutOptions options) throws IOException {
        return read(annotation, videoRoot, Optional.empty(), options);
    }

    /**
     * Reads an annotation with this layout's reader and its default settings.
     *
     * @param annotation the annotation file (the root folder for {@link #FOLDERS})
     * @param videoRoot  where the videos are; for {@link #LIST} and {@link #CSV} relative paths start there (empty:
     *                   the annotation's folder); ignored for {@link #FOLDERS}; required otherwise
     * @param classes    the classes in index order (a labels file, or the training split's classes when reading
     *                   the validation split); a label of the annotations that is not one of them is an
     *                   {@link IssueKind#UNKNOWN_LABEL} issue. Empty: the classes the layout derives (its class file,
     *                   or the sorted names)
     * @param options    error handling, file checks, and whether to read the videos only
     *                   ({@link LayoutOptions#unlabelled()}: {@code classes} is then ignored, every sample is class
     *                   0 of {@link DatasetIndex#UNLABELLED}, {@link #LIST} lines may be bare paths and a
     *                   {@link #FOLDERS} root may hold its videos without class folders)
     * @return the samples and classes
     * @throws IOException if reading fails (see each reader)
     */
    public DatasetIndex read(Path annotation, Optional<Path> videoRoot, Optional<LabelMap> classes,
                             LayoutOptions options) throws IOException {
        Objects.requireNonNull(annotation, "annotation");
        Objects.requireNonNull(classes, "classes");
        if (options.unlabelled()) {
            return readers(annotation, videoRoot, Optional.empty(), options).withoutLabels();
        }
        return readers(annotation, videoRoot, classes, options);
    }

    private DatasetIndex readers(Path annotation, Optional<Path> videoRoot, Optional<LabelMap> classes,
                                 LayoutOptions options) throws IOException {
        return switch (this) {
            case LIST -> new ListFileReader(videoRoot, ListFormat.AUTO, Delimiter.WHITESPACE, classes, options)
                    .read(annotation);
            case CSV -> new CsvListReader(videoRoot, classes, options).read(annotation);
            case KINETICS -> new KineticsReader(root(videoRoot), classes, KineticsReader.DEFAULT_EXTENSIONS, options)
                    .read(annotation);
            case UCF101 -> new Ucf101Reader(root(videoRoot), Optional.empty(), classes, options).read(annotation);
            case SSV2 -> new Ssv2Reader(root(videoRoot), Optional.empty(), classes, Ssv2Reader.DEFAULT_EXTENSIONS,
                    options).read(annotation);
            case FOLDERS -> new ClassFolderReader(ClassFolderReader.DEFAULT_EXTENSIONS, false, classes, options)
                    .read(annotation);
        };
    }

    /** The layout's name as the command line and recipes write it: {@code list}, {@code csv}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    private Path root(Optional<Path> videoRoot) {
        return videoRoot.orElseThrow(() -> new IllegalArgumentException("layout " + key() + " needs the video root"
                + " folder"));
    }
}
