package org.tubelet.train.data;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.tubelet.datasets.Seeds;
import org.tubelet.datasets.video.UnreadableVideo;

/**
 * Training batches with {@link Mixup} applied: batch {@code i} of epoch {@code e} is mixed from the random stream
 * {@code Seeds.of(seed, "MIXUP", e, i)}, a pure function of the run seed and the batch's position, so a resumed run
 * mixes every batch as the uninterrupted run did. The inner source must hand out a new batch on every call (the
 * loader's and the synthetic data's do): the mixed pixels are written over it.
 */
public final class MixedBatches implements BatchSource {
    /** {@code "MIXUP"}: keeps the mixing stream apart from the other streams of the run seed. */
    private static final long MIX_TAG = 0x4D49585550L;

    private final BatchSource inner;
    private final Mixup mixup;
    private final long seed;

    /**
     * @param inner the unmixed batches (an even number of clips each)
     * @param mixup how to mix
     * @param seed  the run seed
     */
    public MixedBatches(BatchSource inner, Mixup mixup, long seed) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.mixup = Objects.requireNonNull(mixup, "mixup");
        this.seed = seed;
    }

    /** The random stream batch {@code index} of epoch {@code epoch} is mixed with. */
    static SplittableRandom stream(long seed, long epoch, int index) {
        return new SplittableRandom(Seeds.of(seed, MIX_TAG, epoch, index));
    }

    @Override
    public int batchesPerEpoch() {
        return inner.batchesPerEpoch();
    }

    @Override
    public List<String> classNames() {
        return inner.classNames();
    }

    @Override
    public void seek(long epoch, int index) {
        inner.seek(epoch, index);
    }

    @Override
    public Batch next() throws Exception {
        Batch b = inner.next();
        return mixup.apply(b, stream(seed, b.epoch(), b.index()));
    }

    @Override
    public List<UnreadableVideo> unreadable() {
        return inner.unreadable();
    }

    @Override
    public void close() throws Exception {
        inner.close();
    }
}
