package org.tubelet.train.data;

import java.util.List;
import org.tubelet.datasets.loader.Epoch;
import org.tubelet.datasets.loader.VideoLoader;
import org.tubelet.datasets.video.UnreadableVideo;

/**
 * The trainer's exact-position view of a {@link VideoLoader}: batch {@code i} of epoch {@code e}. A replica of a
 * data-parallel run ({@link RankShare}) decodes only its own batches; each keeps its global index.
 */
public final class LoaderSource implements BatchSource {
    private final VideoLoader loader;
    private final List<String> classes;
    private final RankShare share;
    private Epoch epoch;
    private long epochNo = -1;
    private int index;
    /** A replica's batches of the open epoch from where it was opened, and how many of them were read. */
    private int[] mine;
    private int read;

    /**
     * @param loader  the training loader (its epochs are reproducible from the seed)
     * @param classes class names, index = label
     */
    public LoaderSource(VideoLoader loader, List<String> classes) {
        this(loader, classes, RankShare.ALL);
    }

    /** As above, reading only the batches of {@code share}. */
    public LoaderSource(VideoLoader loader, List<String> classes, RankShare share) {
        this.loader = loader;
        this.classes = List.copyOf(classes);
        this.share = share;
    }

    @Override
    public int batchesPerEpoch() {
        return loader.batchesPerEpoch();
    }

    @Override
    public List<String> classNames() {
        return classes;
    }

    /**
     * The loader starts epochs at their first batch, so a position inside an epoch (after a resume) is reached by
     * reading and dropping the batches before it.
     */
    @Override
    public void seek(long e, int i) {
        if (share.ranks() > 1) {
            seekShare(e, i);
            return;
        }
        if (epoch != null && epochNo == e && index == i) {
            return;
        }
        closeEpoch();
        epochNo = e;
        epoch = loader.epoch(Math.toIntExact(e));
        index = 0;
        while (index < i) {
            epoch.next();
            index++;
        }
    }

    /** A replica opens the epoch at its batch {@code i} and decodes only its own batches from there. */
    private void seekShare(long e, int i) {
        if (epoch != null && epochNo == e && read < mine.length && mine[read] == i) {
            return;
        }
        if (!share.owns(e * loader.batchesPerEpoch() + i)) {
            throw new IllegalArgumentException("batch " + i + " of epoch " + e + " is not one of " + share + "'s");
        }
        closeEpoch();
        epochNo = e;
        mine = share.batchesOf(e, i, loader.batchesPerEpoch());
        read = 0;
        epoch = loader.epoch(Math.toIntExact(e), mine);
    }

    @Override
    public Batch next() {
        if (share.ranks() > 1) {
            if (epoch == null || read >= mine.length) {
                long e = epoch == null ? 0 : epochNo + 1;
                seekShare(e, share.batchesOf(e, 0, loader.batchesPerEpoch())[0]);
            }
            return LoaderBatches.copy(epoch.next(), epochNo, mine[read++]);
        }
        if (epoch == null || index >= loader.batchesPerEpoch()) {
            seek(epoch == null ? 0 : epochNo + 1, 0);
        }
        Batch out = LoaderBatches.copy(epoch.next(), epochNo, index);
        index++;
        return out;
    }

    @Override
    public List<UnreadableVideo> unreadable() {
        return loader.unreadable();
    }

    private void closeEpoch() {
        if (epoch != null) {
            epoch.close();
            epoch = null;
        }
    }

    @Override
    public void close() {
        closeEpoch();
    }
}
