package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.datasets.synthetic.MovingShapes;
import org.tubelet.datasets.synthetic.SyntheticConfig;
import org.tubelet.run.SkippedVideos;

/**
 * A training run on real mp4 files of which two are broken (a training video cut after 300 bytes, an empty
 * validation video) finishes, and its summary names exactly those two with their reasons, on the command line and in
 * the run folder's {@code skipped_videos.csv}; a resumed run keeps the list of the run before it.
 */
@Tag("slow")
class SkippedVideosSummaryTest {

    @Test
    void theRunSummaryAndTheRunFolderNameTheSkippedVideos(@TempDir Path dir) throws Exception {
        var data = MovingShapes.generate(dir.resolve("data"), SyntheticConfig.small(7).withCounts(2, 1));
        Path cut = data.root().resolve(Files.readAllLines(data.trainList()).get(3).split(" ")[0]);
        Path empty = data.root().resolve(Files.readAllLines(data.valList()).get(1).split(" ")[0]);
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(cut), 300));
        Files.write(empty, new byte[0]);
        Path run = dir.resolve("run");

        CliRun first = CliRun.of(args(data.root(), run, 3));
        assertEquals(0, first.code(), first.err() + first.out());
        String summary = first.out().lines().filter(l -> l.startsWith("skipped ")).findFirst().orElse("");
        assertTrue(summary.startsWith("skipped 2 unreadable video(s), listed in " + run.toAbsolutePath().normalize()
                .resolve(SkippedVideos.FILE)), first.out());
        assertTrue(summary.contains(cut.getFileName() + " (cannot open or parse the container)")
                && summary.contains(empty.getFileName() + " (zero-length file)"), summary);
        assertEquals(List.of("path,reason,detail"), Files.readAllLines(run.resolve(SkippedVideos.FILE)).subList(0, 1));
        assertListed(run, cut, empty);

        CliRun resumed = CliRun.of(args(data.root(), run, 4));
        assertEquals(0, resumed.code(), resumed.err() + resumed.out());
        assertTrue(resumed.out().contains("resuming from"), resumed.out());
        assertTrue(resumed.out().contains("skipped 2 unreadable video(s)"), resumed.out());
        assertListed(run, cut, empty);
    }

    private static void assertListed(Path run, Path cut, Path empty) throws Exception {
        List<String> listed = SkippedVideos.read(run.resolve(SkippedVideos.FILE)).stream()
                .map(u -> u.path().toAbsolutePath().normalize() + " " + u.reason()).sorted().toList();
        List<String> expected = new ArrayList<>(List.of(cut.toAbsolutePath().normalize() + " UNREADABLE",
                empty.toAbsolutePath().normalize() + " EMPTY"));
        expected.sort(null);
        assertEquals(expected, listed);
    }

    private static String[] args(Path root, Path run, int steps) {
        List<String> args = new ArrayList<>(List.of("train", "--recipe", "quickstart"));
        for (String s : List.of("data.root=" + root, "data.generate=false", "data.batch_size=4",
                "train.max_steps=" + steps, "schedule.warmup_steps=1", "checkpoint.every_steps=3",
                "log.every_steps=1", "log.progress=lines", "log.plots=false", "checkpoint.dir=" + run)) {
            args.add("--set");
            args.add(s);
        }
        return args.toArray(new String[0]);
    }
}
