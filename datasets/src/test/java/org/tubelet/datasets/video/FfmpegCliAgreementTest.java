package org.tubelet.datasets.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoded frames equal those of the ffmpeg command line ({@code ffmpeg -i F -vsync 0 -pix_fmt rgb24 -f rawvideo -}),
 * which PyAV and decord match too: within 1 level on at least 99.9 % of the values, for videos the ffmpeg CLI encodes
 * from its own test pattern in the codecs, pixel formats and colour spaces users meet. Needs the {@code ffmpeg}
 * program ({@code apt-get install ffmpeg}; {@code make test} installs it).
 */
class FfmpegCliAgreementTest {
    @TempDir
    static Path dir;

    /** A video: its name and the ffmpeg arguments that encode it from {@code testsrc2}. */
    record Case(String name, String size, List<String> encode) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("h264_yuv420p_bt601", "96x64", List.of("-c:v", "libx264", "-pix_fmt", "yuv420p",
                        "-colorspace", "smpte170m", "-color_primaries", "smpte170m", "-color_trc", "smpte170m",
                        "-f", "mp4")),
                new Case("h264_yuv420p_bt709", "96x64", List.of("-c:v", "libx264", "-pix_fmt", "yuv420p",
                        "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-f", "mp4")),
                new Case("h264_unspecified_odd_size", "75x41", List.of("-c:v", "libx264", "-pix_fmt", "yuv420p",
                        "-vf", "scale=74:40", "-f", "mp4")),
                new Case("h264_yuv444p", "64x48", List.of("-c:v", "libx264", "-pix_fmt", "yuv444p", "-f", "mp4")),
                new Case("h264_full_range_bt709", "64x48", List.of("-c:v", "libx264", "-pix_fmt", "yuvj420p",
                        "-colorspace", "bt709", "-f", "mp4")),
                new Case("mpeg4", "80x48", List.of("-c:v", "mpeg4", "-q:v", "3", "-f", "mp4")),
                new Case("vp9", "64x48", List.of("-c:v", "libvpx-vp9", "-deadline", "realtime", "-f", "webm")),
                new Case("theora", "64x48", List.of("-c:v", "libtheora", "-q:v", "6", "-f", "ogg")),
                new Case("svq1_yuv410p", "64x48", List.of("-c:v", "svq1", "-pix_fmt", "yuv410p", "-f", "mov")),
                new Case("mjpeg_yuvj422p", "64x48", List.of("-c:v", "mjpeg", "-pix_fmt", "yuvj422p", "-f", "avi")),
                new Case("h264_rotated_phone", "64x48", List.of("-c:v", "libx264", "-pix_fmt", "yuv420p",
                        "-metadata:s:v:0", "rotate=90", "-f", "mp4")));
    }

    @BeforeAll
    static void ffmpegIsThere() throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), "the ffmpeg program is needed (apt-get install ffmpeg)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodedFramesEqualTheFfmpegCli(Case c) throws Exception {
        Path video = dir.resolve(c.name() + ".video");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=" + c.size() + ":rate=10,format=yuv444p", "-frames:v", "6"));
        cmd.addAll(c.encode());
        cmd.add(video.toString());
        run(cmd);

        VideoDecoder decoder = new VideoDecoder();
        VideoInfo info = decoder.probe(video);
        VideoClip ours = decoder.decode(video, IntStream.range(0, info.frameCount()).toArray());
        byte[] theirs = run(List.of("ffmpeg", "-v", "error", "-i", video.toString(), "-vsync", "0", "-pix_fmt",
                "rgb24", "-f", "rawvideo", "-"));
        assertEquals(theirs.length, ours.rgb().length, c + ": " + info.frameCount() + " frames of " + ours.width()
                + "x" + ours.height() + " against the CLI's " + theirs.length + " bytes");
        long within = 0;
        int worst = 0;
        for (int i = 0; i < theirs.length; i++) {
            int d = Math.abs((theirs[i] & 0xff) - (ours.rgb()[i] & 0xff));
            worst = Math.max(worst, d);
            if (d <= 1) {
                within++;
            }
        }
        double share = within / (double) theirs.length;
        System.out.printf(Locale.ROOT, "%s: %d frames %dx%d, %.4f%% of values within 1 level, largest difference %d%n",
                c, ours.frames(), ours.width(), ours.height(), 100 * share, worst);
        assertTrue(share >= 0.999, String.format(Locale.ROOT, "%s: %.4f%% within 1 level (largest difference %d)", c,
                100 * share, worst));
    }

    private static byte[] run(List<String> cmd) throws IOException, InterruptedException {
        Path err = Files.createTempFile(dir, "ffmpeg", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + Files.readString(err));
        return out;
    }
}
