package org.tubelet.datasets.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.datasets.OnError;

class LayoutReadersTest {

    @TempDir
    Path dir;
    private AnnotationFiles files;

    @BeforeEach
    void files() {
        files = new AnnotationFiles(dir);
    }

    // ---- list files ------------------------------------------------------------------------------------------

    @Test
    void listFileReadsPathLabelLinesAndReportsBadOnes() throws IOException {
        files.touch("videos/a.mp4");
        files.touch("videos/b c.mp4"); // a space inside the path
        files.touch("videos/d.mp4");
        Path list = files.write("train.txt",
                "videos/a.mp4 1",
                "",
                "# a comment",
                "videos/b c.mp4 0",
                "videos/missing.mp4 1",
                "videos/d.mp4 x",
                "justonefield",
                "videos/d.mp4 2");
        DatasetIndex index = ListFileReader.defaults(LayoutOptions.defaults()).read(list);
        assertEquals(List.of(VideoSample.of(dir.resolve("videos/a.mp4"), 1), VideoSample.of(dir.resolve("videos/b c.mp4"), 0),
                VideoSample.of(dir.resolve("videos/d.mp4"), 2)), index.samples());
        assertEquals(LabelMap.numbered(3), index.labels());
        assertEquals(3, index.issues().size());
        AnnotationFiles.assertIssue(index.issues().get(0), list, 5, IssueKind.MISSING_FILE);
        AnnotationFiles.assertIssue(index.issues().get(1), list, 6, IssueKind.MALFORMED);
        AnnotationFiles.assertIssue(index.issues().get(2), list, 7, IssueKind.MALFORMED);

        AnnotationException strict = assertThrows(AnnotationException.class,
                () -> ListFileReader.defaults(LayoutOptions.strict()).read(list));
        assertEquals(list + ":5: video " + dir.resolve("videos/missing.mp4") + " does not exist", strict.getMessage());
    }

    @Test
    void listFileUsesLabelsTxtAndOtherDelimiters() throws IOException {
        files.touch("v/x.mp4");
        files.touch("v/y.mp4");
        files.write("labels.txt", "walking", "running");
        Path list = files.write("val.csv", "v/x.mp4,1", "v/y.mp4,2");
        DatasetIndex index = new ListFileReader(Optional.of(dir), ListFormat.VIDEO, Delimiter.COMMA, Optional.empty(),
                LayoutOptions.defaults()).read(list);
        assertEquals(LabelMap.of(List.of("walking", "running")), index.labels());
        assertEquals(List.of(VideoSample.of(dir.resolve("v/x.mp4"), 1)), index.samples());
        AnnotationFiles.assertIssue(index.issues().get(0), list, 2, IssueKind.UNKNOWN_LABEL);
    }

    @Test
    void listFileReadsFrameFolderLines() throws IOException {
        Files.createDirectories(dir.resolve("frames/clip1"));
        Files.createDirectories(dir.resolve("frames/clip2"));
        Path list = files.write("rawframes.txt", "frames/clip1 120 3", "frames/clip2 0 1", "frames/clip2 64 1");
        DatasetIndex index = ListFileReader.defaults(LayoutOptions.defaults()).read(list);
        assertEquals(2, index.samples().size());
        assertEquals(120, index.samples().get(0).frameCount().getAsInt());
        assertEquals(3, index.samples().get(0).label());
        assertEquals(64, index.samples().get(1).frameCount().getAsInt());
        AnnotationFiles.assertIssue(index.issues().get(0), list, 2, IssueKind.MALFORMED);
    }

    // ---- Kinetics ----------------------------------------------------------------------------------------------

