package org.tubelet.datasets.processing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tubelet.datasets.processing.CenterCrop.Span;

/** The shortest-edge rule and the center crop (PROCESSORS.md sections 2 and 5). */
class GeometryTest {

    @Test
    void shortestEdgeTruncatesTheLongSide() {
        // 320x240 (WxH) to 224: 224 * 320 / 240 = 298.67 -> 298
        assertEquals(new FrameSize(224, 298), new ShortestEdge(224).outputSize(new FrameSize(240, 320)));
        // 190x107 (WxH) to 72: 72 * 190 / 107 = 127.85 -> 127
        assertEquals(new FrameSize(72, 127), new ShortestEdge(72).outputSize(new FrameSize(107, 190)));
        // the fixtures: 150x200 to 64 -> 64x85; 240x320 to 256 -> 256x341; 48x64 to 96 -> 96x128 (upscale)
        assertEquals(new FrameSize(64, 85), new ShortestEdge(64).outputSize(new FrameSize(150, 200)));
        assertEquals(new FrameSize(256, 341), new ShortestEdge(256).outputSize(new FrameSize(240, 320)));
        assertEquals(new FrameSize(96, 128), new ShortestEdge(96).outputSize(new FrameSize(48, 64)));
    }

    @Test
    void shortestEdgeUsesExactIntegerArithmetic() {
        assertEquals(1952, ShortestEdge.scaledLongSide(224, 61, 7)); // s * (long / (double) short) gives 1951
        assertEquals(new FrameSize(1952, 224), new ShortestEdge(224).outputSize(new FrameSize(61, 7)));
    }

    @Test
    void shortestEdgeHandlesPortraitAndSquare() {
        assertEquals(new FrameSize(298, 224), new ShortestEdge(224).outputSize(new FrameSize(320, 240)));
        assertEquals(new FrameSize(224, 224), new ShortestEdge(224).outputSize(new FrameSize(500, 500)));
    }

    @Test
    void exactSizeIgnoresTheInput() {
        assertEquals(new FrameSize(10, 20), new ExactSize(10, 20).outputSize(new FrameSize(300, 7)));
    }

    @Test
    void cropStartsAtTheFloorOfHalfTheExcess() {
        assertEquals(new Span(37, 224, 0), CenterCrop.span(298, 224)); // keeps 37..260, drops 37 left, 38 right
        assertEquals(new Span(16, 224, 0), CenterCrop.span(256, 224));
        assertEquals(new Span(58, 224, 0), CenterCrop.span(341, 224));
        assertEquals(new Span(0, 224, 0), CenterCrop.span(224, 224));
        CenterCrop crop = new CenterCrop(new FrameSize(56, 56));
        CenterCrop.Placement p = crop.place(new FrameSize(64, 85)); // fixture videomae_small: top 4, left 14
        assertEquals(new FrameRegion(4, 14, 56, 56), p.sourceRegion());
        assertFalse(p.needsPadding());
    }

    @Test
    void cropPadsSmallFramesWithZerosCentred() {
        assertEquals(new Span(0, 4, 2), CenterCrop.span(4, 8)); // even deficit: v4.37.2 and later agree
        assertEquals(new Span(0, 5, 2), CenterCrop.span(5, 8)); // odd deficit: ceil, as HF since #30934
        // a 1x2 frame into a 3x3 crop: rows pad 1 on top, columns pad 1 on the left
        byte[] frame = {1, 2, 3, 4, 5, 6};
        CenterCrop crop = new CenterCrop(new FrameSize(3, 3));
        assertTrue(crop.place(new FrameSize(1, 2)).needsPadding());
        byte[] out = crop.apply(frame, 0, new FrameSize(1, 2));
        byte[] expected = new byte[27];
        System.arraycopy(frame, 0, expected, (1 * 3 + 1) * 3, 6);
        assertArrayEquals(expected, out);
    }

    @Test
    void cropCanPadOneAxisAndCropTheOther() {
        // 2 rows x 4 columns into 4x2: rows padded by 1 on top and bottom, columns cropped from 1
        byte[] frame = new byte[2 * 4 * 3];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) (i + 1);
        }
        byte[] out = new CenterCrop(new FrameSize(4, 2)).apply(frame, 0, new FrameSize(2, 4));
        byte[] expected = new byte[4 * 2 * 3];
        System.arraycopy(frame, 3, expected, 2 * 3, 6); // row 0, columns 1..2 -> crop row 1
        System.arraycopy(frame, 4 * 3 + 3, expected, 4 * 3, 6); // row 1 -> crop row 2
        assertArrayEquals(expected, out);
    }
}
