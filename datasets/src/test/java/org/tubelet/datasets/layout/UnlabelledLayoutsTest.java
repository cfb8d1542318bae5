package org.tubelet.datasets.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layouts read without labels (pretraining): bare-path lists, folders of videos, labelled layouts' labels dropped. */
class UnlabelledLayoutsTest {
    private static final LayoutOptions VIDEOS_ONLY = LayoutOptions.defaults().withUnlabelled(true);

    @TempDir
    Path dir;
    private AnnotationFiles files;

    @BeforeEach
    void files() {
        files = new AnnotationFiles(dir);
    }

    private VideoSample unlabelled(String relative) {
        return VideoSample.of(dir.resolve(relative), 0);
    }

    @Test
    void aListOfBarePathsIsReadAndLabelsThatAreThereAreIgnored() throws IOException {
        files.touch("v/a.mp4");
        files.touch("v/b c.mp4");                                     // a space inside a bare path
        files.touch("v/d.mp4");
        Path list = files.write("unlabelled.txt", "v/a.mp4", "# comment", "", "v/b c.mp4", "v/d.mp4 7",
                "v/missing.mp4");
        DatasetIndex index = Layout.LIST.read(list, Optional.empty(), VIDEOS_ONLY);
        assertEquals(List.of(unlabelled("v/a.mp4"), unlabelled("v/b c.mp4"), unlabelled("v/d.mp4")), index.samples());
        assertEquals(DatasetIndex.UNLABELLED, index.labels());
        assertTrue(index.unlabelled());
        assertEquals(1, index.issues().size());
        AnnotationFiles.assertIssue(index.issues().get(0), list, 6, IssueKind.MISSING_FILE);

        // read with labels, the same bare paths are malformed lines
        DatasetIndex labelled = Layout.LIST.read(list, Optional.empty(), LayoutOptions.defaults());
        assertEquals(List.of(VideoSample.of(dir.resolve("v/d.mp4"), 7)), labelled.samples());
    }

    @Test
    void aFolderOfVideosNeedsNoClassFolders() throws IOException {
        files.touch("clips/x.mp4");
        files.touch("clips/walk/y.webm");                            // class folders, or any folders, are fine too
        files.touch("clips/deep/er/z.mkv");
        files.touch("clips/notes.txt");                               // not a video
        files.touch("clips/.hidden/w.mp4");
        DatasetIndex index = Layout.FOLDERS.read(dir.resolve("clips"), Optional.empty(), VIDEOS_ONLY);
        assertEquals(List.of(unlabelled("clips/deep/er/z.mkv"), unlabelled("clips/walk/y.webm"),
                unlabelled("clips/x.mp4")), index.samples());
        assertEquals(DatasetIndex.UNLABELLED, index.labels());
        assertTrue(index.issues().isEmpty(), index.issues().toString());

        // with labels, loose videos are not samples and class folders are required
        DatasetIndex labelled = Layout.FOLDERS.read(dir.resolve("clips"), Optional.empty(), LayoutOptions.defaults());
        assertEquals(List.of("deep", "walk"), labelled.labels().names());
        assertEquals(List.of(VideoSample.of(dir.resolve("clips/walk/y.webm"), 1)), labelled.samples());
    }

    @Test
    void aFolderWithoutAnyVideoIsReported() throws IOException {
        files.touch("empty/readme.txt");
        DatasetIndex index = Layout.FOLDERS.read(dir.resolve("empty"), Optional.empty(), VIDEOS_ONLY);
        assertTrue(index.samples().isEmpty());
        AnnotationFiles.assertIssue(index.issues().get(0), dir.resolve("empty"), 0, IssueKind.MISSING_FILE);
        assertThrows(AnnotationException.class, () -> Layout.FOLDERS.read(dir.resolve("empty"), Optional.empty(),
                LayoutOptions.strict().withUnlabelled(true)));
    }

    @Test
    void aLabelledLayoutReadWithoutLabelsKeepsEveryVideoWhateverItsClass() throws IOException {
        files.touch("k400/train/jump/abc_000010_000020.mp4");
        files.touch("k400/train/swim/def_000000_000010.mp4");
        Path csv = files.write("k400/train.csv", "label,youtube_id,time_start,time_end,split", "jump,abc,10,20,train",
                "swim,def,0,10,train");
        LabelMap onlyJump = LabelMap.of(List.of("jump"));
        // with labels and a class list that lacks "swim", that video is an unknown label
        assertEquals(1, Layout.KINETICS.read(csv, Optional.of(dir.resolve("k400")), Optional.of(onlyJump),
                LayoutOptions.defaults()).samples().size());
        // without labels the class list plays no part
        DatasetIndex index = Layout.KINETICS.read(csv, Optional.of(dir.resolve("k400")), Optional.of(onlyJump),
                VIDEOS_ONLY);
        assertEquals(List.of(unlabelled("k400/train/jump/abc_000010_000020.mp4"),
                unlabelled("k400/train/swim/def_000000_000010.mp4")), index.samples());
        assertEquals(DatasetIndex.UNLABELLED, index.labels());
    }
}
