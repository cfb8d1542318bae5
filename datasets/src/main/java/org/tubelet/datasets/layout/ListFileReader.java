package org.tubelet.datasets.layout;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads "path label" list files (VideoMAE, mmaction2 {@code VideoDataset}) and "path total_frames label" lists
 * of frame folders (mmaction2 {@code RawframeDataset}). Labels are class numbers.
 *
 * <p>Fields are split from the right, so paths may contain the delimiter. Relative paths are resolved against
 * the video root. Empty lines and lines starting with {@code #} are ignored. The classes are the given
 * {@link LabelMap} (labels outside it are {@link IssueKind#UNKNOWN_LABEL}), or, without one,
 * {@code labels.txt} next to the list file if it exists, else classes {@code "0" .. max label}.
 *
 * <p>Read {@linkplain LayoutOptions#unlabelled() without labels} (pretraining), a line may also be a bare path: a
 * line whose last field is not a number is one path, spaces included; labels that are there are ignored.
 */
public final class ListFileReader {

    /** Name of the class-name file looked for next to a list file. */
    public static final String LABELS_FILE = "labels.txt";

    private final Path videoRoot;
    private final ListFormat format;
    private final Delimiter delimiter;
    private final Optional<LabelMap> labels;
    private final LayoutOptions options;

    /**
     * @param videoRoot where relative paths start; empty: the list file's folder
     * @param format    the columns
     * @param delimiter the field separator
     * @param labels    the classes; empty: {@code labels.txt} beside the list, else numbered classes
     * @param options   error handling and file checks
     */
    public ListFileReader(Optional<Path> videoRoot, ListFormat format, Delimiter delimiter, Optional<LabelMap> labels,
                          LayoutOptions options) {
        this.videoRoot = Objects.requireNonNull(videoRoot, "videoRoot").orElse(null);
        this.format = Objects.requireNonNull(format, "format");
        this.delimiter = Objects.requireNonNull(delimiter, "delimiter");
        this.labels = Objects.requireNonNull(labels, "labels");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Paths relative to the list file, whitespace-separated, columns detected per line. */
    public static ListFileReader defaults(LayoutOptions options) {
        return new ListFileReader(Optional.empty(), ListFormat.AUTO, Delimiter.WHITESPACE, Optional.empty(), options);
    }

    /**
     * Reads a list file.
     *
     * @param listFile the file
     * @return its samples and classes
     * @throws IOException         if it cannot be read
     * @throws AnnotationException with {@code OnError.FAIL}, at the first bad line
     */
    public DatasetIndex read(Path listFile) throws IOException {
        Path root = videoRoot != null ? videoRoot : parentOf(listFile);
        Optional<LabelMap> known = labels.isPresent() ? labels : labelsBeside(listFile);
        IssueLog log = new IssueLog(options.onError());
        List<VideoSample> samples = new ArrayList<>();
        int maxLabel = -1;
        try (BufferedReader in = AnnotationText.reader(listFile)) {
            int lineNo = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                Optional<VideoSample> sample = parse(listFile, lineNo, text, root, known, log);
                if (sample.isPresent()) {
                    samples.add(sample.get());
                    maxLabel = Math.max(maxLabel, sample.get().label());
                }
            }
        } catch (CharacterCodingException e) {
            throw AnnotationText.notUtf8(listFile);
        }
        int classes = maxLabel + 1;
        return log.finish(listFile, samples, known.orElseGet(() -> LabelMap.numbered(classes)));
    }

    private Optional<VideoSample> parse(Path file, int lineNo, String text, Path root, Optional<LabelMap> known,
                                        IssueLog log) throws AnnotationException {
        if (options.unlabelled() && !endsWithLabel(text)) {
            return video(file, lineNo, root, text, false, OptionalInt.empty(), 0, log);
        }
        boolean frames = switch (format) {
            case VIDEO -> false;
            case FRAME_FOLDER -> true;
            case AUTO -> {
                String[] three = delimiter.splitLast(text, 2);
                yield three != null && isInteger(three[1]) && isInteger(three[2]);
            }
        };
        String[] fields = delimiter.splitLast(text, frames ? 2 : 1);
        if (fields == null) {
            log.report(file, lineNo, IssueKind.MALFORMED, "expected '" + (frames ? "path total_frames label" : "path label")
                    + "' separated by " + delimiter + ", got '" + text + "'");
            return Optional.empty();
        }
        String labelText = fields[fields.length - 1];
        if (!isInteger(labelText)) {
            log.report(file, lineNo, IssueKind.MALFORMED, "label '" + labelText + "' is not a class number in '"
                    + text + "'");
            return Optional.empty();
        }
        int label = Integer.parseInt(labelText);
        if (options.unlabelled()) {
            label = 0;                                            // read, then ignored
        } else if (label < 0 || (known.isPresent() && label >= known.get().size())) {
            log.report(file, lineNo, IssueKind.UNKNOWN_LABEL, "label " + label + " is not a class"
                    + (known.isPresent() ? " (there are " + known.get().size() + ")" : " (negative)"));
            return Optional.empty();
        } else if (known.isEmpty() && label >= LabelMap.MAX_NUMBERED_CLASSES) {
            log.report(file, lineNo, IssueKind.UNKNOWN_LABEL, beyondNumbered(labelText));
            return Optional.empty();
        }
        OptionalInt frameCount = OptionalInt.empty();
        if (frames) {
            int n = isInteger(fields[1]) ? Integer.parseInt(fields[1]) : -1;
            if (n <= 0) {
                log.report(file, lineNo, IssueKind.MALFORMED, "total_frames '" + fields[1] + "' is not a positive"
                        + " number in '" + text + "'");
                return Optional.empty();
            }
            frameCount = OptionalInt.of(n);
        }
        return video(file, lineNo, root, fields[0], frames, frameCount, label, log);
    }

    private Optional<VideoSample> video(Path file, int lineNo, Path root, String name, boolean frames,
                                        OptionalInt frameCount, int label, IssueLog log) throws AnnotationException {
        Optional<Path> resolved = log.resolve(file, lineNo, root, name);
        if (resolved.isEmpty()) {
            return Optional.empty();
        }
        Path path = resolved.get();
        if (options.checkFiles() && !(frames ? Files.isDirectory(path) : Files.isRegularFile(path))) {
            log.report(file, lineNo, IssueKind.MISSING_FILE, (frames ? "frame folder " : "video ") + path
                    + " does not exist");
            return Optional.empty();
        }
        return Optional.of(new VideoSample(path, label, frameCount));
    }

    /** Whether a line ends with a label field ("path label"); without one it is a bare path (unlabelled lists). */
    private boolean endsWithLabel(String text) {
        String[] fields = delimiter.splitLast(text, 1);
        return fields != null && isInteger(fields[1]);
    }

    /** The classes of {@code labels.txt} next to an annotation file, if there is one. */
    static Optional<LabelMap> labelsBeside(Path listFile) throws IOException {
        Path names = parentOf(listFile).resolve(LABELS_FILE);
        return Files.isRegularFile(names) ? Optional.of(LabelMap.load(names)) : Optional.empty();
    }

    static Path parentOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null ? parent : file.toAbsolutePath();
    }

    /** Why a class number beyond {@link LabelMap#MAX_NUMBERED_CLASSES} is refused where no labels file names the classes. */
    static String beyondNumbered(String label) {
        return "label " + label + " is beyond the " + LabelMap.MAX_NUMBERED_CLASSES + " classes numbered labels may"
                + " have (a typo?); with that many classes, name them in a " + LABELS_FILE + " file";
    }

    static boolean isInteger(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        int start = s.charAt(0) == '-' ? 1 : 0;
        if (start == s.length()) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
