package org.tubelet.datasets.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.datasets.layout.DatasetIndex;
import org.tubelet.datasets.layout.Layout;
import org.tubelet.datasets.layout.LayoutOptions;
import org.tubelet.datasets.video.VideoDecoder;
import org.tubelet.datasets.video.VideoFormat;
import org.tubelet.datasets.video.VideoInfo;

class MovingShapesTest {

    @TempDir
    Path dir;

    @Tag("slow")                                   // about 8 s: generates (encodes) the 200-clip dataset twice
    @Test
    void sameSeedSameDatasetAndItIsFast() throws IOException {
        SyntheticConfig config = SyntheticConfig.small(123).withCounts(40, 10); // 200 clips of 16 frames, 64x64
        long t0 = System.nanoTime();
        SyntheticDataset a = MovingShapes.generate(dir.resolve("a"), config);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 20, "generating 200 clips took " + seconds + " s");
        SyntheticDataset b = MovingShapes.generate(dir.resolve("b"), config);
        assertEquals(160, a.trainCount());
        assertEquals(40, a.valCount());
        assertEquals(Files.readString(a.trainList()), Files.readString(b.trainList()));
        assertEquals(Files.readString(a.valList()), Files.readString(b.valList()));
        assertEquals(Files.readString(a.labelsFile()), Files.readString(b.labelsFile()));
        assertEquals(List.of("move_000deg", "move_090deg", "move_180deg", "move_270deg"), a.labels().names());

        DatasetIndex train = Layout.LIST.read(a.trainList(), Optional.empty(), LayoutOptions.strict());
        DatasetIndex trainB = Layout.LIST.read(b.trainList(), Optional.empty(), LayoutOptions.strict());
        assertEquals(a.labels(), train.labels(), "labels.txt is found next to the list");
        int[] counts = train.countsPerClass();
        assertEquals(List.of(40, 40, 40, 40), IntStream.of(counts).boxed().toList());
        VideoDecoder decoder = new VideoDecoder();
        int[] all = IntStream.range(0, 16).toArray();
        for (int i : new int[] {0, 1, 77, 159}) {
            VideoInfo info = decoder.probe(train.samples().get(i).path());
            assertEquals(16, info.frameCount());
            assertEquals(64, info.width());
            assertEquals(a.encoder().equals("libopenh264") ? "h264" : "mpeg4", info.codec());
            assertEquals(decoder.decode(train.samples().get(i).path(), all), decoder.decode(trainB.samples().get(i).path(), all),
                    "video " + i + " decodes to the same frames");
        }
        SyntheticDataset c = MovingShapes.generate(dir.resolve("c"), SyntheticConfig.small(124).withCounts(1, 0));
        DatasetIndex other = Layout.LIST.read(c.trainList(), Optional.empty(), LayoutOptions.strict());
        assertTrue(!decoder.decode(other.samples().get(0).path(), all).equals(decoder.decode(train.samples().get(0).path(), all)),
                "another seed, other videos");
    }

    @Test
    void theClassIsTheDirectionAndNotThePosition() {
        SyntheticConfig config = new SyntheticConfig(8, 1, 0, 16, 64, 64, 25, 1, VideoFormat.MP4_H264);
        Set<Integer> startColumns = new HashSet<>();
        for (int label = 0; label < 8; label++) {
            for (int n = 0; n < 20; n++) {
                ShapeTrack track = MovingShapes.track(label, config, new SplittableRandom(label * 100L + n));
                double angle = Math.toDegrees(Math.atan2(-track.vy(), track.vx()));
                assertEquals(0, Math.IEEEremainder(angle - 45 * label, 360), 1e-9, "class " + label + " direction");
                for (int t : new int[] {0, 15}) { // the whole square stays inside the frame
                    assertTrue(track.left(t) >= 0 && track.left(t) + track.side() <= 64, track.toString());
                    assertTrue(track.top(t) >= 0 && track.top(t) + track.side() <= 64, track.toString());
                }
                assertTrue(Math.hypot(track.vx(), track.vy()) > 0.5, "it moves");
                startColumns.add(track.left(0) / 8);
            }
        }
        assertTrue(startColumns.size() >= 6, "start positions spread over the frame: " + startColumns);
    }

    /** Class folders: the videos of the list layout, each in the folder of its class, read back with those classes. */
    @Test
    void classFoldersHoldTheListVideosInTheFolderOfTheirClass() throws IOException {
        SyntheticConfig config = new SyntheticConfig(3, 2, 1, 4, 32, 32, 25, 5, VideoFormat.MP4_H264);
        SyntheticDataset list = MovingShapes.generate(dir.resolve("list"), config);
        ClassFolderDataset folders = MovingShapes.generateClassFolders(dir.resolve("folders"), config);
        assertEquals(6, folders.trainCount());
        assertEquals(3, folders.valCount());
        assertEquals(List.of("move_000deg", "move_120deg", "move_240deg"), folders.labels().names());
        VideoDecoder decoder = new VideoDecoder();
        int[] all = IntStream.range(0, 4).toArray();
        for (String split : List.of("train", "val")) {
            Path listFile = split.equals("train") ? list.trainList() : list.valList();
            Path root = split.equals("train") ? folders.train() : folders.val();
            DatasetIndex fromList = Layout.LIST.read(listFile, Optional.empty(), LayoutOptions.strict());
            DatasetIndex fromFolders = Layout.FOLDERS.read(root, Optional.empty(), LayoutOptions.strict());
            assertEquals(folders.labels(), fromFolders.labels(), split + ": classes are the folder names, in order");
            assertEquals(fromList.samples().size(), fromFolders.samples().size(), split);
            for (var listed : fromList.samples()) {
                String name = listed.path().getFileName().toString();
                var inFolder = fromFolders.samples().stream()
                        .filter(s -> s.path().getFileName().toString().equals(name)).findFirst().orElseThrow();
                assertEquals(listed.label(), inFolder.label(), name + ": the folder is the video's class");
                assertEquals(folders.labels().names().get(listed.label()), inFolder.path().getParent().getFileName()
                        .toString(), name);
                assertEquals(decoder.decode(listed.path(), all), decoder.decode(inFolder.path(), all), name);
            }
        }
    }
}
