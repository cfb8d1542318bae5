package org.tubelet.train.data;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.tubelet.datasets.loader.Epoch;
import org.tubelet.datasets.loader.VideoLoader;
import org.tubelet.datasets.video.UnreadableVideo;

/**
 * Multi-view evaluation data: one evaluation loader per (temporal clip, spatial crop) view, each covering every video
 * with that view ({@link org.tubelet.datasets.loader.ClipLoaders#testViews}); batches carry the video index so the
 * evaluator averages per video.
 */
public final class LoaderViews implements EvalData {
    private final List<VideoLoader> loaders;
    private final int videos;
    private final List<String> classes;

    /**
     * @param loaders one loader per view, each over the same {@code videos} videos in dataset order
     * @param videos  videos in the evaluation set
     * @param classes class names, index = label
     */
    public LoaderViews(List<VideoLoader> loaders, int videos, List<String> classes) {
        if (loaders.isEmpty()) {
            throw new IllegalArgumentException("no evaluation views");
        }
        this.loaders = List.copyOf(loaders);
        this.videos = videos;
        this.classes = List.copyOf(classes);
    }

    @Override
    public int numVideos() {
        return videos;
    }

    @Override
    public int viewsPerVideo() {
        return loaders.size();
    }

    @Override
    public List<String> classNames() {
        return classes;
    }

    /** Every view's loader reads the same videos: the union of what they skipped, by path. */
    @Override
    public List<UnreadableVideo> unreadable() {
        TreeMap<Path, UnreadableVideo> byPath = new TreeMap<>();
        loaders.forEach(l -> l.unreadable().forEach(u -> byPath.putIfAbsent(u.path(), u)));
        return List.copyOf(byPath.values());
    }

    @Override
    public Iterator<Batch> batches() {
        return new Iterator<>() {
            private int loader = -1;
            private Epoch epoch;
            private int batchNo;

            @Override
            public boolean hasNext() {
                while (epoch == null || !epoch.hasNext()) {
                    if (epoch != null) {
                        epoch.close();
                        epoch = null;
                    }
                    if (++loader >= loaders.size()) {
                        return false;
                    }
                    epoch = loaders.get(loader).epoch(0);
                }
                return true;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return LoaderBatches.copy(epoch.next(), 0, batchNo++);
            }
        };
    }
}
