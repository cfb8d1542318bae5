package org.tubelet.datasets.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrameSamplerTest {

    private static void assertValid(int[] idx, int frames, int frameCount) {
        assertEquals(frames, idx.length);
        for (int i : idx) {
            assertTrue(i >= 0 && i < frameCount, "index " + i + " outside [0, " + frameCount + ")");
        }
    }

    @Test
    void uniformTakesOneFramePerSegment() {
        UniformSampler train = new UniformSampler(8, SamplingMode.TRAIN, ShortVideoPolicy.LOOP);
        SplittableRandom rng = new SplittableRandom(1);
        Set<Integer> firstSeen = new HashSet<>();
        for (int trial = 0; trial < 200; trial++) {
            int[] idx = train.sample(100, rng);
            assertValid(idx, 8, 100);
            for (int i = 0; i < 8; i++) { // segment i is [floor(100 i / 8), floor(100 (i + 1) / 8))
                assertTrue(idx[i] >= 100 * i / 8 && idx[i] < 100 * (i + 1) / 8, "frame " + idx[i] + " of segment " + i);
            }
            firstSeen.add(idx[0]);
        }
        assertEquals(12, firstSeen.size(), "training draws every frame of a segment");
        UniformSampler eval = new UniformSampler(8, SamplingMode.EVAL, ShortVideoPolicy.LOOP);
        assertArrayEquals(new int[] {6, 18, 31, 43, 56, 68, 81, 93}, eval.sample(100, rng), "segment middles");
        assertArrayEquals(eval.sample(100, new SplittableRandom(5)), eval.sample(100, new SplittableRandom(6)));
    }

    @Test
    void denseSamplesStridedRunsCentredInEvaluation() {
        DenseSampler videomae = new DenseSampler(16, 4, SamplingMode.TRAIN, ShortVideoPolicy.LOOP);
        assertEquals(61, videomae.span());
        SplittableRandom rng = new SplittableRandom(7);
        Set<Integer> starts = new HashSet<>();
        for (int trial = 0; trial < 500; trial++) {
            int[] idx = videomae.sample(100, rng);
            assertValid(idx, 16, 100);
            for (int i = 1; i < 16; i++) {
                assertEquals(4, idx[i] - idx[i - 1]);
            }
            starts.add(idx[0]);
        }
        assertEquals(40, starts.size(), "every start in [0, 100 - 61] is drawn");
        DenseSampler eval = new DenseSampler(16, 4, SamplingMode.EVAL, ShortVideoPolicy.LOOP);
        int[] centred = eval.sample(100, rng);
        assertEquals(20, centred[0]); // floor(0.5 * 40)
        assertEquals(100 - 1 - centred[15], centred[0] - 1, 1, "centred within a frame");
    }

    @Test
    void multiClipViewsAreEvenlySpacedAndDeterministic() {
        DenseSampler dense = new DenseSampler(8, 2, SamplingMode.EVAL, ShortVideoPolicy.LOOP);
        int[][] views = dense.views(215, 5); // span 15, 201 possible starts, interval 40.2
        int[] starts = new int[5];
        for (int v = 0; v < 5; v++) {
            assertValid(views[v], 8, 215);
            starts[v] = views[v][0];
        }
        assertArrayEquals(new int[] {20, 60, 100, 140, 180}, starts);
        assertArrayEquals(dense.view(215, 0, 1), dense.sample(215, new SplittableRandom(0)));

        UniformSampler uniform = new UniformSampler(4, SamplingMode.EVAL, ShortVideoPolicy.LOOP);
        int[][] u = uniform.views(40, 2); // segments of 10: offsets 2 and 7
        assertArrayEquals(new int[] {2, 12, 22, 32}, u[0]);
        assertArrayEquals(new int[] {7, 17, 27, 37}, u[1]);
        assertThrows(IllegalArgumentException.class, () -> uniform.view(40, 2, 2));
    }

    @Test
    void shortVideosLoopOrRepeatTheLastFrame() {
        SplittableRandom rng = new SplittableRandom(3);
        DenseSampler loop = new DenseSampler(8, 2, SamplingMode.TRAIN, ShortVideoPolicy.LOOP);
        assertArrayEquals(new int[] {0, 2, 4, 1, 3, 0, 2, 4}, loop.sample(5, rng));
        DenseSampler repeat = new DenseSampler(8, 2, SamplingMode.EVAL, ShortVideoPolicy.REPEAT_LAST);
        assertArrayEquals(new int[] {0, 2, 4, 4, 4, 4, 4, 4}, repeat.sample(5, rng));
        UniformSampler uniformRepeat = new UniformSampler(6, SamplingMode.TRAIN, ShortVideoPolicy.REPEAT_LAST);
        assertArrayEquals(new int[] {0, 1, 2, 3, 3, 3}, uniformRepeat.sample(4, rng));
        UniformSampler uniformLoop = new UniformSampler(6, SamplingMode.TRAIN, ShortVideoPolicy.LOOP);
        for (int trial = 0; trial < 20; trial++) {
            int[] idx = uniformLoop.sample(4, rng);
            assertValid(idx, 6, 4);
            for (int i = 1; i < 6; i++) {
                assertEquals((idx[i - 1] + 1) % 4, idx[i], "looping runs are consecutive");
            }
        }
        assertArrayEquals(new int[] {0, 0, 0}, new UniformSampler(3, SamplingMode.EVAL, ShortVideoPolicy.LOOP).sample(1, rng));
    }

    @Test
    void sameSeedSameClips() {
        FrameSampler s = new UniformSampler(16, SamplingMode.TRAIN, ShortVideoPolicy.LOOP);
        assertArrayEquals(s.sample(300, new SplittableRandom(11)), s.sample(300, new SplittableRandom(11)));
        assertFalse(java.util.Arrays.equals(s.sample(300, new SplittableRandom(11)), s.sample(300, new SplittableRandom(12))));
    }
}
