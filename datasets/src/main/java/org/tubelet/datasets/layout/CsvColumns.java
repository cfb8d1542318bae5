package org.tubelet.datasets.layout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The columns of a CSV list, found by name in its header row: {@code path} and {@code label} (any case, any order,
 * surrounding spaces ignored); other columns are allowed and ignored.
 *
 * @param names  the header's column names, lower case, in file order
 * @param path   index of the {@code path} column
 * @param label  index of the {@code label} column
 */
record CsvColumns(List<String> names, int path, int label) {

    /** How CSV lists are parsed: RFC 4180 quoting, spaces around fields and empty lines ignored. */
    static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(true).build();

    private static final String EXPECTED = "the first row must be a header naming the columns path and label (any "
            + "case, any order, more columns allowed), e.g. 'path,label'";

    /** Copies the names. */
    CsvColumns {
        names = List.copyOf(names);
    }

    /**
     * Finds the columns in a header row.
     *
     * @param csv    the file, for the message
     * @param line   the header's line, for the message
     * @param header the header's fields as parsed
     * @throws AnnotationException if a column is missing or named twice
     */
    static CsvColumns find(Path csv, int line, List<String> header) throws AnnotationException {
        List<String> names = header.stream().map(CsvColumns::normalise).toList();
        return new CsvColumns(names, column(csv, line, names, "path"), column(csv, line, names, "label"));
    }

    /** Number of columns; every row must have this many fields. */
    int count() {
        return names.size();
    }

    /**
     * The first non-empty row of a CSV file as column names (lower case), to tell a CSV list from a Kinetics CSV
     * without reading the whole file.
     *
     * @return empty if the file cannot be read, has no non-empty row or its first row is not valid CSV
     */
    static Optional<List<String>> peekHeader(Path csv) {
        try (BufferedReader in = AnnotationText.reader(csv)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    try (CSVParser parser = CSVParser.parse(line, FORMAT)) {
                        List<CSVRecord> records = parser.getRecords();
                        return records.isEmpty() ? Optional.empty()
                                : Optional.of(records.get(0).stream().map(CsvColumns::normalise).toList());
                    }
                }
            }
            return Optional.empty();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static String normalise(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    private static int column(Path csv, int line, List<String> names, String wanted) throws AnnotationException {
        int first = names.indexOf(wanted);
        if (first < 0) {
            throw new AnnotationException(new AnnotationIssue(csv, line, IssueKind.MALFORMED, "header " + names
                    + " has no column '" + wanted + "'; " + EXPECTED));
        }
        int second = names.lastIndexOf(wanted);
        if (second != first) {
            throw new AnnotationException(new AnnotationIssue(csv, line, IssueKind.MALFORMED, "header " + names
                    + " names the column '" + wanted + "' twice (columns " + (first + 1) + " and " + (second + 1)
                    + ")"));
        }
        return first;
    }
}
