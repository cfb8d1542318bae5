package org.tubelet.datasets.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameFolderReaderTest {

    @TempDir
    Path dir;

    /** Writes the clip's frames as images named by the template. */
    static void writeFrames(VideoClip clip, Path folder, FrameNameTemplate template, String format) throws IOException {
        Files.createDirectories(folder);
        for (int t = 0; t < clip.frames(); t++) {
            BufferedImage img = new BufferedImage(clip.width(), clip.height(), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < clip.height(); y++) {
                for (int x = 0; x < clip.width(); x++) {
                    img.setRGB(x, y, (clip.get(t, y, x, 0) << 16) | (clip.get(t, y, x, 1) << 8) | clip.get(t, y, x, 2));
                }
            }
            ImageIO.write(img, format, folder.resolve(template.fileName(t)).toFile());
        }
    }

    @Test
    void readsPngFramesExactlyInAnyOrder() throws IOException {
        VideoClip clip = TestVideos.patternClip(7, 12, 10);
        FrameNameTemplate template = FrameNameTemplate.parse("frame_{:04}.png", 0);
        assertEquals("frame_%04d.png", template.pattern());
        writeFrames(clip, dir.resolve("v1"), template, "png");
        FrameFolderReader reader = new FrameFolderReader(template, 12.5);

        VideoInfo info = reader.probe(dir.resolve("v1"));
        assertEquals(7, info.frameCount());
        assertEquals(FrameCountSource.FILES, info.frameCountSource());
        assertEquals(12.5, info.fps());
        assertEquals(10, info.width());
        assertEquals(12, info.height());
        assertEquals("png", info.codec());

        int[] indices = {6, 0, 3, 3, 1};
        assertEquals(clip.subClip(indices), reader.decode(dir.resolve("v1"), indices));
        assertEquals(7, reader.decodeAll(dir.resolve("v1")));
    }

    @Test
    void readsMmaction2JpegFolders() throws IOException {
        VideoClip clip = TestVideos.patternClip(5, 32, 32);
        writeFrames(clip, dir.resolve("v2"), FrameNameTemplate.mmaction2(), "jpg");
        assertTrue(Files.exists(dir.resolve("v2/img_00001.jpg")));
        FrameFolderReader reader = FrameFolderReader.mmaction2();
        VideoClip decoded = reader.decode(dir.resolve("v2"), IntStream.range(0, 5).toArray());
        for (int t = 0; t < 5; t++) {
            assertTrue(TestVideos.errorFromPattern(decoded, t, t) < 8, "JPEG frame " + t);
        }
        // the routing source sends folders here and files to the video decoder
        assertEquals(5, ClipSource.standard().probe(dir.resolve("v2")).frameCount());
    }

    @Test
    void reportsMissingFramesAndGaps() throws IOException {
        VideoClip clip = TestVideos.patternClip(4, 8, 8);
        FrameNameTemplate template = FrameNameTemplate.mmaction2();
        writeFrames(clip, dir.resolve("gap"), template, "png");
        Files.delete(dir.resolve("gap").resolve(template.fileName(1)));
        FrameFolderReader reader = FrameFolderReader.mmaction2();
        VideoDecodeException gap = assertThrows(VideoDecodeException.class, () -> reader.probe(dir.resolve("gap")));
        assertEquals(DecodeFailure.CORRUPT, gap.reason());
        VideoDecodeException missing = assertThrows(VideoDecodeException.class,
                () -> reader.decode(dir.resolve("gap"), new int[] {0, 1}));
        assertTrue(missing.getMessage().contains("img_00002.jpg"), missing.getMessage());
        assertEquals(DecodeFailure.MISSING, assertThrows(VideoDecodeException.class,
                () -> reader.probe(dir.resolve("nothing"))).reason());
        Files.createDirectories(dir.resolve("empty"));
        assertEquals(DecodeFailure.EMPTY, assertThrows(VideoDecodeException.class,
                () -> reader.probe(dir.resolve("empty"))).reason());
        Files.writeString(Files.createDirectories(dir.resolve("bad")).resolve(template.fileName(0)), "not an image");
        VideoDecodeException notImage = assertThrows(VideoDecodeException.class,
                () -> reader.decode(dir.resolve("bad"), new int[] {0}));
        assertEquals(DecodeFailure.UNSUPPORTED, notImage.reason(), notImage.getMessage());
    }

    @Test
    void templatesNeedExactlyOneNumber() {
        assertThrows(IllegalArgumentException.class, () -> new FrameNameTemplate("img.jpg", 1));
        assertThrows(IllegalArgumentException.class, () -> new FrameNameTemplate("img_%d_%d.jpg", 1));
        assertEquals("img_00012.jpg", FrameNameTemplate.mmaction2().fileName(11));
        assertTrue(FrameNameTemplate.mmaction2().fileNameRegex().matcher("img_00012.jpg").matches());
        assertEquals("x_7.png", FrameNameTemplate.parse("x_{}.png", 7).fileName(0));
    }
}
