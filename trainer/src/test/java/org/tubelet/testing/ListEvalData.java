package org.tubelet.testing;

import java.util.Iterator;
import java.util.List;
import org.tubelet.train.data.Batch;
import org.tubelet.train.data.EvalData;

/** Evaluation views given as a list of batches, for evaluator tests. */
public record ListEvalData(List<Batch> batchList, int numVideos, int viewsPerVideo, List<String> classNames)
        implements EvalData {

    @Override
    public Iterator<Batch> batches() {
        return batchList.iterator();
    }
}
