package org.tubelet.datasets.video;

import java.nio.file.Path;

/**
 * Where clips come from: a video file ({@link VideoDecoder}) or a folder of frame images
 * ({@link FrameFolderReader}), behind one interface so that samplers, loaders and checks do not care which.
 *
 * <p>Implementations are stateless and safe to call from several threads at once.
 */
public interface ClipSource {

    /**
     * Reads what is needed to sample frames: frame count, frame rate, size, codec, rotation.
     *
     * @param path the video
     * @return its description
     * @throws VideoDecodeException if it cannot be read; the exception names the path and the reason
     */
    VideoInfo probe(Path path) throws VideoDecodeException;

    /**
     * Decodes exactly the given frames, in the given order, as RGB; indices may repeat and need not be sorted.
     *
     * @param path         the video
     * @param frameIndices indices in {@code [0, frameCount)}, at least one
     * @return {@code [frameIndices.length, H, W, 3]}, frames turned the way they are meant to be shown
     * @throws VideoDecodeException if the video or a requested frame cannot be decoded
     */
    VideoClip decode(Path path, int[] frameIndices) throws VideoDecodeException;

    /**
     * Decodes every frame once, without keeping them: the deep check of a dataset.
     *
     * @param path the video
     * @return the number of frames decoded
     * @throws VideoDecodeException if the video cannot be decoded to the end
     */
    int decodeAll(Path path) throws VideoDecodeException;

    /**
     * A source that reads directories as frame folders and everything else as video files.
     *
     * @param videos decoder for video files
     * @param frames reader for frame folders
     * @return the combined source
     */
    static ClipSource of(VideoDecoder videos, FrameFolderReader frames) {
        return new RoutingClipSource(videos, frames);
    }

    /** {@link #of} with default decoder options and mmaction2's frame names ({@code img_00001.jpg}, 30 fps). */
    static ClipSource standard() {
        return of(new VideoDecoder(DecoderOptions.defaults()), FrameFolderReader.mmaction2());
    }
}
