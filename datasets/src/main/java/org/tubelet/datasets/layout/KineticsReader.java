package org.tubelet.datasets.layout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the Kinetics-400/600/700 annotation CSVs ({@code label,youtube_id,time_start,time_end,split}, columns
 * found by name, quoted fields allowed).
 *
 * <p>Each row names the clip {@code {youtube_id}_{time_start:06d}_{time_end:06d}.{ext}}, looked for under the
 * video root in {@code <split>/}, {@code <label>/}, {@code <split>/<label>/} and the root itself (label folders
 * also with spaces replaced by underscores), with each of the extensions in turn. The classes are the given
 * {@link LabelMap} (pass the training set's map when reading the validation CSV) or the sorted label names of
 * this CSV, which is the standard Kinetics class order.
 */
public final class KineticsReader {

    /** The extensions tried, in order, by default: downloads are mp4, sometimes webm or mkv. */
    public static final List<String> DEFAULT_EXTENSIONS = List.of("mp4", "webm", "mkv");
    private static final List<String> REQUIRED = List.of("label", "youtube_id", "time_start", "time_end");

    private final Path videoRoot;
    private final Optional<LabelMap> labels;
    private final List<String> extensions;
    private final LayoutOptions options;

    /**
     * @param videoRoot  the folder holding the split or class folders
     * @param labels     the classes; empty: the sorted label names of the CSV
     * @param extensions file extensions to try, without dots, at least one
     * @param options    error handling and file checks
     */
    public KineticsReader(Path videoRoot, Optional<LabelMap> labels, List<String> extensions, LayoutOptions options) {
        this.videoRoot = Objects.requireNonNull(videoRoot, "videoRoot");
        this.labels = Objects.requireNonNull(labels, "labels");
        this.extensions = List.copyOf(extensions);
        if (this.extensions.isEmpty()) {
            throw new IllegalArgumentException("extensions must name at least one file extension");
        }
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Reads a Kinetics CSV.
     *
     * @throws IOException         if it cannot be read, or the header lacks a required column
     * @throws AnnotationException with {@code OnError.FAIL}, at the first bad row
     */
    public DatasetIndex read(Path csv) throws IOException {
        List<String> lines = AnnotationText.lines(csv);
        if (lines.isEmpty()) {
            throw new AnnotationException(new AnnotationIssue(csv, 1, IssueKind.MALFORMED, "empty file; expected the"
                    + " header label,youtube_id,time_start,time_end,split"));
        }
        List<String> header;
        try {
            header = fields(lines.get(0)).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new AnnotationException(new AnnotationIssue(csv, 1, IssueKind.MALFORMED, "the header is not valid"
                    + " CSV (" + e.getMessage() + "); expected label,youtube_id,time_start,time_end,split"));
        }
        for (String column : REQUIRED) {
            if (!header.contains(column)) {
                throw new AnnotationException(new AnnotationIssue(csv, 1, IssueKind.MALFORMED, "header " + header
                        + " has no column '" + column + "'; expected label,youtube_id,time_start,time_end,split"));
            }
        }
        int labelCol = header.indexOf("label");
        int idCol = header.indexOf("youtube_id");
        int startCol = header.indexOf("time_start");
        int endCol = header.indexOf("time_end");
        int splitCol = header.indexOf("split");

        IssueLog log = new IssueLog(options.onError());
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int lineNo = i + 1;
            List<String> f;
            try {
                f = fields(line);
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                log.report(csv, lineNo, IssueKind.MALFORMED, "not valid CSV: " + e.getMessage());
                continue;
            }
            if (f.size() != header.size()) {
                log.report(csv, lineNo, IssueKind.MALFORMED, f.size() + " fields, expected " + header.size()
                        + " (" + String.join(",", header) + "): '" + line + "'");
                continue;
            }
            OptionalInt start = seconds(f.get(startCol));
            OptionalInt end = seconds(f.get(endCol));
            String label = f.get(labelCol).strip();
            String id = f.get(idCol).strip();
            if (start.isEmpty() || end.isEmpty() || label.isEmpty() || id.isEmpty()) {
                log.report(csv, lineNo, IssueKind.MALFORMED, "needs a label, a youtube_id and whole-second"
                        + " time_start/time_end, got '" + line + "'");
                continue;
            }
            rows.add(new Row(lineNo, label, id, start.getAsInt(), end.getAsInt(),
                    splitCol < 0 ? "" : f.get(splitCol).strip()));
        }

        LabelMap classes = labels.orElseGet(() -> {
            TreeSet<String> names = new TreeSet<>();
            rows.forEach(r -> names.add(r.label));
            return LabelMap.sorted(names);
        });
        List<VideoSample> samples = new ArrayList<>();
        for (Row r : rows) {
            OptionalInt label = classes.indexOf(r.label);
            if (label.isEmpty()) {
                log.report(csv, r.line, IssueKind.UNKNOWN_LABEL, "label '" + r.label + "' is not one of the "
                        + classes.size() + " classes");
                continue;
            }
            Optional<Path> video;
            try {
                video = locate(r);
            } catch (InvalidPathException e) {
                log.report(csv, r.line, IssueKind.MALFORMED, "label, youtube_id or split cannot be part of a file"
                        + " name (" + e.getReason() + ")");
                continue;
            }
            if (video.isEmpty()) {
                log.report(csv, r.line, IssueKind.MISSING_FILE, "no video " + r.baseName() + ".{"
                        + String.join(",", extensions) + "} under " + videoRoot + " (looked in " + r.split + "/, "
                        + r.label + "/, " + r.split + "/" + r.label + "/ and the root)");
                continue;
            }
            samples.add(VideoSample.of(video.get(), label.getAsInt()));
        }
        return log.finish(csv, samples, classes);
    }

    private Optional<Path> locate(Row r) {
        List<Path> folders = new ArrayList<>();
        String underscored = r.label.replace(' ', '_');
        if (!r.split.isEmpty()) {
            folders.add(videoRoot.resolve(r.split));
        }
        folders.add(videoRoot.resolve(r.label));
        if (!underscored.equals(r.label)) {
            folders.add(videoRoot.resolve(underscored));
        }
        if (!r.split.isEmpty()) {
            folders.add(videoRoot.resolve(r.split).resolve(r.label));
            if (!underscored.equals(r.label)) {
                folders.add(videoRoot.resolve(r.split).resolve(underscored));
            }
        }
        folders.add(videoRoot);
        if (!options.checkFiles()) {
            return Optional.of(folders.get(0).resolve(r.baseName() + "." + extensions.get(0)));
        }
        for (Path folder : folders) {
            for (String ext : extensions) {
                Path p = folder.resolve(r.baseName() + "." + ext);
                if (Files.isRegularFile(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> fields(String line) throws IOException {
        try (CSVParser parser = CSVParser.parse(line, CSVFormat.DEFAULT)) {
            List<CSVRecord> records = parser.getRecords();
            return records.isEmpty() ? List.of() : records.get(0).toList();
        }
    }

    /** Whole seconds as written in the CSVs ({@code 14}, or {@code 14.0}). */
    private static OptionalInt seconds(String s) {
        try {
            double v = Double.parseDouble(s.strip());
            return v >= 0 && v == Math.rint(v) && v < Integer.MAX_VALUE ? OptionalInt.of((int) v) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private record Row(int line, String label, String id, int start, int end, String split) {
        String baseName() {
            return String.format(Locale.ROOT, "%s_%06d_%06d", id, start, end);
        }
    }
}
