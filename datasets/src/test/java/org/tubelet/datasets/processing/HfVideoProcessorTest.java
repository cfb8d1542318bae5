package org.tubelet.datasets.processing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.tubelet.datasets.video.VideoClip;

class HfVideoProcessorTest {

    private static final ProcessorConfig VIDEOMAE = ProcessorConfig.defaults(ProcessorType.VIDEOMAE);
    private static final ProcessorConfig VIVIT = ProcessorConfig.defaults(ProcessorType.VIVIT);

    private static VideoClip randomClip(int frames, int height, int width, long seed) {
        byte[] rgb = new byte[frames * height * width * 3];
        new Random(seed).nextBytes(rgb);
        return new VideoClip(frames, height, width, rgb);
    }

    private static ProcessorConfig withFlags(ProcessorConfig c, boolean resize, boolean crop, boolean rescale,
                                             boolean normalize) {
        return new ProcessorConfig(c.type(), resize, c.size(), c.resample(), crop, c.cropSize(), rescale,
                c.rescaleFactor(), c.offset() && rescale, normalize, c.imageMean(), c.imageStd());
    }

    @Test
    void lutEndpointsAreMinusOneToOneForVideoMaeAndMinusThreeToOneForVivit() {
        PixelValueLut videomae = PixelValueLut.of(VIDEOMAE);
        PixelValueLut vivit = PixelValueLut.of(VIVIT);
        for (int c = 0; c < 3; c++) {
            assertEquals(-1f, videomae.value(c, 0));
            assertEquals(1f, videomae.value(c, 255));
            assertEquals(-3f, vivit.value(c, 0));
            assertEquals(1f, vivit.value(c, 255));
        }
    }

    @Test
    void lutFollowsTheFormulasOfProcessorsMd() {
        PixelValueLut videomae = PixelValueLut.of(VIDEOMAE);
        PixelValueLut vivit = PixelValueLut.of(VIVIT);
        int differFromNaive = 0;
        for (int v = 0; v < 256; v++) {
            float m = ((float) (v / 255.0) - 0.5f) / 0.5f;
            float t = (((float) (v / 127.5) - 1f) - 0.5f) / 0.5f;
            assertEquals(Float.floatToRawIntBits(m), Float.floatToRawIntBits(videomae.value(1, v)), "VideoMAE v=" + v);
            assertEquals(Float.floatToRawIntBits(t), Float.floatToRawIntBits(vivit.value(2, v)), "ViViT v=" + v);
            if (((v * (1f / 255f)) - 0.5f) / 0.5f != m) {
                differFromNaive++;
            }
        }
        assertTrue(differFromNaive > 0, "the float-only formula differs for some values (PROCESSORS.md: 111)");
    }

