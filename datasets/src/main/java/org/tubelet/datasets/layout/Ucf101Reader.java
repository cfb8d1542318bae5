package org.tubelet.datasets.layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads UCF101's split files: {@code classInd.txt} ({@code "1 ApplyEyeMakeup"}, 1-based) and
 * {@code trainlist0N.txt} ({@code "ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi 1"}) or {@code testlist0N.txt}
 * (the path only; the class is its folder).
 *
 * <p>{@code classInd.txt} names the classes: a line's class is its number, or its folder when it has no number; when
 * a line has both a folder and a number they must agree. Class {@code i} of the {@link LabelMap} is line
 * {@code i + 1} of {@code classInd.txt}, unless a label map is given: then that map fixes the class order, and an
 * entry whose class name is not in it is reported as {@link IssueKind#UNKNOWN_LABEL}.
 */
public final class Ucf101Reader {

    /** The class index file's name. */
    public static final String CLASS_INDEX = "classInd.txt";

    private final Path videoRoot;
    private final Optional<Path> classIndex;
    private final Optional<LabelMap> classes;
    private final LayoutOptions options;

    /**
     * @param videoRoot  the {@code UCF-101} folder holding one folder per class
     * @param classIndex {@code classInd.txt}; empty: the one next to the split file
     * @param classes    the class order; empty: that of {@code classInd.txt}
     * @param options    error handling and file checks
     */
    public Ucf101Reader(Path videoRoot, Optional<Path> classIndex, Optional<LabelMap> classes, LayoutOptions options) {
        this.videoRoot = Objects.requireNonNull(videoRoot, "videoRoot");
        this.classIndex = Objects.requireNonNull(classIndex, "classIndex");
        this.classes = Objects.requireNonNull(classes, "classes");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Reads a split file.
     *
     * @throws IOException         if a file cannot be read
     * @throws AnnotationException with {@code OnError.FAIL} at the first bad line; always when
     *                             {@code classInd.txt} has a bad line (the classes must be right)
     */
    public DatasetIndex read(Path splitFile) throws IOException {
        LabelMap classInd = readClassIndex(classIndex.orElse(ListFileReader.parentOf(splitFile)
                .resolve(CLASS_INDEX)));
        LabelMap labels = classes.orElse(classInd);
        IssueLog log = new IssueLog(options.onError());
        List<VideoSample> samples = new ArrayList<>();
        List<String> lines = AnnotationText.lines(splitFile);
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            int lineNo = i + 1;
            if (text.isEmpty()) {
                continue;
            }
            String[] fields = text.split("\\s+");
            if (fields.length > 2) {
                log.report(splitFile, lineNo, IssueKind.MALFORMED, "expected 'Class/v_Class_gNN_cNN.avi [class number]',"
                        + " got '" + text + "'");
                continue;
            }
            String relative = fields[0].replace('\\', '/');
            int slash = relative.indexOf('/');
            OptionalInt byFolder = slash > 0 ? classInd.indexOf(relative.substring(0, slash)) : OptionalInt.empty();
            OptionalInt inClassInd = byFolder;
            if (fields.length == 2) {
                if (!ListFileReader.isInteger(fields[1])) {
                    log.report(splitFile, lineNo, IssueKind.MALFORMED, "class number '" + fields[1] + "' is not a"
                            + " number in '" + text + "'");
                    continue;
                }
                int number = Integer.parseInt(fields[1]);
                if (number < 1 || number > classInd.size()) {
                    log.report(splitFile, lineNo, IssueKind.UNKNOWN_LABEL, "class number " + number + " is not in"
                            + " 1.." + classInd.size());
                    continue;
                }
                if (byFolder.isPresent() && byFolder.getAsInt() != number - 1) {
                    log.report(splitFile, lineNo, IssueKind.UNKNOWN_LABEL, "class number " + number + " ("
                            + classInd.name(number - 1) + ") disagrees with the folder of " + relative);
                    continue;
                }
                inClassInd = OptionalInt.of(number - 1);
            }
            if (inClassInd.isEmpty()) {
                log.report(splitFile, lineNo, IssueKind.UNKNOWN_LABEL, "the folder of '" + relative + "' is not a"
                        + " class of " + CLASS_INDEX);
                continue;
            }
            String name = classInd.name(inClassInd.getAsInt());
            OptionalInt label = labels.indexOf(name);
            if (label.isEmpty()) {
                log.report(splitFile, lineNo, IssueKind.UNKNOWN_LABEL, "class '" + name + "' is not one of the "
                        + labels.size() + " classes of the label map");
                continue;
            }
            java.util.Optional<Path> resolved = log.resolve(splitFile, lineNo, videoRoot, relative);
            if (resolved.isEmpty()) {
                continue;
            }
            Path video = resolved.get();
            if (options.checkFiles() && !Files.isRegularFile(video)) {
                log.report(splitFile, lineNo, IssueKind.MISSING_FILE, "video " + video + " does not exist");
                continue;
            }
            samples.add(VideoSample.of(video, label.getAsInt()));
        }
        return log.finish(splitFile, samples, labels);
    }

    private static LabelMap readClassIndex(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new AnnotationException(new AnnotationIssue(file, 0, IssueKind.MISSING_FILE, "the UCF101 class index"
                    + " does not exist"));
        }
        List<String> lines = AnnotationText.lines(file);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.isEmpty()) {
                continue;
            }
            String[] f = text.split("\\s+");
            if (f.length != 2 || !ListFileReader.isInteger(f[0]) || Integer.parseInt(f[0]) != names.size() + 1) {
                throw new AnnotationException(new AnnotationIssue(file, i + 1, IssueKind.MALFORMED, "expected '"
                        + (names.size() + 1) + " ClassName', got '" + text + "'"));
            }
            names.add(f[1]);
        }
        return LabelMap.of(names);
    }
}
