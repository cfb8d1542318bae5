package org.tubelet.train.data;

import java.util.List;
import org.tubelet.datasets.loader.Epoch;
import org.tubelet.datasets.loader.VideoLoader;
import org.tubelet.datasets.video.UnreadableVideo;

/** The trainer's exact-position view of a {@link VideoLoader}: batch {@code i} of epoch {@code e}. */
public final class LoaderSource implements BatchSource {
    private final VideoLoader loader;
    private final List<String> classes;
    private Epoch epoch;
    private long epochNo = -1;
    private int index;

    /**
     * @param loader  the training loader (its epochs are reproducible from the seed)
     * @param classes class names, index = label
     */
    public LoaderSource(VideoLoader loader, List<String> classes) {
        this.loader = loader;
        this.classes = List.copyOf(classes);
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

    @Override
    public Batch next() {
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
