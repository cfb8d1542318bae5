package org.tubelet.datasets.video;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps every decoded video in memory (small datasets, {@code data.cache: true}): each video is decoded once, whole,
 * and every later clip is cut from memory. Frame indices past the end repeat the last frame. Thread-safe.
 */
public final class CachingClipSource implements ClipSource {
    private final ClipSource inner;
    private final ConcurrentMap<Path, VideoClip> clips = new ConcurrentHashMap<>();

    /** @param inner the source that decodes each video the first time */
    public CachingClipSource(ClipSource inner) {
        this.inner = inner;
    }

    @Override
    public VideoInfo probe(Path path) throws VideoDecodeException {
        return inner.probe(path);
    }

    @Override
    public VideoClip decode(Path path, int[] frameIndices) throws VideoDecodeException {
        VideoClip all = clips.get(path);
        if (all == null) {
            int n = inner.probe(path).frameCount();
            int[] every = new int[n];
            for (int i = 0; i < n; i++) {
                every[i] = i;
            }
            all = inner.decode(path, every);
            clips.putIfAbsent(path, all);
        }
        int[] clamped = new int[frameIndices.length];
        for (int i = 0; i < clamped.length; i++) {
            clamped[i] = Math.min(frameIndices[i], all.frames() - 1);
        }
        return all.subClip(clamped);
    }

    @Override
    public int decodeAll(Path path) throws VideoDecodeException {
        return inner.decodeAll(path);
    }
}