    @Test
    void kineticsFindsClipsUnderSplitOrLabelFolders() throws IOException {
        files.touch("k400/train/abc_000010_000020.mp4"); // root/<split>/
        files.touch("k400/playing guitar/def_000001_000011.mp4"); // root/<label>/
        files.touch("k400/train/abseiling/ghi_000005_000015.webm"); // root/<split>/<label>/, another extension
        Path csv = files.write("k400/train.csv",
                "label,youtube_id,time_start,time_end,split",
                "abseiling,abc,10,20,train",
                "\"playing guitar\",def,1,11,train",
                "abseiling,ghi,5,15,train",
                "abseiling,zzz,5,15,train",
                "abseiling,short,5",
                "\"playing guitar\",def,one,11,train");
        DatasetIndex index = new KineticsReader(dir.resolve("k400"), Optional.empty(), KineticsReader.DEFAULT_EXTENSIONS,
                LayoutOptions.defaults()).read(csv);
        assertEquals(LabelMap.of(List.of("abseiling", "playing guitar")), index.labels());
        assertEquals(List.of(
                VideoSample.of(dir.resolve("k400/train/abc_000010_000020.mp4"), 0),
                VideoSample.of(dir.resolve("k400/playing guitar/def_000001_000011.mp4"), 1),
                VideoSample.of(dir.resolve("k400/train/abseiling/ghi_000005_000015.webm"), 0)), index.samples());
        assertEquals(3, index.issues().size());
        AnnotationFiles.assertIssue(index.issues().get(0), csv, 6, IssueKind.MALFORMED);
        AnnotationFiles.assertIssue(index.issues().get(1), csv, 7, IssueKind.MALFORMED);
        AnnotationFiles.assertIssue(index.issues().get(2), csv, 5, IssueKind.MISSING_FILE);
        assertTrue(index.issues().get(2).message().contains("zzz_000005_000015"), index.issues().get(2).message());

        // the validation CSV is read with the training classes; a class outside them is reported
        Path val = files.write("k400/val.csv", "label,youtube_id,time_start,time_end,split", "juggling,abc,10,20,train");
        AnnotationException e = assertThrows(AnnotationException.class, () -> new KineticsReader(dir.resolve("k400"),
                Optional.of(index.labels()), List.of("mp4"), LayoutOptions.strict()).read(val));
        assertEquals(IssueKind.UNKNOWN_LABEL, e.issue().kind());
        assertTrue(e.getMessage().startsWith(val + ":2: label 'juggling'"), e.getMessage());

        Path noHeader = files.write("k400/bad.csv", "abseiling,abc,10,20,train");
        assertThrows(AnnotationException.class, () -> Layout.KINETICS.read(noHeader, Optional.of(dir), LayoutOptions.defaults()));
    }

    // ---- class folders -----------------------------------------------------------------------------------------

    @Test
    void classFoldersAreSortedAndNonVideosIgnored() throws IOException {
        files.touch("data/walk/2.mp4");
        files.touch("data/walk/1.avi");
        files.touch("data/walk/readme.txt");
        files.touch("data/jump/a.webm");
        Files.createDirectories(dir.resolve("data/empty"));
        DatasetIndex index = Layout.FOLDERS.read(dir.resolve("data"), Optional.empty(), LayoutOptions.defaults());
        assertEquals(LabelMap.of(List.of("empty", "jump", "walk")), index.labels());
        assertEquals(List.of(VideoSample.of(dir.resolve("data/jump/a.webm"), 1), VideoSample.of(dir.resolve("data/walk/1.avi"), 2),
                VideoSample.of(dir.resolve("data/walk/2.mp4"), 2)), index.samples());
        AnnotationFiles.assertIssue(index.issues().get(0), dir.resolve("data/empty"), 0, IssueKind.MISSING_FILE);
    }

    // ---- UCF101 ------------------------------------------------------------------------------------------------

