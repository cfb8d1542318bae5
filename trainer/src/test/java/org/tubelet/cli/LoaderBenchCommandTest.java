package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.datasets.synthetic.BenchVideos;

/**
 * {@code dataset bench} on two tiny generated videos: the JSON line's contract and the clip plan (timings themselves
 * are not asserted: they belong in make bench).
 */
class LoaderBenchCommandTest {

    private static String[] args(Path root, Path plan, int workers) {
        return new String[]{"dataset", "bench", "--root", root.toString(), "--videos", "2", "--video-size", "64x48",
                "--duration", "1", "--fps", "30", "--frames", "4", "--stride", "2", "--size", "32", "--batch", "2",
                "--clips", "6", "--warmup", "2", "--workers", Integer.toString(workers), "--plan", plan.toString(),
                "--json"};
    }

    @Test
    void generatesTimesAndWritesThePlan(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("videos");
        Path plan = tmp.resolve("plan.jsonl");
        CliRun r = CliRun.of(args(root, plan, 2));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("generating 2 videos"), r.out());
        assertTrue(Files.isRegularFile(root.resolve(BenchVideos.LIST)));

        JsonNode json = lastJsonLine(r.out());
        assertEquals(6, json.get("clips").asInt(), json.toString());
        assertEquals(2, json.get("workers").asInt());
        assertEquals(2, json.get("videos").asInt());
        assertEquals("64x48", json.get("video_size").asText());
        assertEquals(30, json.get("video_frames").asInt());
        assertTrue(json.get("clips_per_s").asDouble() > 0, json.toString());
        assertTrue(json.get("consumer_wait_s").asDouble() >= 0, json.toString());

        List<String> lines = Files.readAllLines(plan);
        assertEquals(6, lines.size(), "one line per timed clip");
        for (String line : lines) {
            JsonNode clip = new ObjectMapper().readTree(line);
            assertTrue(Files.isRegularFile(Path.of(clip.get("path").asText())), line);
            assertEquals(4, clip.get("frames").size(), line);
            int first = clip.get("frames").get(0).asInt();
            for (int k = 0; k < 4; k++) {
                assertEquals(first + 2 * k, clip.get("frames").get(k).asInt(), "stride 2: " + line);
            }
        }

        CliRun again = CliRun.of(args(root, plan, 1));
        assertEquals(0, again.code(), again.err());
        assertFalse(again.out().contains("generating"), "the videos are reused: " + again.out());
        assertEquals(6, lastJsonLine(again.out()).get("clips").asInt());
    }

    @Test
    void aFolderWithoutTheListIsAUsageError(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("something.txt"), "x");
        CliRun r = CliRun.of("dataset", "bench", "--root", tmp.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no " + BenchVideos.LIST), r.err());
        assertEquals(2, CliRun.of("dataset", "bench", "--root", tmp.resolve("new").toString(),
                "--video-size", "65x48").code(), "odd sides");
    }

    private static JsonNode lastJsonLine(String out) throws Exception {
        String[] lines = out.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }
}
