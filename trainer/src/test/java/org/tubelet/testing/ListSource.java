package org.tubelet.testing;

import java.util.ArrayList;
import java.util.List;
import org.tubelet.train.data.Batch;
import org.tubelet.train.data.BatchSource;

/** A fixed list of batches as a training source, repeated epoch after epoch. */
public final class ListSource implements BatchSource {
    private final List<Batch> batches;
    private int next;

    public ListSource(List<Batch> batches) {
        this.batches = new ArrayList<>(batches);
    }

    @Override
    public int batchesPerEpoch() {
        return batches.size();
    }

    @Override
    public List<String> classNames() {
        return List.of();
    }

    @Override
    public void seek(long epoch, int index) {
        next = index;
    }

    @Override
    public Batch next() {
        Batch b = batches.get(next);
        next = (next + 1) % batches.size();
        return b;
    }
}
