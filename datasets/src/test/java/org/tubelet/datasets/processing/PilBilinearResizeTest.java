package org.tubelet.datasets.processing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tubelet.datasets.video.VideoClip;

class PilBilinearResizeTest {

    private static byte[] constant(FrameSize size, int r, int g, int b) {
        byte[] out = new byte[size.pixels() * 3];
        for (int i = 0; i < out.length; i += 3) {
            out[i] = (byte) r;
            out[i + 1] = (byte) g;
            out[i + 2] = (byte) b;
        }
        return out;
    }

    private static byte[] random(FrameSize size, long seed) {
        byte[] out = new byte[size.pixels() * 3];
        new Random(seed).nextBytes(out);
        return out;
    }

    @Test
    void constantImageStaysConstant() {
        FrameSize[][] cases = {
                {new FrameSize(240, 320), new FrameSize(224, 298)},
                {new FrameSize(107, 190), new FrameSize(72, 127)},
                {new FrameSize(48, 64), new FrameSize(96, 128)},
                {new FrameSize(1, 1), new FrameSize(7, 5)},
                {new FrameSize(1080, 1920), new FrameSize(13, 3)},
        };
        for (FrameSize[] c : cases) {
            byte[] out = new PilBilinearResize(c[0], c[1]).resize(constant(c[0], 0, 137, 255), 0);
            assertArrayEquals(constant(c[1], 0, 137, 255), out, c[0] + " -> " + c[1]);
        }
    }

    @Test
    void identityResizeIsAnExactCopy() {
        FrameSize size = new FrameSize(37, 53);
        byte[] src = random(size, 1);
        byte[] withOffset = new byte[src.length + 11];
        System.arraycopy(src, 0, withOffset, 11, src.length);
        assertArrayEquals(src, new PilBilinearResize(size, size).resize(withOffset, 11));
    }

    @Test
    void oneAxisResizeKeepsTheOtherAxisExact() {
        // only the width changes: every row is resized on its own, rows stay independent
        FrameSize in = new FrameSize(3, 8);
        byte[] src = random(in, 2);
        byte[] out = new PilBilinearResize(in, new FrameSize(3, 4)).resize(src, 0);
        for (int y = 0; y < 3; y++) {
            byte[] row = new byte[8 * 3];
            System.arraycopy(src, y * 24, row, 0, 24);
            byte[] rowOut = new PilBilinearResize(new FrameSize(1, 8), new FrameSize(1, 4)).resize(row, 0);
            byte[] actual = new byte[12];
            System.arraycopy(out, y * 12, actual, 0, 12);
            assertArrayEquals(rowOut, actual, "row " + y);
        }
    }

