package org.tubelet.datasets.loader;

import java.util.Objects;
import org.tubelet.datasets.OnError;

/**
 * Settings of a {@link VideoLoader}.
 *
 * @param batchSize       clips per batch {@code B}, > 0
 * @param workers         decoding threads, > 0; results do not depend on it
 * @param prefetchBatches batches decoded ahead of the consumer, > 0 (memory: {@code prefetchBatches + 1}
 *                        batch buffers)
 * @param shuffle         a new order every epoch (training); else dataset order (evaluation)
 * @param dropLast        leave out the last, incomplete batch of an epoch
 * @param seed            the run seed: epoch orders, frame sampling and augmentation derive from it
 * @param onError         {@link OnError#SKIP}: an unreadable video is replaced by the next readable one and
 *                        reported; {@link OnError#FAIL}: it stops the epoch
 * @param shard           the part of each epoch this loader serves
 * @param repeats         clips per sample (repeated augmentation, VideoMAE's {@code num_sample}), >= 1: a batch of
 *                        {@code batchSize} samples holds {@code batchSize · repeats} clips, sample by sample, each
 *                        of a sample's clips cut from the same frames and augmented with its own random draws
 */
public record LoaderConfig(int batchSize, int workers, int prefetchBatches, boolean shuffle, boolean dropLast, long seed,
                           OnError onError, Shard shard, int repeats) {

    /** Validates the values. */
    public LoaderConfig {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
        if (workers <= 0) {
            throw new IllegalArgumentException("workers must be > 0, got " + workers);
        }
        if (prefetchBatches <= 0) {
            throw new IllegalArgumentException("prefetchBatches must be > 0, got " + prefetchBatches);
        }
        Objects.requireNonNull(onError, "onError");
        Objects.requireNonNull(shard, "shard");
        if (repeats <= 0) {
            throw new IllegalArgumentException("repeats must be > 0, got " + repeats);
        }
    }

    /** One clip per sample. */
    public LoaderConfig(int batchSize, int workers, int prefetchBatches, boolean shuffle, boolean dropLast, long seed,
                        OnError onError, Shard shard) {
        this(batchSize, workers, prefetchBatches, shuffle, dropLast, seed, onError, shard, 1);
    }

    /** Training: shuffled, last partial batch dropped, bad videos skipped, 2 batches prefetched, whole dataset. */
    public static LoaderConfig training(int batchSize, int workers, long seed) {
        return new LoaderConfig(batchSize, workers, 2, true, true, seed, OnError.SKIP, Shard.all());
    }

    /** Evaluation: dataset order, every sample, bad videos skipped, 2 batches prefetched, whole dataset. */
    public static LoaderConfig evaluation(int batchSize, int workers, long seed) {
        return new LoaderConfig(batchSize, workers, 2, false, false, seed, OnError.SKIP, Shard.all());
    }

    /** A copy serving another shard. */
    public LoaderConfig withShard(Shard s) {
        return new LoaderConfig(batchSize, workers, prefetchBatches, shuffle, dropLast, seed, onError, s, repeats);
    }

    /** A copy with another number of workers. */
    public LoaderConfig withWorkers(int n) {
        return new LoaderConfig(batchSize, n, prefetchBatches, shuffle, dropLast, seed, onError, shard, repeats);
    }

    /** A copy with another error policy. */
    public LoaderConfig withOnError(OnError policy) {
        return new LoaderConfig(batchSize, workers, prefetchBatches, shuffle, dropLast, seed, policy, shard, repeats);
    }

    /** A copy that cuts {@code n} clips from every sample (repeated augmentation). */
    public LoaderConfig withRepeats(int n) {
        return new LoaderConfig(batchSize, workers, prefetchBatches, shuffle, dropLast, seed, onError, shard, n);
    }

    /** Clips per full batch: {@code batchSize · repeats}. */
    public int clipsPerBatch() {
        return Math.multiplyExact(batchSize, repeats);
    }
}
