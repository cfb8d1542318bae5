package org.tubelet.train.data;

import java.util.Iterator;
import java.util.List;
import org.tubelet.datasets.video.UnreadableVideo;

/**
 * Evaluation views: every video cut into the same number of views (temporal clips × spatial crops), in batches that
 * carry each view's video id. The evaluator averages the softmax of a video's views.
 */
public interface EvalData extends AutoCloseable {

    int numVideos();

    /** Views per video (clips × crops). */
    int viewsPerVideo();

    List<String> classNames();

    /** A fresh pass over every view of every video. */
    Iterator<Batch> batches();

    /** The videos found unreadable and skipped so far (sorted by path); none for data that reads no files. */
    default List<UnreadableVideo> unreadable() {
        return List.of();
    }

    @Override
    default void close() throws Exception {
    }
}