    @Test
    void ucf101UsesClassIndAndFolderNames() throws IOException {
        files.write("splits/classInd.txt", "1 ApplyEyeMakeup", "2 Archery", "3 BabyCrawling");
        files.touch("UCF-101/Archery/v_Archery_g01_c01.avi");
        files.touch("UCF-101/ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi");
        Path train = files.write("splits/trainlist01.txt",
                "ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi 1",
                "Archery/v_Archery_g01_c01.avi 3",
                "Archery/v_Archery_g01_c01.avi 9",
                "Archery/v_Archery_g01_c01.avi 2");
        DatasetIndex index = new Ucf101Reader(dir.resolve("UCF-101"), Optional.empty(), Optional.empty(),
                LayoutOptions.defaults()).read(train);
        assertEquals(LabelMap.of(List.of("ApplyEyeMakeup", "Archery", "BabyCrawling")), index.labels());
        assertEquals(List.of(VideoSample.of(dir.resolve("UCF-101/ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi"), 0),
                VideoSample.of(dir.resolve("UCF-101/Archery/v_Archery_g01_c01.avi"), 1)), index.samples());
        AnnotationFiles.assertIssue(index.issues().get(0), train, 2, IssueKind.UNKNOWN_LABEL); // number disagrees with folder
        AnnotationFiles.assertIssue(index.issues().get(1), train, 3, IssueKind.UNKNOWN_LABEL); // no class 9

        Path test = files.write("splits/testlist01.txt", "Archery/v_Archery_g01_c01.avi", "Juggling/v_Juggling_g01_c01.avi");
        assertEquals(Layout.UCF101, Layout.infer(test));
        DatasetIndex testIndex = Layout.UCF101.read(test, Optional.of(dir.resolve("UCF-101")), LayoutOptions.defaults());
        assertEquals(List.of(VideoSample.of(dir.resolve("UCF-101/Archery/v_Archery_g01_c01.avi"), 1)), testIndex.samples());
        AnnotationFiles.assertIssue(testIndex.issues().get(0), test, 2, IssueKind.UNKNOWN_LABEL);

        files.write("bad/classInd.txt", "1 A", "3 B");
        Path badSplit = files.write("bad/trainlist01.txt", "A/x.avi 1");
        AnnotationException e = assertThrows(AnnotationException.class,
                () -> new Ucf101Reader(dir, Optional.empty(), Optional.empty(), LayoutOptions.defaults()).read(badSplit));
        AnnotationFiles.assertIssue(e.issue(), dir.resolve("bad/classInd.txt"), 2, IssueKind.MALFORMED);
    }

    // ---- Something-Something v2 --------------------------------------------------------------------------------

    @Test
    void ssv2MapsTemplatesToLabels() throws IOException {
        files.write("ssv2/labels.json", "{",
                "  \"Holding something next to something\": \"1\",",
                "  \"Approaching something with your camera\": \"0\"",
                "}");
        files.touch("videos/78687.webm");
        files.touch("videos/42326.webm");
        Path train = files.write("ssv2/train.json", "[",
                "  {\"id\": \"78687\", \"label\": \"holding potato next to vicks vaporub bottle\",",
                "   \"template\": \"Holding [something] next to [something]\", \"placeholders\": [\"potato\", \"bottle\"]},",
                "  {\"id\": \"42326\", \"label\": \"approaching a cup\", \"template\": \"Approaching [something] with your camera\"},",
                "  {\"id\": \"11111\", \"template\": \"Approaching [something] with your camera\"},",
                "  {\"id\": \"22222\", \"template\": \"Juggling [something]\"},",
                "  {\"label\": \"no id\", \"template\": \"Approaching [something] with your camera\"}",
                "]");
        assertEquals(Layout.SSV2, Layout.infer(train));
        DatasetIndex index = Layout.SSV2.read(train, Optional.of(dir.resolve("videos")), LayoutOptions.defaults());
        assertEquals(LabelMap.of(List.of("Approaching something with your camera", "Holding something next to something")),
                index.labels());
        assertEquals(List.of(VideoSample.of(dir.resolve("videos/78687.webm"), 1), VideoSample.of(dir.resolve("videos/42326.webm"), 0)),
                index.samples());
        assertEquals(3, index.issues().size());
        AnnotationFiles.assertIssue(index.issues().get(0), train, 5, IssueKind.MISSING_FILE);
        AnnotationFiles.assertIssue(index.issues().get(1), train, 6, IssueKind.UNKNOWN_LABEL);
        AnnotationFiles.assertIssue(index.issues().get(2), train, 7, IssueKind.MALFORMED);

        Path broken = files.write("ssv2/validation.json", "[", "  {\"id\": \"1\",, }", "]");
        AnnotationException e = assertThrows(AnnotationException.class,
                () -> Layout.SSV2.read(broken, Optional.of(dir.resolve("videos")), LayoutOptions.defaults()));
        AnnotationFiles.assertIssue(e.issue(), broken, 2, IssueKind.MALFORMED);
    }

    // ---- a given label map (a recipe's data.labels) -------------------------------------------------------------

    private static final LabelMap WALK_JUMP = LabelMap.of(List.of("walk", "jump"));

