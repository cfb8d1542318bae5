package org.tubelet.datasets.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VideoDecoderTest {

    private static final int T = 30;
    private static final int H = 48;
    private static final int W = 64;

    @TempDir
    Path dir;

    private final VideoDecoder decoder = new VideoDecoder();

    @ParameterizedTest
    @EnumSource(value = VideoFormat.class, names = {"MP4_H264", "WEBM_VP9", "MKV_H264", "AVI_MPEG4", "MP4_MPEG4"})
    void decodesEachCodecWrittenByTheBundledEncoder(VideoFormat format) throws IOException {
        assertTrue(format.isWritable(), format + " has no encoder in the bundled FFmpeg");
        Path file = TestVideos.writePattern(dir.resolve("v." + format.extension()), format, T, H, W, 10);
        checkPatternVideo(file, T, expectedCodec(format));
    }

    @Test
    void decodesTheoraFromTheCommittedFixture() throws Exception {
        // The bundled FFmpeg has a Theora decoder but no encoder; the fixture was made with Debian's ffmpeg 5.1
        // (libtheora) from TestVideos.patternClip(30, 48, 64): see src/test/resources/video/README.md.
        Path file = Path.of(getClass().getResource("/video/pattern_theora.ogv").toURI());
        checkPatternVideo(file, T, "theora");
    }

    private void checkPatternVideo(Path file, int frames, String codec) throws VideoDecodeException {
        VideoInfo info = decoder.probe(file);
        assertEquals(frames, info.frameCount(), info.toString());
        assertEquals(25.0, info.fps(), 1e-9);
        assertEquals(frames / 25.0, info.durationSeconds(), 0.05);
        assertEquals(W, info.width());
        assertEquals(H, info.height());
        assertEquals(codec, info.codec());
        assertEquals(Rotation.NONE, info.rotation());

        VideoClip all = decoder.decode(file, IntStream.range(0, frames).toArray());
        assertEquals(frames, all.frames());
        for (int t = 0; t < frames; t++) {
            double err = TestVideos.errorFromPattern(all, t, t);
            assertTrue(err < 6, file.getFileName() + " frame " + t + " differs from the pattern by " + err);
            assertEquals(t, TestVideos.frameNumberFromRed(all, t), "frame number read from the red level of frame " + t);
        }
        assertEquals(frames, decoder.decodeAll(file));
    }

    private static String expectedCodec(VideoFormat format) {
        return switch (format) {
            case MP4_H264, MKV_H264 -> "h264";
            case WEBM_VP9 -> "vp9";
            case AVI_MPEG4, MP4_MPEG4 -> "mpeg4";
            case OGV_THEORA -> "theora";
        };
    }

    @ParameterizedTest
    @EnumSource(value = VideoFormat.class, names = {"MP4_H264", "WEBM_VP9", "MKV_H264", "AVI_MPEG4", "MP4_MPEG4"})
    void seekingIsFrameAccurate(VideoFormat format) throws IOException {
        int frames = 60;
        Path file = dir.resolve("gop." + format.extension());
        // MPEG-4 with B-frames: decoding order differs from display order, as in most real video
        VideoWriter.write(TestVideos.patternClip(frames, H, W), file, format,
                EncodeSettings.defaults().withGopSize(8).withBFrames(format == VideoFormat.MP4_MPEG4 ? 2 : 0));
        VideoClip full = decoder.decode(file, IntStream.range(0, frames).toArray());
        // keyframes at 0, 8, 16, ...: test on, just before and just after boundaries, and deep inside GOPs
        for (int i : new int[] {0, 1, 7, 8, 9, 15, 16, 23, 24, 25, 31, 37, 40, 47, 48, 55, 58, 59}) {
            DecodeResult r = decoder.decodeWithStats(file, new int[] {i});
            assertEquals(full.subClip(new int[] {i}), r.clip(), format + ": frame " + i + " after seeking");
        }
        int[] scattered = {40, 3, 40, 17, 59, 17, 0};
        assertEquals(full.subClip(scattered), decoder.decode(file, scattered), "unsorted indices with repeats");
        int[] dense = IntStream.range(0, 16).map(i -> 30 + i).toArray();
        assertEquals(full.subClip(dense), decoder.decode(file, dense), "a dense clip in the middle");
    }

    @Test
    void rgbConversionEqualsJavaCvsOwnForAnyWidth() throws Exception {
        // 100 and 38 pixels are not multiples of swscale's SIMD block: the last pixels of each row must still match
        for (int width : new int[] {100, 38}) {
            Path file = TestVideos.writePattern(dir.resolve("w" + width + ".mp4"), VideoFormat.MP4_H264, 3, 30, width, 3);
            VideoClip ours = decoder.decode(file, new int[] {0, 1, 2});
            try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(file.toFile())) {
                g.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24);
                g.start();
                for (int t = 0; t < 3; t++) {
                    org.bytedeco.javacv.Frame f = g.grabImage();
                    java.nio.ByteBuffer b = (java.nio.ByteBuffer) f.image[0];
                    for (int y = 0; y < 30; y++) {
                        for (int x = 0; x < width; x++) {
                            for (int c = 0; c < 3; c++) {
                                assertEquals(b.get(y * f.imageStride + x * 3 + c) & 0xFF, ours.get(t, y, x, c),
                                        "width " + width + ", frame " + t + ", pixel (" + y + ", " + x + ")");
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void aShortClipFromALongVideoDoesNotDecodeTheWholeVideo() throws IOException {
        int frames = 400;
        Path file = TestVideos.writePattern(dir.resolve("long.mp4"), VideoFormat.MP4_H264, frames, 32, 32, 10);
        int[] clip = IntStream.range(0, 16).map(i -> 303 + 4 * (i % 4)).toArray(); // frames 303..315
        DecodeResult r = decoder.decodeWithStats(file, clip);
        assertTrue(r.seeks() >= 1, "expected a seek, got " + r);
        // one seek to the keyframe at 300 (GOP 10), then forward to 315: 16 frames, against 400 for the whole video
        assertTrue(r.framesDecoded() <= 17, "decoded " + r.framesDecoded() + " frames for a 13-frame span");
        VideoClip reference = decoder.decode(file, IntStream.range(290, 320).toArray());
        int[] local = IntStream.of(clip).map(i -> i - 290).toArray();
        assertEquals(reference.subClip(local), r.clip());
    }

    @Test
    void appliesRotationMetadata() throws IOException {
        Path plain = TestVideos.writePattern(dir.resolve("plain.mp4"), VideoFormat.MP4_H264, 4, H, W, 4);
        VideoClip upright = decoder.decode(plain, new int[] {0, 3});
        // angle as given to av_display_rotation_set -> what FFmpeg 5.0 reads back -> turn applied
        double[][] cases = {{-90, 270}, {90, 90}, {180, 180}};
        for (double[] c : cases) {
            Path rotated = dir.resolve("rot" + (int) c[0] + ".mp4");
            TestVideos.copyWithDisplayMatrix(plain, rotated, c[0]);
            Rotation expected = Rotation.nearest(c[1]);
            VideoInfo info = decoder.probe(rotated);
            assertEquals(expected, info.rotation(), "angle " + c[0]);
            assertEquals(expected.swapsSides() ? H : W, info.width());
            assertEquals(expected.swapsSides() ? W : H, info.height());
            VideoClip clip = decoder.decode(rotated, new int[] {0, 3});
            assertEquals(info.width(), clip.width());
            assertEquals(info.height(), clip.height());
            assertEquals(rotate(upright, expected), clip, "pixels of the " + expected + " video");
        }
    }

    /** Rotation by coordinates, independent of Rotation.apply. */
    private static VideoClip rotate(VideoClip clip, Rotation r) {
        int h = clip.height();
        int w = clip.width();
        int oh = r.swapsSides() ? w : h;
        int ow = r.swapsSides() ? h : w;
        byte[] out = new byte[clip.rgb().length];
        for (int t = 0; t < clip.frames(); t++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int sy;
                    int sx;
                    switch (r) {
                        case CW90 -> { sy = h - 1 - ox; sx = oy; }
                        case CW180 -> { sy = h - 1 - oy; sx = w - 1 - ox; }
                        case CW270 -> { sy = ox; sx = w - 1 - oy; }
                        default -> { sy = oy; sx = ox; }
                    }
                    for (int c = 0; c < 3; c++) {
                        out[((t * oh + oy) * ow + ox) * 3 + c] = (byte) clip.get(t, sy, sx, c);
                    }
                }
            }
        }
        return new VideoClip(clip.frames(), oh, ow, out);
    }

    @Test
    void framesPastTheEndAreFilledWithinToleranceElseTruncated() throws IOException {
        Path file = TestVideos.writePattern(dir.resolve("short.mp4"), VideoFormat.MP4_H264, 10, H, W, 5);
        VideoClip clip = decoder.decode(file, new int[] {8, 9, 10, 11});
        VideoClip last = decoder.decode(file, new int[] {9});
        for (int t = 1; t < 4; t++) {
            assertArrayEquals(last.subClip(new int[] {0}).rgb(), clip.subClip(new int[] {t}).rgb(), "frame " + t);
        }
        VideoDecodeException e = org.junit.jupiter.api.Assertions.assertThrows(VideoDecodeException.class,
                () -> decoder.decode(file, new int[] {2, 40}));
        assertEquals(DecodeFailure.TRUNCATED, e.reason());
        assertTrue(e.getMessage().contains("short.mp4") && e.getMessage().contains("40"), e.getMessage());
    }

    @Test
    void badFilesFailWithTheirPathAndReason() throws IOException {
        Path good = TestVideos.writePattern(dir.resolve("good.mp4"), VideoFormat.MP4_H264, 20, H, W, 5);
        byte[] bytes = java.nio.file.Files.readAllBytes(good);
        Path truncated = java.nio.file.Files.write(dir.resolve("truncated.mp4"),
                java.util.Arrays.copyOf(bytes, bytes.length / 2)); // the moov atom is at the end: cut off
        Path empty = java.nio.file.Files.write(dir.resolve("empty.mp4"), new byte[0]);
        byte[] noise = new byte[5000];
        new java.util.Random(1).nextBytes(noise);
        Path garbage = java.nio.file.Files.write(dir.resolve("garbage.mp4"), noise);
        Path text = java.nio.file.Files.writeString(dir.resolve("notes.avi"), "not a video at all\n".repeat(50));
        Object[][] cases = {
            {dir.resolve("missing.mp4"), DecodeFailure.MISSING},
            {empty, DecodeFailure.EMPTY},
            {truncated, DecodeFailure.UNREADABLE},
            {garbage, DecodeFailure.UNREADABLE},
            {text, DecodeFailure.UNREADABLE},
        };
        for (Object[] c : cases) {
            Path p = (Path) c[0];
            VideoDecodeException probe = org.junit.jupiter.api.Assertions.assertThrows(VideoDecodeException.class,
                    () -> decoder.probe(p), p.toString());
            assertEquals(c[1], probe.reason(), probe.getMessage());
            assertEquals(p, probe.path());
            assertTrue(probe.getMessage().startsWith(p.toString()), probe.getMessage());
            VideoDecodeException decode = org.junit.jupiter.api.Assertions.assertThrows(VideoDecodeException.class,
                    () -> decoder.decode(p, new int[] {0}));
            assertEquals(c[1], decode.reason());
        }
    }
}
