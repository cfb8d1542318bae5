package org.tubelet.datasets.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Encodes a {@link VideoClip} to a video file with JavaCV's {@code FFmpegFrameRecorder} (YUV 4:2:0, one encoder
 * thread so the output bytes depend only on the input). Used by the synthetic dataset generator and by tests.
 */
public final class VideoWriter {

    private VideoWriter() {
    }

    /**
     * Writes a clip.
     *
     * @param clip     frames {@code [T, H, W, 3]}; H and W must be even (4:2:0 chroma)
     * @param file     the file to create or replace
     * @param format   container and codec
     * @param settings frame rate, keyframe interval, bit rate
     * @return the FFmpeg encoder used (e.g. {@code libopenh264})
     * @throws IOException              if encoding fails
     * @throws IllegalStateException    if the bundled FFmpeg has none of the format's encoders
     * @throws IllegalArgumentException if a side is odd
     */
    public static String write(VideoClip clip, Path file, VideoFormat format, EncodeSettings settings) throws IOException {
        Objects.requireNonNull(clip, "clip");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(settings, "settings");
        if (clip.width() % 2 != 0 || clip.height() % 2 != 0) {
            throw new IllegalArgumentException("frame size " + clip.width() + "x" + clip.height()
                    + " (WxH) must be even on both sides for 4:2:0 video");
        }
        String encoder = format.availableEncoder().orElseThrow(() -> new IllegalStateException("the bundled FFmpeg"
                + " has no encoder for " + format + " (tried " + format.encoders() + ")"));
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), clip.width(), clip.height(), 0);
        recorder.setFormat(format.muxer());
        recorder.setVideoCodecName(encoder);
        recorder.setFrameRate(settings.fps());
        recorder.setGopSize(settings.gopSize());
        recorder.setVideoBitrate((int) Math.min(Integer.MAX_VALUE, Math.max(20_000,
                Math.round(settings.bitsPerPixel() * clip.width() * clip.height() * settings.fps()))));
        recorder.setVideoOption("threads", "1");
        if (settings.bFrames() > 0 && !encoder.equals("libopenh264")) {
            recorder.setVideoOption("bf", Integer.toString(settings.bFrames()));
        }
        if (encoder.startsWith("libvpx")) {
            recorder.setVideoOption("deadline", "realtime");
            recorder.setVideoOption("cpu-used", "8");
        }
        try {
            recorder.start();
            Frame frame = new Frame(clip.width(), clip.height(), Frame.DEPTH_UBYTE, VideoClip.CHANNELS);
            ByteBuffer pixels = (ByteBuffer) frame.image[0];
            int rowBytes = clip.width() * VideoClip.CHANNELS;
            for (int t = 0; t < clip.frames(); t++) {
                for (int y = 0; y < clip.height(); y++) {
                    pixels.position(y * frame.imageStride);
                    pixels.put(clip.rgb(), clip.frameOffset(t) + y * rowBytes, rowBytes);
                }
                pixels.rewind();
                recorder.record(frame, AV_PIX_FMT_RGB24);
            }
            recorder.stop();
            return encoder;
        } catch (FrameRecorder.Exception e) {
            throw new IOException(file + ": encoding " + format + " with " + encoder + " failed: " + e.getMessage(), e);
        } finally {
            try {
                recorder.release();
            } catch (FrameRecorder.Exception e) {
                // already failed or finished; nothing more to free
            }
        }
    }
}
