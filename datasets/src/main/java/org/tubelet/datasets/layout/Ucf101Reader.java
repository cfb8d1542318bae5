package org.tubelet.datasets.layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * <p>Class {@code i} of the {@link LabelMap} is line {@code i + 1} of {@code classInd.txt}. When a line has both
 * a folder and a number they must agree.
 */
public final class Ucf101Reader {

    /** The class index file's name. */
    public static final String CLASS_INDEX = "classInd.txt";

    private final Path videoRoot;
    private final Optional<Path> classIndex;
    private final LayoutOptions options;

    /**
     * @param videoRoot  the {@code UCF-101} folder holding one folder per class
     * @param classIndex {@code classInd.txt}; empty: the one next to the split file
     * @param options    error handling and file checks
     */
    public Ucf101Reader(Path videoRoot, Optional<Path> classIndex, LayoutOptions options) {
        this.videoRoot = Objects.requireNonNull(videoRoot, "videoRoot");
        this.classIndex = Objects.requireNonNull(classIndex, "classIndex");
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
        LabelMap classes = readClassIndex(classIndex.orElse(ListFileReader.parentOf(splitFile).resolve(CLASS_INDEX)));
        IssueLog log = new IssueLog(options.onError());
        List<VideoSample> samples = new ArrayList<>();
        List<String> lines = Files.readAllLines(splitFile, StandardCharsets.UTF_8);
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
            OptionalInt byFolder = slash > 0 ? classes.indexOf(relative.substring(0, slash)) : OptionalInt.empty();
            OptionalInt label = byFolder;
            if (fields.length == 2) {
                if (!ListFileReader.isInteger(fields[1])) {
                    log.report(splitFile, lineNo, IssueKind.MALFORMED, "class number '" + fields[1] + "' is not a"
                            + " number in '" + text + "'");
                    continue;
                }
                int number = Integer.parseInt(fields[1]);
                if (number < 1 || number > classes.size()) {
                    log.report(splitFile, lineNo, IssueKind.UNKNOWN_LABEL, "class number " + number + " is not in"
                            + " 1.." + classes.size());
                    continue;
                }
                if (byFolder.isPresent() && byFolder.getAsInt() != number - 1) {
                    log.report(splitFile, lineNo, IssueKind.UNKNOWN_LABEL, "class number " + number + " ("
                            + classes.name(number - 1) + ") disagrees with the folder of " + relative);
                    continue;
                }
                label = OptionalInt.of(number - 1);
            }
            if (label.isEmpty()) {
                log.report(splitFile, lineNo, IssueKind.UNKNOWN_LABEL, "the folder of '" + relative + "' is not a"
                        + " class of " + CLASS_INDEX);
                continue;
            }
            Path video = videoRoot.resolve(relative);
            if (options.checkFiles() && !Files.isRegularFile(video)) {
                log.report(splitFile, lineNo, IssueKind.MISSING_FILE, "video " + video + " does not exist");
                continue;
            }
            samples.add(VideoSample.of(video, label.getAsInt()));
        }
        return log.finish(splitFile, samples, classes);
    }

    private static LabelMap readClassIndex(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new AnnotationException(new AnnotationIssue(file, 0, IssueKind.MISSING_FILE, "the UCF101 class index"
                    + " does not exist"));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
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
