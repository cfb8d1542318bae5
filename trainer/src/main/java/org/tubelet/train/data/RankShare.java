package org.tubelet.train.data;

import java.util.Arrays;

/**
 * The training batches one replica of a data-parallel run reads. The run's batches are numbered globally,
 * {@code batchNo = epoch · batchesPerEpoch + index}, exactly as in a single process; step {@code s} uses batches
 * {@code s·N·A … s·N·A + N·A − 1} ({@code N} ranks, {@code A} micro-batches per rank), and rank {@code r} reads
 * {@code s·N·A + r·A … s·N·A + r·A + A − 1}. Every batch is read by exactly one rank.
 *
 * @param rank this replica, in [0, ranks)
 * @param ranks number of replicas, at least 1
 * @param perRank micro-batches per rank and step ({@code A}), at least 1
 */
public record RankShare(int rank, int ranks, int perRank) {

    /** A single process: every batch. */
    public static final RankShare ALL = new RankShare(0, 1, 1);

    public RankShare {
        if (ranks < 1 || rank < 0 || rank >= ranks || perRank < 1) {
            throw new IllegalArgumentException("rank " + rank + " of " + ranks + " with " + perRank
                    + " micro-batches per rank: expected 0 <= rank < ranks and at least one micro-batch");
        }
    }

    /** Whether this rank reads global batch {@code batchNo}. */
    public boolean owns(long batchNo) {
        return ranks == 1 || (batchNo % ((long) ranks * perRank)) / perRank == rank;
    }

    /** The indices, from {@code from} on, of this rank's batches in epoch {@code epoch}. */
    public int[] batchesOf(long epoch, int from, int batchesPerEpoch) {
        int[] out = new int[Math.max(0, batchesPerEpoch - from)];
        int n = 0;
        for (int i = from; i < batchesPerEpoch; i++) {
            if (owns(epoch * batchesPerEpoch + i)) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
