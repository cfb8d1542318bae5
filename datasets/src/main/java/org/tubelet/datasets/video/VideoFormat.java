package org.tubelet.datasets.video;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;

import java.util.List;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodec;

/**
 * Container and codec pairs {@link VideoWriter} can write, each with the FFmpeg encoders to try in order.
 *
 * <p>The bundled FFmpeg (JavaCPP presets 5.0-1.5.7, LGPL build) has no libx264, so H.264 is written with
 * OpenH264; it has no Theora encoder at all, so {@link #OGV_THEORA} is never {@link #isWritable() writable}
 * here (Theora files are still decoded).
 */
public enum VideoFormat {
    /** MP4 with H.264 (libx264, else OpenH264). */
    MP4_H264("mp4", "mp4", List.of("libx264", "libopenh264")),
    /** MP4 with MPEG-4 part 2. */
    MP4_MPEG4("mp4", "mp4", List.of("mpeg4")),
    /** WebM with VP9. */
    WEBM_VP9("webm", "webm", List.of("libvpx-vp9")),
    /** Matroska with H.264. */
    MKV_H264("matroska", "mkv", List.of("libx264", "libopenh264")),
    /** AVI with MPEG-4 part 2. */
    AVI_MPEG4("avi", "avi", List.of("mpeg4")),
    /** Ogg with Theora. */
    OGV_THEORA("ogg", "ogv", List.of("libtheora"));

    private final String muxer;
    private final String extension;
    private final List<String> encoders;

    VideoFormat(String muxer, String extension, List<String> encoders) {
        this.muxer = muxer;
        this.extension = extension;
        this.encoders = encoders;
    }

    /** FFmpeg's name of the container format. */
    public String muxer() {
        return muxer;
    }

    /** The file extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** The encoders tried, in order. */
    public List<String> encoders() {
        return encoders;
    }

    /** The first of {@link #encoders()} the bundled FFmpeg has, if any. */
    public Optional<String> availableEncoder() {
        FfmpegLog.install();
        for (String name : encoders) {
            AVCodec codec = avcodec_find_encoder_by_name(name);
            if (codec != null && !codec.isNull()) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** Whether this machine's FFmpeg can write this format. */
    public boolean isWritable() {
        return availableEncoder().isPresent();
    }
}
