package org.tubelet.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pretraining demo end to end on a handful of videos and steps: every phase runs and the table comes out. */
@Tag("slow")
class PretrainDemoTest {
    @TempDir
    Path dir;

    @Test
    void everyPhaseRunsAndTheTableIsPrintedAndWritten() throws Exception {
        PretrainDemo.Settings s = new PretrainDemo.Settings(dir, 16, 8, List.of(1, 2), List.of(0L, 1L), 3, 2,
                List.of("log.reconstruct_every=2"), List.of());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PretrainDemo.Result r = PretrainDemo.run(s, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(4, r.rows().size(), "2 k × 2 seeds");
        for (PretrainDemo.Row row : r.rows()) {
            assertTrue(row.scratch() >= 0 && row.scratch() <= 1 && row.pretrained() >= 0 && row.pretrained() <= 1);
        }
        assertTrue(out.contains("| 1 | ") && out.contains("| 2 | "), out);
        assertTrue(Files.readString(r.results()).contains(r.table()));
        assertTrue(Files.isRegularFile(r.pretrainRun().resolve("reconstructions/step-00000002.png")));
        assertTrue(Files.isRegularFile(r.pretrainRun().resolve("reconstructions/step-00000003.png")));

        // the pretraining list has bare paths; a seed's k = 1 videos are among its k = 2 videos, one per class
        Path data = dir.resolve("data");
        assertTrue(Files.readAllLines(data.resolve("unlabelled.txt")).stream().noneMatch(l -> l.contains(" ")));
        for (long seed : List.of(0L, 1L)) {
            List<String> one = Files.readAllLines(data.resolve(PretrainDemo.labelledList(1, seed)));
            List<String> two = Files.readAllLines(data.resolve(PretrainDemo.labelledList(2, seed)));
            assertEquals(4, one.size());
            assertEquals(8, two.size());
            assertTrue(two.containsAll(one));
            Set<String> classes = new HashSet<>();
            one.forEach(l -> classes.add(l.substring(l.lastIndexOf(' ') + 1)));
            assertEquals(Set.of("0", "1", "2", "3"), classes);
        }
        assertTrue(!Files.readAllLines(data.resolve(PretrainDemo.labelledList(2, 0)))
                .equals(Files.readAllLines(data.resolve(PretrainDemo.labelledList(2, 1)))), "seeds pick other videos");
        // the pretrained arm started from the pretraining's encoder, the scratch arm did not
        assertTrue(Files.readString(dir.resolve("runs/pretrained-k1-seed0/init_from.txt")).contains("tensors loaded"));
        assertTrue(!Files.exists(dir.resolve("runs/scratch-k1-seed0/init_from.txt")));
    }
}
