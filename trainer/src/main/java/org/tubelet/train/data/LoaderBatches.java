package org.tubelet.train.data;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.datasets.loader.ClipBatch;

/** The trainer's {@link Batch} from a loader's {@link ClipBatch}, whose buffers the loader reuses. */
final class LoaderBatches {
    private LoaderBatches() {
    }

    /** Copies a loader batch into new arrays: pixels [n, T, C, H, W], labels [n], sample indices. */
    static Batch copy(ClipBatch b, long epoch, int index) {
        long[] shape = b.shape();                                              // [n, T, C, H, W]
        int n = b.size();
        int floats = Math.toIntExact(shape[1] * shape[2] * shape[3] * shape[4]);
        float[] px = Arrays.copyOf(b.pixels(), n * floats);
        long[] labels = Arrays.copyOf(b.labels(), n);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = b.sampleIndices()[i];
        }
        return new Batch(Nd4j.create(px, shape, DataType.FLOAT), Nd4j.createFromArray(labels), ids, epoch, index);
    }
}
