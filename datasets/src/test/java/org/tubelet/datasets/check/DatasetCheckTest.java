package org.tubelet.datasets.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.datasets.layout.DatasetIndex;
import org.tubelet.datasets.layout.Layout;
import org.tubelet.datasets.layout.LayoutOptions;
import org.tubelet.datasets.layout.VideoSample;
import org.tubelet.datasets.synthetic.MovingShapes;
import org.tubelet.datasets.synthetic.SyntheticConfig;
import org.tubelet.datasets.synthetic.SyntheticDataset;
import org.tubelet.datasets.video.ClipSource;
import org.tubelet.datasets.video.DecodeFailure;
import org.tubelet.datasets.video.Rotation;
import org.tubelet.datasets.video.VideoFormat;

class DatasetCheckTest {

    @TempDir
    Path dir;

    @Test
    void reportsCountsFormatsAndEveryUnreadableVideo() throws IOException {
        SyntheticDataset data = MovingShapes.generate(dir.resolve("d"),
                new SyntheticConfig(2, 3, 0, 10, 32, 48, 20, 3, VideoFormat.MP4_H264));
        DatasetIndex index = Layout.LIST.read(data.trainList(), Optional.empty(), LayoutOptions.strict());
        List<VideoSample> samples = new ArrayList<>(index.samples());
        Path empty = Files.write(dir.resolve("empty.mp4"), new byte[0]);
        samples.add(VideoSample.of(empty, 1));
        samples.add(VideoSample.of(dir.resolve("missing.webm"), 0));
        // a frame-folder style count that disagrees with the video
        samples.add(new VideoSample(index.samples().get(0).path(), 0, OptionalInt.of(12)));

        for (boolean deep : new boolean[] {false, true}) {
            DatasetReport report = new DatasetCheck(ClipSource.standard(), 2, deep).run(samples, index.labels());
            assertEquals(9, report.samples());
            assertEquals(7, report.readable());
            assertEquals(Map.of("move_000deg", 5, "move_180deg", 4), Map.copyOf(report.samplesPerClass()));
            assertEquals(Map.of("48x32", 7), Map.copyOf(report.frameSizes()));
            assertEquals(1, report.codecs().size());
            assertEquals(Map.of(Rotation.NONE, 7), Map.copyOf(report.rotations()));
            assertEquals(20.0, report.fps().min());
            assertEquals(20.0, report.fps().max());
            assertEquals(10.0, report.frameCounts().median());
            assertEquals(0.5, report.durationSeconds().mean(), 0.06);
            assertEquals(2, report.unreadable().size());
            assertEquals(empty, report.unreadable().get(0).path());
            assertEquals(DecodeFailure.EMPTY, report.unreadable().get(0).reason());
            assertEquals(DecodeFailure.MISSING, report.unreadable().get(1).reason());
            assertEquals(1, report.frameCountMismatches().size());
            assertEquals(12, report.frameCountMismatches().get(0).reported());
            assertEquals(10, report.frameCountMismatches().get(0).decoded());
            assertEquals(deep, report.decodedEveryFrame());
            assertFalse(report.ok());
            String text = report.toText();
            assertTrue(text.contains("9 samples, 7 readable, 2 unreadable"), text);
            assertTrue(text.contains(empty + ": zero-length file"), text);
        }
    }
}
