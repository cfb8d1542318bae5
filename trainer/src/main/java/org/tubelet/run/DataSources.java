package org.tubelet.run;

import java.util.List;
import org.tubelet.train.data.BatchSource;
import org.tubelet.train.data.EvalData;

/**
 * A recipe's opened data: training batches, validation views and the class names. Either source may be null when it
 * was not asked for.
 *
 * @param classNames class names, index = label
 * @param train      training batches at exact positions, or null
 * @param val        multi-view validation data, or null
 */
record DataSources(List<String> classNames, BatchSource train, EvalData val) implements AutoCloseable {
    @Override
    public void close() throws Exception {
        if (train != null) {
            train.close();
        }
        if (val != null) {
            val.close();
        }
    }
}
