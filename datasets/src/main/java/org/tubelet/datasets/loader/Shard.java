package org.tubelet.datasets.loader;

/**
 * Which part of every epoch a loader serves, for data-parallel training: shard {@code index} of {@code count}
 * takes the positions {@code index, index + count, index + 2 count, ...} of the epoch's order (the same order on
 * every shard, since it depends only on the seed and the epoch). Together the shards cover every sample exactly
 * once; their sizes differ by at most one.
 *
 * @param index this shard, in {@code [0, count)}
 * @param count number of shards, > 0
 */
public record Shard(int index, int count) {

    /** Validates the values. */
    public Shard {
        if (count <= 0 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard index must be in [0, count) with count > 0, got " + index
                    + " of " + count);
        }
    }

    /** The whole dataset. */
    public static Shard all() {
        return new Shard(0, 1);
    }
}