    @Test
    void aGivenLabelMapFixesTheOrderOfClassFolders() throws IOException {
        files.touch("data/jump/a.mp4");
        files.touch("data/walk/b.mp4");
        files.touch("data/swim/c.mp4");
        DatasetIndex index = Layout.FOLDERS.read(dir.resolve("data"), Optional.empty(), Optional.of(WALK_JUMP),
                LayoutOptions.defaults());
        assertEquals(WALK_JUMP, index.labels());
        assertEquals(List.of(VideoSample.of(dir.resolve("data/jump/a.mp4"), 1), VideoSample.of(dir.resolve("data/walk/b.mp4"), 0)),
                index.samples());
        AnnotationFiles.assertIssue(index.issues().get(0), dir.resolve("data/swim"), 0, IssueKind.UNKNOWN_LABEL);
        assertTrue(index.issues().get(0).message().contains("'swim' is not one of the 2 classes"),
                index.issues().get(0).message());
    }

    @Test
    void aGivenLabelMapFixesTheOrderOfKineticsUcf101AndSsv2() throws IOException {
        files.touch("k400/train/abc_000010_000020.mp4");
        Path kinetics = files.write("k400/train.csv", "label,youtube_id,time_start,time_end,split", "jump,abc,10,20,train",
                "swim,abc,10,20,train");
        DatasetIndex k = Layout.KINETICS.read(kinetics, Optional.of(dir.resolve("k400")), Optional.of(WALK_JUMP),
                LayoutOptions.defaults());
        assertEquals(WALK_JUMP, k.labels());
        assertEquals(List.of(VideoSample.of(dir.resolve("k400/train/abc_000010_000020.mp4"), 1)), k.samples());
        AnnotationFiles.assertIssue(k.issues().get(0), kinetics, 3, IssueKind.UNKNOWN_LABEL);

        files.write("ucf/classInd.txt", "1 jump", "2 swim", "3 walk");
        files.touch("UCF-101/walk/v_walk_g01_c01.avi");
        files.touch("UCF-101/swim/v_swim_g01_c01.avi");
        Path ucf = files.write("ucf/trainlist01.txt", "walk/v_walk_g01_c01.avi 3", "swim/v_swim_g01_c01.avi 2",
                "walk/v_walk_g01_c01.avi");
        DatasetIndex u = Layout.UCF101.read(ucf, Optional.of(dir.resolve("UCF-101")), Optional.of(WALK_JUMP),
                LayoutOptions.defaults());
        assertEquals(WALK_JUMP, u.labels());
        assertEquals(List.of(VideoSample.of(dir.resolve("UCF-101/walk/v_walk_g01_c01.avi"), 0),
                VideoSample.of(dir.resolve("UCF-101/walk/v_walk_g01_c01.avi"), 0)), u.samples());
        AnnotationFiles.assertIssue(u.issues().get(0), ucf, 2, IssueKind.UNKNOWN_LABEL);
        assertTrue(u.issues().get(0).message().contains("class 'swim' is not one of the 2 classes"),
                u.issues().get(0).message());

        files.touch("videos/1.webm");
        files.touch("videos/2.webm");
        Path ssv2 = files.write("ssv2/train.json", "[", "  {\"id\": \"1\", \"template\": \"jump\"},",
                "  {\"id\": \"2\", \"template\": \"[something] falling\"}", "]");   // no labels.json needed
        DatasetIndex s = Layout.SSV2.read(ssv2, Optional.of(dir.resolve("videos")), Optional.of(WALK_JUMP),
                LayoutOptions.defaults());
        assertEquals(WALK_JUMP, s.labels());
        assertEquals(List.of(VideoSample.of(dir.resolve("videos/1.webm"), 1)), s.samples());
        AnnotationFiles.assertIssue(s.issues().get(0), ssv2, 3, IssueKind.UNKNOWN_LABEL);
    }

    // ---- shared pieces -----------------------------------------------------------------------------------------

    @Test
    void layoutIsInferredFromTheAnnotationPath() throws IOException {
        assertEquals(Layout.KINETICS, Layout.infer(dir.resolve("kinetics400/train.csv")));
        assertEquals(Layout.SSV2, Layout.infer(dir.resolve("something/validation.json")));
        assertEquals(Layout.UCF101, Layout.infer(dir.resolve("ucfTrainTestlist/trainlist02.txt")));
        assertEquals(Layout.LIST, Layout.infer(dir.resolve("train.txt")));
        Files.createDirectories(dir.resolve("classes"));
        assertEquals(Layout.FOLDERS, Layout.infer(dir.resolve("classes")));
    }

