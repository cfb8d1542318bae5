package org.tubelet.datasets.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CsvListReader}: header, quoting, class names and indices, and the messages of bad files. */
class CsvListReaderTest {

    @TempDir
    Path dir;
    private AnnotationFiles files;

    @BeforeEach
    void files() {
        files = new AnnotationFiles(dir);
    }

    private static DatasetIndex read(Path csv) throws IOException {
        return CsvListReader.defaults(LayoutOptions.defaults()).read(csv);
    }

    private static void assertIssue(AnnotationIssue issue, Path file, int line, IssueKind kind, String text) {
        AnnotationFiles.assertIssue(issue, file, line, kind);
        assertTrue(issue.message().contains(text), issue.toString());
    }

    @Test
    void headerWithClassNamesGivesTheSortedNames() throws IOException {
        files.touch("v/a.mp4");
        files.touch("v/b.mp4");
        files.touch("v/c.mp4");
        Path csv = files.write("train.csv",
                "Path , LABEL,notes",            // any case, spaces around, an extra column
                "v/a.mp4,walk,first",
                "",
                "v/b.mp4,jump,",
                "v/c.mp4,walk,\"a note, with a comma\"");
        DatasetIndex index = read(csv);
        assertEquals(LabelMap.of(List.of("jump", "walk")), index.labels());
        assertEquals(List.of(VideoSample.of(dir.resolve("v/a.mp4"), 1), VideoSample.of(dir.resolve("v/b.mp4"), 0),
                VideoSample.of(dir.resolve("v/c.mp4"), 1)), index.samples());
        assertEquals(List.of(), index.issues());
        assertEquals(Layout.CSV, Layout.infer(csv));
        assertEquals(index.samples(), Layout.CSV.read(csv, Optional.empty(), LayoutOptions.strict()).samples());
    }

