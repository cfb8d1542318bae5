package org.tubelet.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which batches each replica reads, against the loop's definition of a step's micro-batches. */
class RankShareTest {

    @Test
    void eachRankReadsExactlyItsMicroBatchesOfEveryStepAcrossEpochBoundaries() {
        int batchesPerEpoch = 7;                                   // not a multiple of a step's 6 micro-batches
        for (int[] na : new int[][]{{2, 1}, {3, 2}, {4, 1}, {1, 3}}) {
            int ranks = na[0];
            int perRank = na[1];
            int epochs = 5;
            List<List<Long>> expected = new ArrayList<>();
            for (int r = 0; r < ranks; r++) {
                expected.add(new ArrayList<>());
            }
            // the loop: step s, micro-batch m = r·A + j reads global batch s·N·A + m
            long total = (long) epochs * batchesPerEpoch;
            for (long s = 0; (s + 1) * ranks * perRank <= total; s++) {
                for (int r = 0; r < ranks; r++) {
                    for (int j = 0; j < perRank; j++) {
                        expected.get(r).add(s * ranks * perRank + r * perRank + j);
                    }
                }
            }
            for (int r = 0; r < ranks; r++) {
                RankShare share = new RankShare(r, ranks, perRank);
                List<Long> read = new ArrayList<>();
                for (int e = 0; e < epochs; e++) {
                    for (int i : share.batchesOf(e, 0, batchesPerEpoch)) {
                        read.add((long) e * batchesPerEpoch + i);
                    }
                }
                List<Long> want = expected.get(r);
                assertTrue(read.size() >= want.size(), "rank " + r + " of " + ranks);
                assertArrayEquals(want.stream().mapToLong(Long::longValue).toArray(),
                        read.subList(0, want.size()).stream().mapToLong(Long::longValue).toArray(),
                        "rank " + r + " of " + ranks + ", " + perRank + " per rank");
                int[] fromThree = share.batchesOf(2, 3, batchesPerEpoch);
                for (int i : fromThree) {
                    assertTrue(i >= 3 && share.owns(2L * batchesPerEpoch + i));
                }
            }
        }
    }

    @Test
    void invalidSharesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RankShare(2, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new RankShare(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RankShare(0, 2, 0));
    }
}