    @Test
    void labelMapsAreExplicitAndRoundTrip() throws IOException {
        LabelMap sorted = LabelMap.sorted(List.of("walk", "jump", "walk", "run"));
        assertEquals(List.of("jump", "run", "walk"), sorted.names());
        assertEquals(2, sorted.indexOf("walk").getAsInt());
        assertTrue(sorted.indexOf("swim").isEmpty());
        Path file = dir.resolve("labels.txt");
        sorted.save(file);
        assertEquals(sorted, LabelMap.load(file));
        assertThrows(IllegalArgumentException.class, () -> LabelMap.of(List.of("a", "a")));
        Files.writeString(file, "a\n\nb\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelMap.load(file));
        assertTrue(e.getMessage().startsWith(file + ":2:"), e.getMessage());
    }

    @Test
    void skipModeCountsWhatFailModeThrows() throws IOException {
        files.touch("ok.mp4");
        Path list = files.write("l.txt", "ok.mp4 0", "gone.mp4 0", "ok.mp4 -1");
        DatasetIndex skipped = Layout.LIST.read(list, Optional.empty(), new LayoutOptions(OnError.SKIP, true));
        assertEquals(1, skipped.samples().size());
        assertEquals(2, skipped.issues().size());
        DatasetIndex unchecked = Layout.LIST.read(list, Optional.empty(), new LayoutOptions(OnError.SKIP, false));
        assertEquals(2, unchecked.samples().size(), "without file checks only the bad label is left out");
        assertThrows(AnnotationException.class, () -> Layout.LIST.read(list, Optional.empty(), LayoutOptions.strict()));
    }

    @Test
    void aClassNumberBeyondTheNumberedLimitIsReportedNotAllocated() throws IOException {
        files.touch("a.mp4");
        String huge = Integer.toString(LabelMap.MAX_NUMBERED_CLASSES);
        Path list = files.write("l.txt", "a.mp4 1", "a.mp4 " + huge);
        DatasetIndex index = ListFileReader.defaults(LayoutOptions.defaults()).read(list);
        assertEquals(LabelMap.numbered(2), index.labels(), "the mistyped number does not make 100,001 classes");
        assertEquals(1, index.samples().size());
        AnnotationFiles.assertIssue(index.issues().get(0), list, 2, IssueKind.UNKNOWN_LABEL);
        assertTrue(index.issues().get(0).message().contains("labels.txt"), index.issues().get(0).message());

        Path csv = files.write("l.csv", "path,label", "a.mp4,1", "a.mp4," + huge);
        DatasetIndex fromCsv = CsvListReader.defaults(LayoutOptions.defaults()).read(csv);
        assertEquals(LabelMap.numbered(2), fromCsv.labels());
        AnnotationFiles.assertIssue(fromCsv.issues().get(0), csv, 3, IssueKind.UNKNOWN_LABEL);
        assertThrows(IllegalArgumentException.class, () -> LabelMap.numbered(LabelMap.MAX_NUMBERED_CLASSES + 1));
    }

    @Test
    void negativeClassNumbersAreReportedOnTheirLinesEvenWhenNoLabelIsANumberOfAClass() throws IOException {
        // found by fuzzing: every label negative made the derived class count negative (IllegalArgumentException)
        files.touch("a.mp4");
        Path csv = files.write("neg.csv", "path,label", "a.mp4,-21221", "a.mp4,-3");
        DatasetIndex index = CsvListReader.defaults(LayoutOptions.defaults()).read(csv);
        assertEquals(LabelMap.numbered(0), index.labels());
        assertEquals(0, index.samples().size());
        AnnotationFiles.assertIssue(index.issues().get(0), csv, 2, IssueKind.UNKNOWN_LABEL);
        assertTrue(index.issues().get(0).message().contains("negative"), index.issues().get(0).message());

        Path list = files.write("neg.txt", "a.mp4 -1", "a.mp4 2");
        DatasetIndex fromList = ListFileReader.defaults(LayoutOptions.defaults()).read(list);
        assertEquals(LabelMap.numbered(3), fromList.labels(), fromList.issues().toString());
        assertEquals(1, fromList.samples().size());
        AnnotationFiles.assertIssue(fromList.issues().get(0), list, 1, IssueKind.UNKNOWN_LABEL);
    }

    @Test
    void annotationsThatAreNotUtf8OrNameNoPossibleFileAreReportedByName() throws IOException {
        byte[] latin1 = "caf\u00e9.mp4 0\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String name : List.of("l.txt", "labels.txt", "k.csv", "s.json", "split.txt")) {
            Path file = dir.resolve("latin1").resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, latin1);
        }
        Path latin = dir.resolve("latin1");
        files.write("latin1/classInd.txt", "1 Archery");
        List<org.junit.jupiter.api.function.Executable> reads = List.of(
                () -> ListFileReader.defaults(LayoutOptions.defaults()).read(latin.resolve("l.txt")),
                () -> LabelMap.load(latin.resolve("labels.txt")),
                () -> new KineticsReader(latin, Optional.empty(), KineticsReader.DEFAULT_EXTENSIONS,
                        LayoutOptions.defaults()).read(latin.resolve("k.csv")),
                () -> new Ssv2Reader(latin, Optional.empty(), Optional.of(LabelMap.numbered(1)),
                        Ssv2Reader.DEFAULT_EXTENSIONS, LayoutOptions.defaults()).read(latin.resolve("s.json")),
                () -> new Ucf101Reader(latin, Optional.empty(), Optional.empty(), LayoutOptions.defaults())
                        .read(latin.resolve("split.txt")));
        for (var read : reads) {
            AnnotationException e = assertThrows(AnnotationException.class, read);
            assertTrue(e.getMessage().startsWith(latin.toString()) && e.getMessage().contains("not UTF-8"),
                    e.getMessage());
        }

