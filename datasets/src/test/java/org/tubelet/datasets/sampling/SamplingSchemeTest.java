package org.tubelet.datasets.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tubelet.datasets.loader.ClipLoaders;

/** The loaders' sampling schemes: dense with a stride, or TSN's segments (one frame per segment). */
class SamplingSchemeTest {

    @Test
    void uniformLoadersTakeOneFramePerSegment() {
        ClipLoaders uniform = new ClipLoaders(8, 1, SamplingScheme.UNIFORM);
        int n = 100;                                                    // segments [12.5 i, 12.5 (i + 1))
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            int[] frames = uniform.trainingSampler().sample(n, rng);
            assertEquals(8, frames.length);
            for (int i = 0; i < 8; i++) {
                assertTrue(frames[i] >= Math.floor(i * n / 8.0) && frames[i] < Math.floor((i + 1) * n / 8.0),
                        "frame " + frames[i] + " lies in segment " + i);
            }
        }
        // test view v of V: the frame at fraction (v + 0.5) / V of each segment; one view is each segment's middle
        assertArrayEquals(new int[] {6, 18, 31, 43, 56, 68, 81, 93}, uniform.testSampler().view(n, 0, 1));
        assertArrayEquals(new int[] {3, 15, 28, 40, 53, 65, 78, 90}, uniform.testSampler().view(n, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new ClipLoaders(8, 2, SamplingScheme.UNIFORM),
                "uniform sampling has no stride");
    }

    @Test
    void denseIsTheDefaultScheme() {
        ClipLoaders dense = new ClipLoaders(4, 3);
        assertEquals(SamplingScheme.DENSE, dense.scheme());
        int[] frames = dense.trainingSampler().sample(40, new SplittableRandom(1));
        for (int i = 1; i < 4; i++) {
            assertEquals(3, frames[i] - frames[i - 1], "consecutive frames with the stride");
        }
    }
}
