package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.io.DType;
import org.tubelet.io.HostTensor;
import org.tubelet.io.Npy;
import picocli.CommandLine;

class PreprocessCommandTest {

    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/processors/vivit_small");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new PreprocessCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private static String arg(Path p) {
        return p.toString();
    }

    @Test
    void writesTheSamePixelValuesAsHuggingFace() throws Exception {
        Path target = dir.resolve("sub/pixel_values.npy");
        int code = run("--config", arg(FIXTURE.resolve("processor_config.json")),
                "--frames", arg(FIXTURE.resolve("frames.npy")), "--out", arg(target));
        assertEquals(0, code, "stderr: " + err);
        HostTensor expected = Npy.read(FIXTURE.resolve("pixel_values.npy"));
        HostTensor actual = Npy.read(target);
        assertEquals(DType.F32, actual.dtype());
        assertArrayEquals(expected.shape(), actual.shape());
        assertArrayEquals(expected.rawBytes(), actual.rawBytes(), "bit-identical float32 data");
        assertArrayEquals(Files.readAllBytes(FIXTURE.resolve("pixel_values.npy")), Files.readAllBytes(target),
                "the whole file, header included, is what numpy.save wrote");
        assertTrue(out.toString().contains(target.toString()) && out.toString().contains("[1, 6, 3, 64, 64]"), out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void selectsAFrameRange() throws Exception {
        Path target = dir.resolve("range.npy");
        int code = run("--config", arg(FIXTURE.resolve("processor_config.json")),
                "--frames", arg(FIXTURE.resolve("frames.npy")), "--start-frame", "2", "--num-frames", "3",
                "--out", arg(target));
        assertEquals(0, code, "stderr: " + err);
        HostTensor actual = Npy.read(target);
        assertArrayEquals(new long[] {1, 3, 3, 64, 64}, actual.shape());
        // frames are processed independently, so the result is frames 2..4 of the full output
        float[] full = Npy.read(FIXTURE.resolve("pixel_values.npy")).toFloats();
        int frame = 3 * 64 * 64;
        assertArrayEquals(Arrays.copyOfRange(full, 2 * frame, 5 * frame), actual.toFloats());
    }

    private void assertUsageError(String expectedInMessage, String... args) {
        int code = run(args);
        assertEquals(2, code, "exit code for " + Arrays.toString(args) + "; stderr: " + err);
        assertTrue(err.toString().contains(expectedInMessage), "stderr should mention '" + expectedInMessage + "': " + err);
        assertEquals("", out.toString());
    }

    @Test
    void videoFramesGiveTheSameResultAsTheDecodedFramesArray() throws Exception {
        // A real mp4 from the project's synthetic generator (FFmpeg encoder), then preprocess --video against
        // preprocess --frames on the same decoded frames.
        var data = org.tubelet.datasets.synthetic.MovingShapes.generate(dir.resolve("videos"),
                org.tubelet.datasets.synthetic.SyntheticConfig.small(3).withCounts(1, 1));
        Path video = Files.readAllLines(data.trainList()).stream().map(l -> l.split(" ")[0])
                .map(p -> data.root().resolve(p)).filter(Files::exists).findFirst().orElseThrow();
        var clip = new org.tubelet.datasets.video.VideoDecoder().decode(video, new int[]{1, 2, 3, 4});
        Path frames = dir.resolve("frames.npy");
        Npy.write(frames, HostTensor.ofUint8(new long[]{4, clip.height(), clip.width(), 3}, clip.rgb()));
        String config = arg(FIXTURE.resolve("processor_config.json"));
        assertEquals(0, run("--config", config, "--video", arg(video), "--start-frame", "1", "--num-frames", "4",
                "--out", arg(dir.resolve("a.npy"))), "stderr: " + err);
        assertEquals(0, run("--config", config, "--frames", arg(frames), "--out", arg(dir.resolve("b.npy"))));
        HostTensor a = Npy.read(dir.resolve("a.npy"));
        assertArrayEquals(new long[]{1, 4, 3, 64, 64}, a.shape());
        assertArrayEquals(Npy.read(dir.resolve("b.npy")).rawBytes(), a.rawBytes());
        out.getBuffer().setLength(0);
        assertUsageError("--num-frames", "--config", config, "--video", arg(video), "--start-frame", "1",
                "--num-frames", "100000", "--out", arg(dir.resolve("c.npy")));
    }

    @Test
    void badArgumentsReturnTwo() {
        String config = arg(FIXTURE.resolve("processor_config.json"));
        String frames = arg(FIXTURE.resolve("frames.npy"));
        String target = arg(dir.resolve("x.npy"));
        assertUsageError("--frames", "--config", config, "--out", target); // neither source
        err.getBuffer().setLength(0);
        assertUsageError("mutually exclusive", "--config", config, "--frames", frames, "--video", "a.mp4", "--out", target);
        assertFalse(Files.exists(dir.resolve("x.npy")));
    }

    @Test
    void badFilesAndRangesReturnTwoWithOneLine() throws Exception {
        String config = arg(FIXTURE.resolve("processor_config.json"));
        String frames = arg(FIXTURE.resolve("frames.npy"));
        String target = arg(dir.resolve("x.npy"));
        String[][] cases = {
                {"file not found", "--config", arg(dir.resolve("absent.json")), "--frames", frames, "--out", target},
                {"file not found", "--config", config, "--frames", arg(dir.resolve("absent.npy")), "--out", target},
                {"uint8", "--config", config, "--frames", arg(FIXTURE.resolve("pixel_values.npy")), "--out", target},
                {"--start-frame 6", "--config", config, "--frames", frames, "--start-frame", "6", "--out", target},
                {"--num-frames 5", "--config", config, "--frames", frames, "--start-frame", "2", "--num-frames", "5",
                        "--out", target},
                {"resample", "--config", arg(writeConfigWithResample(3)), "--frames", frames, "--out", target},
        };
        for (String[] c : cases) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            assertUsageError(c[0], Arrays.copyOfRange(c, 1, c.length));
            assertEquals(1, err.toString().strip().lines().count(), "one line: " + err);
        }
        assertFalse(Files.exists(dir.resolve("x.npy")));
    }

    private Path writeConfigWithResample(int resample) throws Exception {
        Path file = dir.resolve("bad_config.json");
        Files.writeString(file, Files.readString(FIXTURE.resolve("processor_config.json"))
                .replace("\"resample\": 2", "\"resample\": " + resample));
        return file;
    }
}