        Path kinetics = files.write("k.csv", "label,youtube_id,time_start,time_end,split",
                "walk\u0000ing,abc,1,11,train", "walking,abc,1,11,train");
        DatasetIndex index = new KineticsReader(dir, Optional.empty(), KineticsReader.DEFAULT_EXTENSIONS,
                new LayoutOptions(OnError.SKIP, true)).read(kinetics);
        AnnotationFiles.assertIssue(index.issues().get(0), kinetics, 2, IssueKind.MALFORMED);
        Path badHeader = files.write("h.csv", "label,\"youtube_id,time_start");
        AnnotationException e = assertThrows(AnnotationException.class, () -> new KineticsReader(dir,
                Optional.empty(), KineticsReader.DEFAULT_EXTENSIONS, LayoutOptions.defaults()).read(badHeader));
        assertTrue(e.getMessage().startsWith(badHeader + ":1: the header is not valid CSV"), e.getMessage());
    }

    @Test
    void aByteOrderMarkAtTheStartIsSkippedByEveryReader() throws IOException {
        files.touch("train/walking/abc_000001_000011.mp4");
        files.touch("v/a.mp4");
        Path kinetics = files.write("k.csv", "\uFEFFlabel,youtube_id,time_start,time_end,split", "walking,abc,1,11,train");
        assertEquals(1, new KineticsReader(dir, Optional.empty(), KineticsReader.DEFAULT_EXTENSIONS,
                LayoutOptions.strict()).read(kinetics).samples().size());
        Path list = files.write("l.txt", "\uFEFFv/a.mp4 0");
        assertEquals(List.of(VideoSample.of(dir.resolve("v/a.mp4"), 0)),
                ListFileReader.defaults(LayoutOptions.strict()).read(list).samples());
        Path labels = files.write("names.txt", "\uFEFFwalking", "running");
        assertEquals(LabelMap.of(List.of("walking", "running")), LabelMap.load(labels));
        Path ssv2 = files.write("s.json", "\uFEFF[{\"id\": \"a\", \"template\": \"walking\"}]");
        assertEquals(1, new Ssv2Reader(dir.resolve("v"), Optional.empty(), Optional.of(LabelMap.of(List.of("walking"))),
                Ssv2Reader.DEFAULT_EXTENSIONS, LayoutOptions.strict()).read(ssv2).samples().size());
    }
}
