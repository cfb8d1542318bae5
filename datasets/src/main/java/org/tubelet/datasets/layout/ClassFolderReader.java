package org.tubelet.datasets.layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reads a dataset stored as one folder per class ({@code root/<class>/<video>}), as torchvision's
 * {@code ImageFolder} does for images. Classes are the given {@link LabelMap} (a class folder not in it is
 * reported as {@link IssueKind#UNKNOWN_LABEL} and left out; a class without a folder has no samples) or the sorted
 * folder names; inside a class, entries are sorted by name. An entry is a sample when it is a file with one of the
 * video extensions, or (if enabled) a folder of frames; anything else is ignored (logged at debug level). A class
 * folder without samples is reported.
 *
 * <p>Read {@linkplain LayoutOptions#unlabelled() without labels} (pretraining), the root is a folder of videos: every
 * video in it or below it is a sample, whether or not it sits in a class folder.
 */
public final class ClassFolderReader {

    private static final Logger LOG = LogManager.getLogger(ClassFolderReader.class);

    /** Video extensions recognised by default. */
    public static final Set<String> DEFAULT_EXTENSIONS = Set.of("mp4", "avi", "mkv", "webm", "mov", "ogv", "m4v",
            "mpg", "mpeg", "flv", "wmv");

    private final Set<String> extensions;
    private final boolean frameFolders;
    private final Optional<LabelMap> classes;
    private final LayoutOptions options;

    /**
     * @param extensions   video file extensions (lower case, no dot)
     * @param frameFolders whether sub-folders of a class folder are frame folders (samples)
     * @param classes      the classes in index order; empty: the sorted names of the class folders
     * @param options      error handling ({@code checkFiles} is moot: every entry exists)
     */
    public ClassFolderReader(Set<String> extensions, boolean frameFolders, Optional<LabelMap> classes,
                             LayoutOptions options) {
        this.extensions = Set.copyOf(extensions);
        this.frameFolders = frameFolders;
        this.classes = Objects.requireNonNull(classes, "classes");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Default extensions, no frame folders, classes from the folder names. */
    public static ClassFolderReader defaults(LayoutOptions options) {
        return new ClassFolderReader(DEFAULT_EXTENSIONS, false, Optional.empty(), options);
    }

    /**
     * Reads the class folders under {@code root}.
     *
     * @throws IOException         if a folder cannot be listed, or {@code root} has no class folder
     * @throws AnnotationException with {@code OnError.FAIL}, at the first empty class folder or folder that is
     *                             not a class
     */
    public DatasetIndex read(Path root) throws IOException {
        if (options.unlabelled()) {
            return readVideosOnly(root);
        }
        List<Path> classFolders = sortedEntries(root).stream().filter(Files::isDirectory)
                .filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        if (classFolders.isEmpty()) {
            throw new AnnotationException(new AnnotationIssue(root, 0, IssueKind.MALFORMED, "no class folders"));
        }
        LabelMap labels = classes.orElseGet(() -> LabelMap.of(classFolders.stream().map(ClassFolderReader::name)
                .toList()));
        IssueLog log = new IssueLog(options.onError());
        List<VideoSample> samples = new ArrayList<>();
        for (Path folder : classFolders) {
            OptionalInt known = labels.indexOf(name(folder));
            if (known.isEmpty()) {
                log.report(folder, 0, IssueKind.UNKNOWN_LABEL, "class folder '" + name(folder) + "' is not one of the "
                        + labels.size() + " classes of the label map");
                continue;
            }
            int label = known.getAsInt();
            int before = samples.size();
            for (Path entry : sortedEntries(folder)) {
                String name = entry.getFileName().toString();
                boolean sample = Files.isDirectory(entry) ? frameFolders && !name.startsWith(".")
                        : extensions.contains(extension(name));
                if (sample) {
                    samples.add(VideoSample.of(entry, label));
                } else {
                    LOG.debug("ignoring {}: not a video", entry);
                }
            }
            if (samples.size() == before) {
                log.report(folder, 0, IssueKind.MISSING_FILE, "class folder has no video ("
                        + String.join(", ", extensions.stream().sorted().toList()) + ")");
            }
        }
        return log.finish(root, samples, labels);
    }

    /**
     * Every video under {@code root}, in the root itself or in sub-folders at any depth (class folders or not),
     * sorted by path; hidden files and folders are skipped. All are class 0 of {@link DatasetIndex#UNLABELLED}.
     */
    private DatasetIndex readVideosOnly(Path root) throws IOException {
        IssueLog log = new IssueLog(options.onError());
        List<VideoSample> samples;
        try (Stream<Path> s = Files.walk(root)) {
            samples = s.filter(p -> !hidden(root, p)).filter(Files::isRegularFile)
                    .filter(p -> extensions.contains(extension(p.getFileName().toString()))).sorted()
                    .map(p -> VideoSample.of(p, 0)).toList();
        }
        if (samples.isEmpty()) {
            log.report(root, 0, IssueKind.MISSING_FILE, "no video ("
                    + String.join(", ", extensions.stream().sorted().toList()) + ") in the folder or below it");
        }
        return log.finish(root, samples, DatasetIndex.UNLABELLED);
    }

    private static boolean hidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String name(Path folder) {
        return folder.getFileName().toString();
    }

    private static List<Path> sortedEntries(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
