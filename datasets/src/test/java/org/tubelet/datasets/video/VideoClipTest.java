package org.tubelet.datasets.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VideoClipTest {

    /** A [T, H, W, 3] clip whose byte at (t, y, x, c) is t*100 + y*10 + x + c*3 (mod 256). */
    static VideoClip numbered(int frames, int height, int width) {
        byte[] rgb = new byte[frames * height * width * 3];
        int i = 0;
        for (int t = 0; t < frames; t++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    for (int c = 0; c < 3; c++) {
                        rgb[i++] = (byte) (t * 100 + y * 10 + x + c * 3);
                    }
                }
            }
        }
        return new VideoClip(frames, height, width, rgb);
    }

    @Test
    void getReadsUnsignedBytesInTHWCOrder() {
        VideoClip clip = numbered(3, 4, 5);
        assertEquals(2 * 100 + 3 * 10 + 4 + 2 * 3, clip.get(2, 3, 4, 2));
        byte[] rgb = new byte[3];
        rgb[1] = (byte) 200;
        assertEquals(200, new VideoClip(1, 1, 1, rgb).get(0, 0, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> clip.get(3, 0, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> clip.get(0, 0, 0, 3));
    }

    @Test
    void rejectsWrongLengthAndNonPositiveDims() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VideoClip(2, 2, 2, new byte[23]));
        assertTrue(e.getMessage().contains("23") && e.getMessage().contains("24"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new VideoClip(0, 2, 2, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new VideoClip(1, -1, 2, new byte[0]));
        assertThrows(NullPointerException.class, () -> new VideoClip(1, 1, 1, null));
    }

    @Test
    void subClipCopiesFramesInOrderAllowingRepeats() {
        VideoClip clip = numbered(4, 2, 3);
        VideoClip sub = clip.subClip(new int[] {3, 0, 3});
        assertEquals(3, sub.frames());
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(clip.get(3, y, x, c), sub.get(0, y, x, c));
                    assertEquals(clip.get(0, y, x, c), sub.get(1, y, x, c));
                    assertEquals(clip.get(3, y, x, c), sub.get(2, y, x, c));
                }
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> clip.subClip(new int[] {4}));
        assertThrows(IllegalArgumentException.class, () -> clip.subClip(new int[0]));
    }

    @Test
    void equalityComparesPixels() {
        VideoClip a = numbered(2, 2, 2);
        VideoClip b = numbered(2, 2, 2);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        byte[] changed = b.rgb().clone();
        changed[5]++;
        assertNotEquals(a, new VideoClip(2, 2, 2, changed));
        assertArrayEquals(a.rgb(), a.subClip(new int[] {0, 1}).rgb());
    }
}