    @Test
    void headerWithClassIndicesGivesNumberedClasses() throws IOException {
        files.touch("v/a.mp4");
        files.touch("v/b.mp4");
        Path csv = files.write("train.csv", "label,path", "2,v/a.mp4", "0,v/b.mp4", "-1,v/b.mp4");
        DatasetIndex index = read(csv);
        assertEquals(LabelMap.numbered(3), index.labels());
        assertEquals(List.of(VideoSample.of(dir.resolve("v/a.mp4"), 2), VideoSample.of(dir.resolve("v/b.mp4"), 0)),
                index.samples());
        assertIssue(index.issues().get(0), csv, 4, IssueKind.UNKNOWN_LABEL, "label -1 is not a class index");
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaks() throws IOException {
        files.touch("videos/a, b.mp4");
        files.touch("videos/say \"hi\".mp4");
        files.touch("videos/c.mp4");
        Path csv = dir.resolve("train.csv");
        Files.writeString(csv, "\uFEFFpath,label\r\n"                       // byte-order mark, CRLF
                + "\"videos/a, b.mp4\",\"playing guitar\"\r\n"
                + "  \"videos/say \"\"hi\"\".mp4\"  , waving\r\n"
                + "\"videos/two\r\nlines.mp4\",waving\r\n"
                + "videos/c.mp4,waving,extra\r\n"
                + "videos/c.mp4,waving\r\n", StandardCharsets.UTF_8);
        DatasetIndex index = read(csv);
        assertEquals(LabelMap.of(List.of("playing guitar", "waving")), index.labels());
        assertEquals(List.of(VideoSample.of(dir.resolve("videos/a, b.mp4"), 0),
                VideoSample.of(dir.resolve("videos/say \"hi\".mp4"), 1), VideoSample.of(dir.resolve("videos/c.mp4"), 1)),
                index.samples());
        assertEquals(2, index.issues().size(), index.issues().toString());
        assertIssue(index.issues().get(0), csv, 6, IssueKind.MALFORMED, "3 fields");     // line after the 2-line row
        assertIssue(index.issues().get(1), csv, 4, IssueKind.MISSING_FILE, "two\r\nlines.mp4");
    }

    @Test
    void aMissingColumnNamesTheFileAndTheColumnsFound() throws IOException {
        Path csv = files.write("train.csv", "path,class", "v/a.mp4,walk");
        AnnotationException e = assertThrows(AnnotationException.class, () -> read(csv));
        assertEquals(csv + ":1: header [path, class] has no column 'label'; the first row must be a header naming the"
                + " columns path and label (any case, any order, more columns allowed), e.g. 'path,label'",
                e.getMessage());

        Path noHeader = files.write("val.csv", "", "v/a.mp4,3");
        e = assertThrows(AnnotationException.class, () -> read(noHeader));
        assertTrue(e.getMessage().startsWith(noHeader + ":2: header [v/a.mp4, 3] has no column 'path'"), e.getMessage());

        Path twice = files.write("twice.csv", "path,label,Path");
        e = assertThrows(AnnotationException.class, () -> read(twice));
        assertTrue(e.getMessage().contains("names the column 'path' twice (columns 1 and 3)"), e.getMessage());

        Path empty = files.write("empty.csv", "", "  ");
        e = assertThrows(AnnotationException.class, () -> read(empty));
        assertTrue(e.getMessage().startsWith(empty + ":1: empty file"), e.getMessage());
    }

    @Test
    void anUnknownClassNameIsReportedWithItsLine() throws IOException {
        files.touch("v/a.mp4");
        LabelMap classes = LabelMap.of(List.of("walk", "jump"));
        Path csv = files.write("val.csv", "path,label", "v/a.mp4,jump", "v/a.mp4,swim", "v/a.mp4,0", "v/a.mp4,2");
        DatasetIndex index = new CsvListReader(Optional.of(dir), Optional.of(classes), LayoutOptions.defaults())
                .read(csv);
        assertEquals(classes, index.labels());
        assertEquals(List.of(VideoSample.of(dir.resolve("v/a.mp4"), 1), VideoSample.of(dir.resolve("v/a.mp4"), 0)),
                index.samples());
        assertIssue(index.issues().get(0), csv, 3, IssueKind.UNKNOWN_LABEL,
                "label 'swim' is not a class name; the 2 classes are walk, jump");
        assertIssue(index.issues().get(1), csv, 5, IssueKind.UNKNOWN_LABEL, "label 2 is not a class index; expected 0..1");

        AnnotationException strict = assertThrows(AnnotationException.class, () -> new CsvListReader(Optional.of(dir),
                Optional.of(classes), LayoutOptions.strict()).read(csv));
        assertTrue(strict.getMessage().startsWith(csv + ":3: label 'swim'"), strict.getMessage());
    }

    @Test
    void namesAndNumbersAreNotMixedWithoutALabelMap() throws IOException {
        files.touch("v/a.mp4");
        Path csv = files.write("train.csv", "path,label", "v/a.mp4,walk", "v/a.mp4,1", "v/a.mp4,jump");
        DatasetIndex index = read(csv);
        assertEquals(LabelMap.of(List.of("jump", "walk")), index.labels());
        assertEquals(2, index.samples().size());
        assertIssue(index.issues().get(0), csv, 3, IssueKind.MALFORMED, "label '1' is a class number but other rows"
                + " give class names (e.g. 'walk')");
    }

    @Test
    void labelsTxtBesideTheCsvGivesTheClasses() throws IOException {
        files.touch("v/a.mp4");
        files.write("labels.txt", "walk", "jump");
        Path csv = files.write("train.csv", "path,label", "v/a.mp4,jump", "v/a.mp4,0");
        DatasetIndex index = read(csv);
        assertEquals(LabelMap.of(List.of("walk", "jump")), index.labels());
        assertEquals(List.of(VideoSample.of(dir.resolve("v/a.mp4"), 1), VideoSample.of(dir.resolve("v/a.mp4"), 0)),
                index.samples());
    }

    @Test
    void badRowsAreReportedAndAnOpenQuoteStopsTheRead() throws IOException {
        files.touch("v/a.mp4");
        Path csv = files.write("train.csv", "path,label", ",walk", "v/a.mp4,\"\"", "v/gone.mp4,walk", "v/a.mp4,walk");
        DatasetIndex index = read(csv);
        assertEquals(1, index.samples().size());
        assertIssue(index.issues().get(0), csv, 2, IssueKind.MALFORMED, "empty path");
        assertIssue(index.issues().get(1), csv, 3, IssueKind.MALFORMED, "label '' is empty");
        assertIssue(index.issues().get(2), csv, 4, IssueKind.MISSING_FILE, "v/gone.mp4 does not exist");

        Path open = files.write("open.csv", "path,label", "v/a.mp4,walk", "\"v/a.mp4,walk");
        AnnotationException e = assertThrows(AnnotationException.class, () -> read(open));
        assertEquals(IssueKind.MALFORMED, e.issue().kind());
        assertTrue(e.getMessage().contains("not valid CSV"), e.getMessage());

        Path latin1 = dir.resolve("latin1.csv");
        Files.writeString(latin1, "path,label\nv/a.mp4,caf\u00e9\n", StandardCharsets.ISO_8859_1);
        e = assertThrows(AnnotationException.class, () -> read(latin1));
        assertEquals(latin1 + ": not UTF-8 text; save the file as UTF-8", e.getMessage());
    }

    @Test
    void csvFilesAreToldApartByTheirFirstRow() throws IOException {
        assertEquals(Layout.CSV, Layout.infer(files.write("a/train.csv", "path,label")));
        assertEquals(Layout.CSV, Layout.infer(files.write("b/train.csv", "\"video_id\",\"path\",\"label\"")));
        assertEquals(Layout.KINETICS, Layout.infer(files.write("c/train.csv", "label,youtube_id,time_start,time_end,split")));
        assertEquals(Layout.CSV, Layout.infer(files.write("d/train.csv", "", "v/a.mp4,3")));     // CSV asks for a header
        assertEquals(Layout.LIST, Layout.infer(files.write("e/train.csv", "v/a.mp4 3")));
        assertEquals(Layout.KINETICS, Layout.infer(dir.resolve("missing/train.csv")));
    }
}
