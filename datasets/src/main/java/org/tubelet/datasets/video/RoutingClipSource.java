package org.tubelet.datasets.video;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Directories go to a frame folder reader, files to a video decoder. */
final class RoutingClipSource implements ClipSource {

    private final VideoDecoder videos;
    private final FrameFolderReader frames;

    RoutingClipSource(VideoDecoder videos, FrameFolderReader frames) {
        this.videos = Objects.requireNonNull(videos, "videos");
        this.frames = Objects.requireNonNull(frames, "frames");
    }

    private ClipSource route(Path path) {
        return Files.isDirectory(path) ? frames : videos;
    }

    @Override
    public VideoInfo probe(Path path) throws VideoDecodeException {
        return route(path).probe(path);
    }

    @Override
    public VideoClip decode(Path path, int[] frameIndices) throws VideoDecodeException {
        return route(path).decode(path, frameIndices);
    }

    @Override
    public int decodeAll(Path path) throws VideoDecodeException {
        return route(path).decodeAll(path);
    }
}