    @Test
    void upscaledCheckerboardIsSymmetricAndMatchesHandComputedValues() {
        // 2x2 checkerboard 0/255 (all channels) to 4x4: weights 1 | 0.75, 0.25 | 0.25, 0.75 | 1 on both axes;
        // horizontal row 0 = [0, 63.75 -> 64, 191.25 -> 191, 255], rounded to uint8 before the vertical pass.
        byte[] src = {0, 0, 0, (byte) 255, (byte) 255, (byte) 255, (byte) 255, (byte) 255, (byte) 255, 0, 0, 0};
        byte[] out = new PilBilinearResize(new FrameSize(2, 2), new FrameSize(4, 4)).resize(src, 0);
        int[][] expected = {
                {0, 64, 191, 255},
                {64, 96, 159, 191},
                {191, 159, 96, 64},
                {255, 191, 64, 0},
        };
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                for (int c = 0; c < 3; c++) {
                    int v = out[(y * 4 + x) * 3 + c] & 0xFF;
                    assertEquals(expected[y][x], v, "(" + y + "," + x + "," + c + ")");
                    assertEquals(v, out[(x * 4 + y) * 3 + c] & 0xFF, "transpose symmetry");
                    assertEquals(v, out[((3 - y) * 4 + (3 - x)) * 3 + c] & 0xFF, "180 degree symmetry");
                }
            }
        }
    }

    @Test
    void downscaleIsAntialiased() {
        // 4 columns 0,255,0,255 to 2: plain bilinear would give 0.5*0 + 0.5*255 for both outputs; Pillow widens
        // the triangle to support 2, so output 0 (centre 1) has taps x=0..2 with weights 0.75, 0.75, 0.25 -> 3/7,
        // 3/7, 1/7, and output 1 (centre 3) taps x=1..3 with 1/7, 3/7, 3/7.
        byte[] src = {0, 0, 0, (byte) 255, (byte) 255, (byte) 255, 0, 0, 0, (byte) 255, (byte) 255, (byte) 255};
        byte[] out = new PilBilinearResize(new FrameSize(1, 4), new FrameSize(1, 2)).resize(src, 0);
        int first = out[0] & 0xFF;
        int second = out[3] & 0xFF;
        assertEquals(255 * 3 / 7.0, first, 0.5 + 1e-9);
        assertEquals(255 * (3 + 1) / 7.0, second, 0.5 + 1e-9);
    }

    @Test
    void windowEqualsTheSameRegionOfTheFullResize() {
        Random random = new Random(3);
        FrameSize[][] cases = {
                {new FrameSize(240, 320), new FrameSize(224, 298)},
                {new FrameSize(48, 64), new FrameSize(96, 128)},
                {new FrameSize(50, 64), new FrameSize(50, 30)}, // no vertical pass
                {new FrameSize(50, 64), new FrameSize(20, 64)}, // no horizontal pass
                {new FrameSize(50, 64), new FrameSize(50, 64)}, // neither
        };
        for (FrameSize[] c : cases) {
            PilBilinearResize resize = new PilBilinearResize(c[0], c[1]);
            byte[] src = random(c[0], random.nextLong());
            byte[] full = resize.resize(src, 0);
            for (int trial = 0; trial < 20; trial++) {
                int h = 1 + random.nextInt(c[1].height());
                int w = 1 + random.nextInt(c[1].width());
                FrameRegion window = new FrameRegion(random.nextInt(c[1].height() - h + 1),
                        random.nextInt(c[1].width() - w + 1), h, w);
                byte[] part = new byte[h * w * 3 + 5];
                resize.resize(src, 0, window, part, 5);
                for (int y = 0; y < h; y++) {
                    for (int i = 0; i < w * 3; i++) {
                        int fullIndex = ((window.top() + y) * c[1].width() + window.left()) * 3 + i;
                        assertEquals(full[fullIndex], part[5 + y * w * 3 + i], c[0] + " -> " + c[1] + " " + window);
                    }
                }
            }
        }
    }

    @Test
    void resizesEveryFrameOfAClip() {
        FrameSize in = new FrameSize(20, 30);
        FrameSize out = new FrameSize(11, 17);
        byte[] f0 = random(in, 4);
        byte[] f1 = random(in, 5);
        byte[] both = new byte[f0.length * 2];
        System.arraycopy(f0, 0, both, 0, f0.length);
        System.arraycopy(f1, 0, both, f0.length, f1.length);
        PilBilinearResize resize = new PilBilinearResize(in, out);
        VideoClip clip = resize.resize(new VideoClip(2, 20, 30, both));
        assertEquals(new VideoClip(1, 11, 17, resize.resize(f1, 0)), clip.subClip(new int[] {1}));
        assertEquals(new VideoClip(1, 11, 17, resize.resize(f0, 0)), clip.subClip(new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> resize.resize(new VideoClip(1, 21, 30, new byte[21 * 30 * 3])));
        assertThrows(IllegalArgumentException.class,
                () -> resize.resize(f0, 0, new FrameRegion(5, 0, 7, 17), new byte[7 * 17 * 3], 0));
    }
}
