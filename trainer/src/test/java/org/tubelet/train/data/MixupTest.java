package org.tubelet.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.datasets.augment.DoubleRange;

/**
 * Mixup and cutmix against their definitions (timm's {@code Mixup}): the λ distribution, the mixed pixels, the cut box
 * (its area is the corrected λ, the same box in every frame and channel), the per batch / pair / clip modes and the
 * soft targets with label smoothing folded in; the mixing of a batch depends only on (seed, epoch, index).
 */
class MixupTest {
    private static final int T = 3;
    private static final int C = 2;
    private static final int H = 12;
    private static final int W = 10;
    private static final int K = 5;

    /** Clips whose every value is distinct: clip b, frame t, channel c, pixel (y, x). */
    private static float[] pixels(int clips) {
        float[] p = new float[clips * T * C * H * W];
        SplittableRandom rng = new SplittableRandom(clips);
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) rng.nextDouble(-2, 2);
        }
        return p;
    }

    private static long[] shape(int clips) {
        return new long[] {clips, T, C, H, W};
    }

    private static float at(float[] p, int b, int t, int c, int y, int x) {
        return p[(((b * T + t) * C + c) * H + y) * W + x];
    }

    private static Mixup mixup(double mixAlpha, double cutAlpha, DoubleRange minmax, double prob, double switchProb,
                               MixMode mode, boolean correct, double smoothing) {
        return new Mixup(mixAlpha, cutAlpha, minmax, prob, switchProb, mode, correct, smoothing, K);
    }

    /** The definition of the targets: λ·smooth(y_i) + (1-λ)·smooth(y_j), smooth = 1 - s + s/K on, s/K off. */
    private static void assertTargets(Mixup.Mixed m, long[] labels, double s) {
        for (int i = 0; i < labels.length; i++) {
            Mixup.ClipMix c = m.clips().get(i);
            double rowSum = 0;
            for (int k = 0; k < K; k++) {
                double mine = (k == labels[i] ? 1 - s + s / K : s / K);
                double theirs = (k == labels[c.partner()] ? 1 - s + s / K : s / K);
                double expected = c.lam() * mine + (1 - c.lam()) * theirs;
                assertEquals(expected, m.targets()[i * K + k], 1e-6, "target " + i + "," + k);
                rowSum += m.targets()[i * K + k];
            }
            assertEquals(1.0, rowSum, 1e-5, "row " + i + " is a distribution");
        }
    }

    /** Clip i of the output against the definition: the partner's box (every frame, channel) or the λ blend. */
    private static void assertMixedClip(float[] in, float[] out, int i, Mixup.ClipMix m) {
        int j = m.partner();
        for (int t = 0; t < T; t++) {
            for (int c = 0; c < C; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        float got = at(out, i, t, c, y, x);
                        if (m.box() != null) {
                            int[] b = m.box();
                            boolean inside = y >= b[0] && y < b[1] && x >= b[2] && x < b[3];
                            assertEquals(inside ? at(in, j, t, c, y, x) : at(in, i, t, c, y, x), got,
                                    "clip " + i + " (" + t + "," + c + "," + y + "," + x + ") box " + List.of(b[0],
                                            b[1], b[2], b[3]));
                        } else {
                            double expected = m.lam() * at(in, i, t, c, y, x) + (1 - m.lam()) * at(in, j, t, c, y, x);
                            assertEquals(expected, got, 1e-5, "clip " + i + " blend");
                        }
                    }
                }
            }
        }
    }

    @Test
    void mixupBlendsEachClipWithItsMirrorAndTheTargetsFollowLambda() {
        long[] labels = {0, 1, 2, 3, 4, 2};
        float[] in = pixels(6);
        Mixup mix = mixup(0.8, 0, null, 1.0, 0.5, MixMode.BATCH, true, 0.1);
        for (long seed = 0; seed < 5; seed++) {
            Mixup.Mixed m = mix.mix(in, labels, shape(6), new SplittableRandom(seed));
            double lam = m.clips().get(0).lam();
            assertTrue(lam > 0 && lam < 1, "λ " + lam);
            for (int i = 0; i < 6; i++) {
                Mixup.ClipMix c = m.clips().get(i);
                assertEquals(5 - i, c.partner());
                assertEquals(lam, c.lam(), "one λ per batch");
                assertNull(c.box());
                assertMixedClip(in, m.pixels(), i, c);
            }
            assertTargets(m, labels, 0.1);
        }
    }

    @Test
    void lambdaIsBetaDistributedAndProbAndSwitchProbAreHonoured() {
        for (double alpha : new double[] {0.2, 0.8, 1.0, 3.0}) {
            Mixup mix = mixup(alpha, 0, null, 1.0, 0.5, MixMode.ELEM, true, 0);
            List<Double> lams = new ArrayList<>();
            SplittableRandom rng = new SplittableRandom(11);
            float[] in = pixels(2);
            for (int n = 0; n < 6000; n++) {
                mix.mix(in, new long[] {0, 1}, shape(2), rng).clips().forEach(c -> lams.add(c.drawnLam()));
            }
            double mean = lams.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double var = lams.stream().mapToDouble(l -> (l - mean) * (l - mean)).sum() / (lams.size() - 1);
            assertEquals(0.5, mean, 0.012, "Beta(" + alpha + ", " + alpha + ") mean");
            assertEquals(1 / (4 * (2 * alpha + 1)), var, 0.006, "Beta(" + alpha + ", " + alpha + ") variance");
            assertTrue(lams.stream().allMatch(l -> l >= 0 && l <= 1));
        }
        // prob: a share 1 - prob of clips is left alone; switch_prob: the share of cutmix among mixed clips
        Mixup both = mixup(1.0, 1.0, null, 0.6, 0.3, MixMode.ELEM, true, 0);
        int unmixed = 0;
        int cut = 0;
        int total = 0;
        SplittableRandom rng = new SplittableRandom(5);
        float[] in = pixels(4);
        for (int n = 0; n < 2500; n++) {
            for (Mixup.ClipMix c : both.mix(in, new long[] {0, 1, 2, 3}, shape(4), rng).clips()) {
                total++;
                if (c.drawnLam() == 1.0) {
                    unmixed++;
                    assertEquals(1.0, c.lam());
                } else if (c.box() != null) {
                    cut++;
                }
            }
        }
        assertEquals(0.4, unmixed / (double) total, 0.02, "1 - prob of the clips are not mixed");
        assertEquals(0.3, cut / (double) (total - unmixed), 0.02, "switch_prob of the mixed clips are cut");
    }

    @Test
    void cutmixPastesTheSameBoxInEveryFrameAndLambdaIsOneMinusItsArea() {
        long[] labels = {4, 3, 2, 1};
        float[] in = pixels(4);
        Mixup cut = mixup(0, 1.0, null, 1.0, 0.5, MixMode.BATCH, true, 0.2);
        int clipped = 0;
        for (long seed = 0; seed < 60; seed++) {
            Mixup.Mixed m = cut.mix(in, labels, shape(4), new SplittableRandom(seed));
            Mixup.ClipMix first = m.clips().get(0);
            int[] b = first.box();
            assertNotNull(b, "cutmix only: every mixed batch is cut");
            // the box of timm's rand_bbox: sides int(H·√(1-λ)) around the centre, clipped at the border
            int cutH = (int) (H * Math.sqrt(1 - first.drawnLam()));
            int cutW = (int) (W * Math.sqrt(1 - first.drawnLam()));
            assertTrue(b[0] >= 0 && b[1] <= H && b[2] >= 0 && b[3] <= W && b[0] <= b[1] && b[2] <= b[3]);
            assertTrue(b[1] - b[0] <= cutH && b[3] - b[2] <= cutW, "box within the drawn size");
            if (b[0] > 0 && b[1] < H) {
                assertEquals(cutH / 2 * 2, b[1] - b[0], "an unclipped box spans 2·(cut_h // 2) rows");
            } else {
                clipped++;
            }
            double area = (double) (b[1] - b[0]) * (b[3] - b[2]);
            for (int i = 0; i < 4; i++) {
                Mixup.ClipMix c = m.clips().get(i);
                assertArrayEquals(b, c.box(), "one box per batch");
                assertEquals(1 - area / (H * W), c.lam(), 1e-12, "λ = 1 - box area / frame area");
                assertMixedClip(in, m.pixels(), i, c);
            }
            assertTargets(m, labels, 0.2);
        }
        assertTrue(clipped > 0, "some boxes were clipped at the border (λ corrected)");
        // without the correction λ stays the drawn one, even for a clipped box
        Mixup raw = mixup(0, 1.0, null, 1.0, 0.5, MixMode.BATCH, false, 0);
        for (long seed = 0; seed < 20; seed++) {
            Mixup.ClipMix c = raw.mix(in, labels, shape(4), new SplittableRandom(seed)).clips().get(0);
            assertEquals(c.drawnLam(), c.lam());
        }
    }

    @Test
    void minmaxBoxesLieInsideTheFrameWithSidesInTheRange() {
        long[] labels = {0, 1};
        float[] in = pixels(2);
        Mixup mm = mixup(0, 0, new DoubleRange(0.3, 0.8), 1.0, 0.5, MixMode.ELEM, false, 0);
        for (long seed = 0; seed < 100; seed++) {
            Mixup.Mixed m = mm.mix(in, labels, shape(2), new SplittableRandom(seed));
            for (int i = 0; i < 2; i++) {
                Mixup.ClipMix c = m.clips().get(i);
                int[] b = c.box();
                int h = b[1] - b[0];
                int w = b[3] - b[2];
                assertTrue(h >= (int) (H * 0.3) && h < (int) (H * 0.8), "rows " + h);
                assertTrue(w >= (int) (W * 0.3) && w < (int) (W * 0.8), "columns " + w);
                assertTrue(b[0] >= 0 && b[1] <= H && b[2] >= 0 && b[3] <= W);
                assertEquals(1 - (double) h * w / (H * W), c.lam(), 1e-12, "λ always follows a min-max box");
                assertMixedClip(in, m.pixels(), i, c);
            }
        }
    }

    @Test
    void pairModeMixesBothClipsOfAPairAlikeAndElemModeMixesFromTheUnmixedBatch() {
        long[] labels = {0, 1, 2, 3, 4, 0, 1, 2};
        float[] in = pixels(8);
        Mixup pair = mixup(1.0, 1.0, null, 1.0, 0.5, MixMode.PAIR, true, 0.1);
        Mixup elem = mixup(1.0, 1.0, null, 1.0, 0.5, MixMode.ELEM, true, 0.1);
        boolean sawCut = false;
        boolean sawBlend = false;
        for (long seed = 0; seed < 10; seed++) {
            Mixup.Mixed p = pair.mix(in, labels, shape(8), new SplittableRandom(seed));
            for (int i = 0; i < 8; i++) {
                Mixup.ClipMix a = p.clips().get(i);
                Mixup.ClipMix b = p.clips().get(7 - i);
                assertEquals(7 - i, a.partner());
                assertEquals(a.lam(), b.lam(), "the pair shares λ");
                assertArrayEquals(a.box(), b.box(), "and the box");
                assertMixedClip(in, p.pixels(), i, a);
                sawCut |= a.box() != null;
                sawBlend |= a.box() == null;
            }
            assertTargets(p, labels, 0.1);
            Mixup.Mixed e = elem.mix(in, labels, shape(8), new SplittableRandom(seed));
            List<Double> distinct = e.clips().stream().map(Mixup.ClipMix::lam).distinct().toList();
            assertTrue(distinct.size() >= 7, "one λ per clip: " + distinct);
            for (int i = 0; i < 8; i++) {
                assertMixedClip(in, e.pixels(), i, e.clips().get(i));   // the source is the unmixed partner
            }
            assertTargets(e, labels, 0.1);
        }
        assertTrue(sawCut && sawBlend, "both mixup and cutmix were drawn");
    }

    @Test
    void unmixedBatchesKeepTheirPixelsAndGetSmoothedOneHotTargets() {
        long[] labels = {3, 1, 0, 2};
        float[] in = pixels(4);
        Mixup never = mixup(0.8, 1.0, null, 0.0, 0.5, MixMode.BATCH, true, 0.1);
        Mixup.Mixed m = never.mix(in, labels, shape(4), new SplittableRandom(1));
        assertArrayEquals(in, m.pixels());
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < K; k++) {
                assertEquals(k == labels[i] ? 0.9 + 0.1 / K : 0.1 / K, m.targets()[i * K + k], 1e-7,
                        "timm's smoothing: on = 1 - s + s/K, off = s/K");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> never.mix(pixels(3), new long[] {0, 1, 2}, shape(3),
                new SplittableRandom(1)), "an odd batch cannot be paired");
        assertThrows(IllegalArgumentException.class, () -> mixup(0, 0, null, 1, 0.5, MixMode.BATCH, true, 0),
                "nothing to mix");
    }

    @Test
    void aBatchIsMixedTheSameWhereverTheRunStarts() throws Exception {
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batches.add(new Batch(Nd4j.create(pixels(4), shape(4), DataType.FLOAT).addi(i),
                    Nd4j.createFromArray(new long[] {0, 1, 2, 3}), new long[] {0, 1, 2, 3}, 0, i));
        }
        Mixup mix = mixup(0.8, 1.0, null, 1.0, 0.5, MixMode.ELEM, true, 0.1);
        List<Batch> straight = new ArrayList<>();
        try (MixedBatches all = new MixedBatches(new Positioned(batches), mix, 42L)) {
            all.seek(0, 0);
            for (int i = 0; i < 3; i++) {
                straight.add(all.next());
            }
            all.seek(0, 2);                                                    // a resume at batch 2
            Batch resumed = all.next();
            assertArrayEquals(straight.get(2).pixels().data().asFloat(), resumed.pixels().data().asFloat());
            assertArrayEquals(straight.get(2).targets().data().asFloat(), resumed.targets().data().asFloat());
        }
        assertFalse(java.util.Arrays.equals(straight.get(0).targets().data().asFloat(),
                straight.get(1).targets().data().asFloat()), "each batch draws its own mixing");
        Batch first = straight.get(0);
        assertArrayEquals(new long[] {4, K}, first.targets().shape());
        assertArrayEquals(new long[] {0, 1, 2, 3}, first.labels().toLongVector(), "labels stay the clips' own");
        try (MixedBatches other = new MixedBatches(new Positioned(batches), mix, 43L)) {
            other.seek(0, 0);
            assertFalse(java.util.Arrays.equals(first.targets().data().asFloat(),
                    other.next().targets().data().asFloat()), "another run seed mixes otherwise");
        }
    }

    @Test
    void aBatchGetsTheMixedPixelsAndTargetsOfItsStream() {
        long[] labels = {1, 0, 3, 2};
        float[] in = pixels(4);
        for (MixMode mode : MixMode.values()) {
            Mixup mix = mixup(0.8, 1.0, null, 1.0, 0.5, mode, true, 0.1);
            Mixup.Mixed expected = mix.mix(in, labels, shape(4), new SplittableRandom(9));
            Batch b = new Batch(Nd4j.create(in.clone(), shape(4), DataType.FLOAT), Nd4j.createFromArray(labels),
                    new long[4], 2, 5);
            Batch out = mix.apply(b, new SplittableRandom(9));
            assertArrayEquals(expected.pixels(), out.pixels().data().asFloat(), mode + " pixels");
            assertArrayEquals(expected.targets(), out.targets().data().asFloat(), mode + " targets");
            assertFalse(java.util.Arrays.equals(in, out.pixels().data().asFloat()), "the pixels were mixed");
            assertArrayEquals(shape(4), out.pixels().shape());
            assertEquals(2, out.epoch());
            assertEquals(5, out.index());
            // a view (not a plain array of its own) is mixed into a new array, the same values
            INDArrayView view = new INDArrayView(in);
            Batch viewOut = mix.apply(new Batch(view.array(), Nd4j.createFromArray(labels), new long[4], 2, 5),
                    new SplittableRandom(9));
            assertArrayEquals(expected.pixels(), viewOut.pixels().dup('c').data().asFloat(), mode + " view");
        }
    }

    /** The batch as a view into a larger array. */
    private record INDArrayView(float[] values) {
        org.nd4j.linalg.api.ndarray.INDArray array() {
            org.nd4j.linalg.api.ndarray.INDArray big = Nd4j.create(DataType.FLOAT, 8, T, C, H, W);
            org.nd4j.linalg.api.ndarray.INDArray part = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 6));
            part.assign(Nd4j.create(values, shape(4), DataType.FLOAT));
            return part;
        }
    }

    /** A fixed list of batches that knows its position, as the real sources do. */
    private static final class Positioned implements BatchSource {
        private final List<Batch> batches;
        private int next;

        Positioned(List<Batch> batches) {
            this.batches = batches;
        }

        @Override
        public int batchesPerEpoch() {
            return batches.size();
        }

        @Override
        public List<String> classNames() {
            return List.of("a", "b", "c", "d", "e");
        }

        @Override
        public void seek(long epoch, int index) {
            next = index;
        }

        /** A new batch every call, as the loader's are (mixing writes over it). */
        @Override
        public Batch next() {
            Batch b = batches.get(next++ % batches.size());
            return new Batch(b.pixels().dup(), b.labels(), b.videoIds(), b.epoch(), b.index());
        }
    }
}
