package org.tubelet.train.data;

import java.util.List;
import org.tubelet.datasets.video.UnreadableVideo;

/**
 * Training batches in a deterministic order: batch {@code index} of epoch {@code epoch} is a pure function of the
 * dataset, the seed, the epoch and the index (shuffling and augmentation included), so a run resumed from a checkpoint
 * sees exactly the batches the uninterrupted run saw.
 */
public interface BatchSource extends AutoCloseable {

    /** Batches in one epoch (the last partial batch is dropped). */
    int batchesPerEpoch();

    /** Class names, index = label; empty for unlabelled data. */
    List<String> classNames();

    /** Makes the next {@link #next()} return batch {@code index} of epoch {@code epoch}. */
    void seek(long epoch, int index);

    /** The batch at the current position; then moves to the following one (into the next epoch after the last). */
    Batch next() throws Exception;

    /** The videos found unreadable and skipped so far (sorted by path); none for sources that read no files. */
    default List<UnreadableVideo> unreadable() {
        return List.of();
    }

    @Override
    default void close() throws Exception {
    }
}
