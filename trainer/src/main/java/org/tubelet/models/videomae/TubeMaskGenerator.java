package org.tubelet.models.videomae;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Draws VideoMAE {@code bool_masked_pos} masks ([B, N], true = masked; token index {@code t'·S + s} with S spatial
 * positions per temporal index). {@link MaskingStrategy#TUBE}: per clip, {@code round(ratio·S)} spatial positions
 * are masked at every temporal index (Tong et al., VideoMAE). {@link MaskingStrategy#RANDOM}: {@code round(ratio·N)}
 * tokens per clip. Every clip gets exactly the same count, as HF requires. Seeded and reproducible.
 */
public final class TubeMaskGenerator {
    private final int temporal;
    private final int spatial;
    private final double ratio;
    private final MaskingStrategy strategy;

    public TubeMaskGenerator(int temporal, int spatial, double ratio, MaskingStrategy strategy) {
        if (temporal <= 0 || spatial <= 0) {
            throw new IllegalArgumentException("mask grid must be positive, got " + temporal + "x" + spatial);
        }
        if (!(ratio >= 0 && ratio < 1)) {
            throw new IllegalArgumentException("mask_ratio = " + ratio + ": must be in [0, 1)");
        }
        this.temporal = temporal;
        this.spatial = spatial;
        this.ratio = ratio;
        this.strategy = strategy;
    }

    public static TubeMaskGenerator forConfig(VideoMaeConfig c, double ratio, MaskingStrategy strategy) {
        return new TubeMaskGenerator(c.temporalPatches(), c.spatialPatches(), ratio, strategy);
    }

    /** Masked tokens per clip. */
    public int maskedPerClip() {
        return strategy == MaskingStrategy.TUBE
                ? (int) Math.round(ratio * spatial) * temporal
                : (int) Math.round(ratio * spatial * temporal);
    }

    public int tokens() {
        return temporal * spatial;
    }

    /** @return [batch][N] masks; clip b uses a generator seeded from (seed, b) so batches are reproducible. */
    public boolean[][] generate(int batch, long seed) {
        boolean[][] masks = new boolean[batch][];
        for (int b = 0; b < batch; b++) {
            masks[b] = generateOne(new SplittableRandom(seed * 1_000_003L + b));
        }
        return masks;
    }

    /** The mask of one clip drawn from {@code seed} alone (what {@code generate(1, seed)[0]} gives). */
    public boolean[] one(long seed) {
        return generate(1, seed)[0];
    }

    /** [B][N] booleans as the graph's {@code bool_masked_pos} input: a float [B, N] array, 1 = masked. */
    public static INDArray asArray(boolean[][] masks) {
        float[][] f = new float[masks.length][masks[0].length];
        for (int b = 0; b < masks.length; b++) {
            for (int i = 0; i < masks[b].length; i++) {
                f[b][i] = masks[b][i] ? 1f : 0f;
            }
        }
        return Nd4j.create(f);
    }

    private boolean[] generateOne(SplittableRandom rng) {
        boolean[] mask = new boolean[temporal * spatial];
        if (strategy == MaskingStrategy.TUBE) {
            int[] chosen = sample(rng, spatial, (int) Math.round(ratio * spatial));
            for (int t = 0; t < temporal; t++) {
                for (int s : chosen) {
                    mask[t * spatial + s] = true;
                }
            }
        } else {
            for (int i : sample(rng, mask.length, maskedPerClip())) {
                mask[i] = true;
            }
        }
        return mask;
    }

    /** k distinct values of [0, n) (partial Fisher-Yates). */
    private static int[] sample(SplittableRandom rng, int n, int k) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        return java.util.Arrays.copyOf(perm, k);
    }
}