    @Test
    void lutRespectsPerChannelStatsAndFlags() {
        ProcessorConfig imagenet = new ProcessorConfig(ProcessorType.VIDEOMAE, true, VIDEOMAE.size(), Resample.BILINEAR,
                true, VIDEOMAE.cropSize(), true, VIDEOMAE.rescaleFactor(), false, true,
                List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225));
        PixelValueLut lut = PixelValueLut.of(imagenet);
        assertEquals(((float) (128 / 255.0) - 0.456f) / 0.224f, lut.value(1, 128));
        assertEquals(((float) (128 / 255.0) - 0.406f) / 0.225f, lut.value(2, 128));
        assertEquals(200f, PixelValueLut.of(withFlags(VIDEOMAE, true, true, false, false)).value(0, 200));
        assertEquals((200f - 0.5f) / 0.5f, PixelValueLut.of(withFlags(VIDEOMAE, true, true, false, true)).value(0, 200));
        assertEquals((float) (200 / 255.0), PixelValueLut.of(withFlags(VIDEOMAE, true, true, true, false)).value(0, 200));
        assertEquals((float) (200 / 127.5) - 1f, PixelValueLut.of(withFlags(VIVIT, true, true, true, false)).value(0, 200));
    }

    @Test
    void outputShapeIsOneTThreeCropHCropW() {
        assertArrayEquals(new long[] {1, 16, 3, 224, 224}, new HfVideoProcessor(VIDEOMAE).outputShape(16));
        HfVideoProcessor small = new HfVideoProcessor(VIVIT.withCropSize(new FrameSize(64, 48)));
        assertArrayEquals(new long[] {1, 6, 3, 64, 48}, small.outputShape(6));
        HfVideoProcessor noCrop = new HfVideoProcessor(withFlags(VIDEOMAE, true, false, true, true));
        assertThrows(IllegalStateException.class, () -> noCrop.outputShape(4));
        assertArrayEquals(new long[] {1, 4, 3, 224, 298}, noCrop.outputShape(4, new FrameSize(240, 320)));
        HfVideoProcessor exactNoCrop = new HfVideoProcessor(withFlags(VIDEOMAE, true, false, true, true)
                .withSize(new ExactSize(100, 90)));
        assertArrayEquals(new long[] {1, 2, 3, 100, 90}, exactNoCrop.outputShape(2));
    }

    @Test
    void processEqualsResizeThenCropThenLut() {
        for (ProcessorConfig config : List.of(VIDEOMAE.withSize(new ShortestEdge(64)).withCropSize(new FrameSize(56, 50)),
                VIVIT.withSize(new ShortestEdge(40)).withCropSize(new FrameSize(36, 36)),
                VIDEOMAE.withSize(new ExactSize(30, 70)).withCropSize(new FrameSize(40, 20)), // pads rows
                withFlags(VIVIT.withSize(new ShortestEdge(33)), true, false, true, true))) {
            HfVideoProcessor processor = new HfVideoProcessor(config);
            VideoClip clip = randomClip(3, 75, 100, config.hashCode());
            VideoClip resized = processor.resize(clip);
            VideoClip cropped = config.doCenterCrop() ? new CenterCrop(config.cropSize()).apply(resized) : resized;
            PixelValueLut lut = PixelValueLut.of(config);
            float[] out = processor.process(clip);
            int h = cropped.height();
            int w = cropped.width();
            assertEquals(3 * 3 * h * w, out.length);
            for (int t = 0; t < 3; t++) {
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            float expected = lut.value(c, cropped.get(t, y, x, c));
                            float actual = out[((t * 3 + c) * h + y) * w + x]; // [T, 3, h, w]
                            assertEquals(expected, actual, config + " at " + t + "," + c + "," + y + "," + x);
                        }
                    }
                }
            }
        }
    }

    @Test
    void withoutResizeOrCropTheInputIsOnlyTransposedAndMapped() {
        HfVideoProcessor processor = new HfVideoProcessor(withFlags(VIDEOMAE, false, false, false, false));
        VideoClip clip = randomClip(2, 3, 4, 9);
        float[] out = processor.process(clip);
        for (int t = 0; t < 2; t++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 4; x++) {
                        assertEquals((float) clip.get(t, y, x, c), out[((t * 3 + c) * 3 + y) * 4 + x]);
                    }
                }
            }
        }
    }

    @Test
    void smallFramesArePaddedWithTheValueOfZero() {
        HfVideoProcessor processor = new HfVideoProcessor(withFlags(VIDEOMAE, false, true, true, true)
                .withCropSize(new FrameSize(4, 5)));
        byte[] rgb = new byte[2 * 2 * 3];
        java.util.Arrays.fill(rgb, (byte) 255);
        float[] out = processor.process(new VideoClip(1, 2, 2, rgb));
        // rows: deficit 2 -> image rows 1..2; columns: deficit 3 -> ceil 2 -> image columns 2..3
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 5; x++) {
                    boolean inside = y >= 1 && y <= 2 && x >= 2 && x <= 3;
                    assertEquals(inside ? 1f : -1f, out[(c * 4 + y) * 5 + x], "(" + c + "," + y + "," + x + ")");
                }
            }
        }
    }

    @Test
    void constantClipGivesTheConstantsValue() {
        byte[] rgb = new byte[2 * 240 * 320 * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = 10;
            rgb[i + 1] = (byte) 128;
            rgb[i + 2] = (byte) 250;
        }
        float[] out = new HfVideoProcessor(VIVIT).process(new VideoClip(2, 240, 320, rgb));
        PixelValueLut lut = PixelValueLut.of(VIVIT);
        int plane = 224 * 224;
        for (int i = 0; i < out.length; i++) {
            int c = (i / plane) % 3;
            assertEquals(lut.value(c, c == 0 ? 10 : c == 1 ? 128 : 250), out[i]);
        }
    }

    @Test
    void processIntoWritesAtTheOffsetOnly() {
        HfVideoProcessor processor = new HfVideoProcessor(VIDEOMAE.withSize(new ShortestEdge(16))
                .withCropSize(new FrameSize(16, 16)));
        VideoClip clip = randomClip(2, 20, 30, 5);
        float[] alone = processor.process(clip);
        float[] batch = new float[7 + alone.length + 3];
        java.util.Arrays.fill(batch, Float.NaN);
        processor.process(clip, batch, 7);
        for (int i = 0; i < alone.length; i++) {
            assertEquals(alone[i], batch[7 + i]);
        }
        assertTrue(Float.isNaN(batch[6]) && Float.isNaN(batch[7 + alone.length]));
        assertThrows(IndexOutOfBoundsException.class, () -> processor.process(clip, new float[alone.length], 1));
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        HfVideoProcessor processor = new HfVideoProcessor(VIDEOMAE.withSize(new ShortestEdge(48))
                .withCropSize(new FrameSize(40, 40)));
        List<VideoClip> clips = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            VideoClip clip = randomClip(2, 50 + 7 * i, 90 - 5 * i, i);
            clips.add(clip);
            expected.add(new HfVideoProcessor(processor.config()).process(clip));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int round = 0; round < 64; round++) {
                int i = round % clips.size();
                results.add(pool.submit(() -> java.util.Arrays.equals(expected.get(i), processor.process(clips.get(i)))));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
