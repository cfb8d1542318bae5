package org.tubelet.datasets.layout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV list of videos: a header row naming the columns {@code path} and {@code label} ({@link CsvColumns}:
 * any case, any order, other columns ignored), then one video per row.
 *
 * <p>Fields are parsed by Commons CSV (RFC 4180): a field in double quotes may contain commas, doubled quotes and
 * line breaks; spaces around fields, empty lines and a UTF-8 byte-order mark are ignored. Every row must have as many
 * fields as the header (an unquoted comma in a path shows up here). Relative paths are resolved against the video
 * root, and each must be a video file.
 *
 * <p>A label is a class name or a class index ({@link LabelResolver}). The classes are the given {@link LabelMap}
 * (pass the training split's classes when reading the validation CSV), else {@code labels.txt} next to the CSV if it
 * exists, else derived from the labels: {@code "0" .. max} when all are numbers, the sorted set of names otherwise.
 * Rows are reported by the line they start on.
 */
public final class CsvListReader {

    private final Path videoRoot;
    private final Optional<LabelMap> labels;
    private final LayoutOptions options;

    /**
     * @param videoRoot where relative paths start; empty: the CSV file's folder
     * @param labels    the classes; empty: {@code labels.txt} beside the CSV, else derived from the labels
     * @param options   error handling and file checks
     */
    public CsvListReader(Optional<Path> videoRoot, Optional<LabelMap> labels, LayoutOptions options) {
        this.videoRoot = Objects.requireNonNull(videoRoot, "videoRoot").orElse(null);
        this.labels = Objects.requireNonNull(labels, "labels");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Paths relative to the CSV file, classes from {@code labels.txt} beside it or from the labels. */
    public static CsvListReader defaults(LayoutOptions options) {
        return new CsvListReader(Optional.empty(), Optional.empty(), options);
    }

    /**
     * Reads a CSV list.
     *
     * @param csv the file
     * @return its samples and classes
     * @throws IOException         if it cannot be read
     * @throws AnnotationException if it is not UTF-8, is empty, its header lacks a column or it is not valid CSV (a
     *                             quote left open); with {@code OnError.FAIL}, at the first bad row
     */
    public DatasetIndex read(Path csv) throws IOException {
        Path root = videoRoot != null ? videoRoot : ListFileReader.parentOf(csv);
        Optional<LabelMap> known = labels.isPresent() ? labels : ListFileReader.labelsBeside(csv);
        IssueLog log = new IssueLog(options.onError());
        List<Row> rows = readRows(csv, log);
        LabelResolver resolver = LabelResolver.of(known, rows.stream().map(Row::label).toList());
        List<VideoSample> samples = new ArrayList<>();
        for (Row row : rows) {
            OptionalInt label = resolver.indexOf(row.label);
            if (label.isEmpty()) {
                resolver.reportUnknown(log, csv, row.line, row.label);
                continue;
            }
            Optional<Path> resolved = log.resolve(csv, row.line, root, row.path);
            if (resolved.isEmpty()) {
                continue;
            }
            Path video = resolved.get();
            if (options.checkFiles() && !Files.isRegularFile(video)) {
                log.report(csv, row.line, IssueKind.MISSING_FILE, "video " + video + " does not exist");
                continue;
            }
            samples.add(VideoSample.of(video, label.getAsInt()));
        }
        return log.finish(csv, samples, resolver.classes());
    }

    /** The well-formed rows, in file order; malformed ones are reported. */
    private static List<Row> readRows(Path csv, IssueLog log) throws IOException {
        String text = AnnotationText.text(csv);
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(text, CsvColumns.FORMAT)) {
            Iterator<CSVRecord> records = parser.iterator();
            try {
                CSVRecord header = nextNonBlank(records);
                if (header == null) {
                    throw new AnnotationException(new AnnotationIssue(csv, 1, IssueKind.MALFORMED, "empty file; "
                            + "expected a header row 'path,label', then one video per row"));
                }
                CsvColumns columns = CsvColumns.find(csv, startLine(parser, header), header.toList());
                for (CSVRecord record = nextNonBlank(records); record != null; record = nextNonBlank(records)) {
                    Optional<Row> row = parse(csv, startLine(parser, record), record, columns, log);
                    row.ifPresent(rows::add);
                }
            } catch (UncheckedIOException e) {
                // the parser cannot go on after a quote left open or text after a closing quote
                throw new AnnotationException(new AnnotationIssue(csv, Math.toIntExact(parser.getCurrentLineNumber()),
                        IssueKind.MALFORMED, "not valid CSV: " + (e.getCause() != null ? e.getCause().getMessage()
                        : e.getMessage()) + "; a quoted field must end with a quote followed by a comma or the end "
                        + "of the line"));
            }
        }
        return rows;
    }

    private static Optional<Row> parse(Path csv, int line, CSVRecord record, CsvColumns columns, IssueLog log)
            throws AnnotationException {
        if (record.size() != columns.count()) {
            log.report(csv, line, IssueKind.MALFORMED, record.size() + " fields " + record.toList() + ", expected "
                    + columns.count() + " like the header " + columns.names() + " (quote a path that contains a "
                    + "comma)");
            return Optional.empty();
        }
        String path = record.get(columns.path());
        String label = record.get(columns.label()).strip();
        if (path.isBlank()) {
            log.report(csv, line, IssueKind.MALFORMED, "empty path in " + record.toList());
            return Optional.empty();
        }
        if (label.isEmpty() || label.indexOf('\n') >= 0 || label.indexOf('\r') >= 0) {
            log.report(csv, line, IssueKind.MALFORMED, "label '" + label + "' is empty or spans lines in "
                    + record.toList());
            return Optional.empty();
        }
        return Optional.of(new Row(line, path, label));
    }

    /** The next record with a non-blank field (a line of spaces parses as one empty field), or null at the end. */
    private static CSVRecord nextNonBlank(Iterator<CSVRecord> records) {
        while (records.hasNext()) {
            CSVRecord r = records.next();
            if (r.stream().anyMatch(f -> !f.isBlank())) {
                return r;
            }
        }
        return null;
    }

    /** The line a record starts on: the parser is at its last line, earlier by the line breaks inside its fields. */
    private static int startLine(CSVParser parser, CSVRecord record) {
        long breaks = record.stream().mapToLong(CsvListReader::lineBreaks).sum();
        return Math.toIntExact(Math.max(1, parser.getCurrentLineNumber() - breaks));
    }

    private static long lineBreaks(String field) {
        long n = 0;
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == field.length() || field.charAt(i + 1) != '\n'))) {
                n++;
            }
        }
        return n;
    }

    private record Row(int line, String path, String label) {
    }
}
