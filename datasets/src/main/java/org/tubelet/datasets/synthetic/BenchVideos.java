package org.tubelet.datasets.synthetic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tubelet.datasets.Seeds;
import org.tubelet.datasets.layout.LabelMap;
import org.tubelet.datasets.video.EncodeSettings;
import org.tubelet.datasets.video.VideoClip;
import org.tubelet.datasets.video.VideoFormat;
import org.tubelet.datasets.video.VideoWriter;

/**
 * The videos of the data-loader benchmark: {@code count} H.264 mp4s of {@code width x height} at {@code fps}, each a
 * {@link MovingShapes} scene filmed by a camera panning right by one pixel per frame, so that every macroblock moves
 * and the decoder has real work (a still background would be mostly skipped blocks). Keyframe every 2 s, about 0.15
 * bit per pixel (web video at this size), one video per class in turn.
 *
 * <p>Writes {@code root/videos/clip_NNN.mp4}, the list {@code root/videos.txt} ("path label", paths relative to the
 * root) and {@code root/labels.txt}.
 *
 * @param count    videos (>= 1)
 * @param width    frame width, even, >= 16
 * @param height   frame height, even, >= 16
 * @param duration seconds per video (> 0; at least 2 frames)
 * @param fps      frame rate (> 0)
 * @param seed     the scenes derive from it
 */
public record BenchVideos(int count, int width, int height, double duration, double fps, long seed) {
    /** Name of the list file in the root. */
    public static final String LIST = "videos.txt";
    private static final Logger LOG = LogManager.getLogger(BenchVideos.class);
    private static final int CLASSES = 4;
    private static final int PAN_PIXELS_PER_FRAME = 1;
    private static final double BITS_PER_PIXEL = 0.15;
    private static final double KEYFRAME_SECONDS = 2;

    public BenchVideos {
        if (count < 1) {
            throw new IllegalArgumentException("--videos " + count + ": expected at least 1");
        }
        if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("--video-size " + width + "x" + height
                    + ": expected even sides of at least 16 (H.264 4:2:0)");
        }
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("--fps " + fps + ": expected a positive number");
        }
        if (!(duration > 0) || Math.round(duration * fps) < 2) {
            throw new IllegalArgumentException("--duration " + duration + ": expected at least 2 frames at " + fps
                    + " fps");
        }
    }

    /** Frames per video. */
    public int frames() {
        return (int) Math.round(duration * fps);
    }

    /**
     * Writes the videos and the list into {@code root}.
     *
     * @return the list file
     * @throws IOException if writing fails
     */
    public Path generate(Path root) throws IOException {
        Path videos = Files.createDirectories(root.resolve("videos"));
        int frames = frames();
        int pan = PAN_PIXELS_PER_FRAME * (frames - 1);
        // The scene is rendered on a canvas wider by the pan (rounded up to even), then filmed through a moving window.
        SyntheticConfig scene = new SyntheticConfig(CLASSES, 1, 0, frames, height, width + pan + pan % 2, fps, seed,
                VideoFormat.MP4_H264);
        EncodeSettings settings = new EncodeSettings(fps, Math.max(1, (int) Math.round(KEYFRAME_SECONDS * fps)),
                BITS_PER_PIXEL, 0);
        VideoFormat format = VideoFormat.MP4_H264.isWritable() ? VideoFormat.MP4_H264 : VideoFormat.MP4_MPEG4;
        List<String> lines = new ArrayList<>();
        String encoder = "";
        for (int i = 0; i < count; i++) {
            int label = i % CLASSES;
            VideoClip canvas = MovingShapes.render(label, scene, new SplittableRandom(Seeds.mix(seed, i)));
            String name = String.format(Locale.ROOT, "clip_%03d.%s", i, format.extension());
            encoder = VideoWriter.write(pan(canvas), videos.resolve(name), format, settings);
            lines.add("videos/" + name + " " + label);
        }
        LabelMap.of(MovingShapes.classNames(CLASSES)).save(root.resolve("labels.txt"));
        Path list = root.resolve(LIST);
        Files.writeString(list, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        LOG.info("wrote {} videos of {}x{} (WxH), {} frames at {} fps with {} to {}", count, width, height, frames,
                fps, encoder, videos);
        return list;
    }

    /** Frame {@code t} is the canvas seen through a {@code width}-wide window starting {@code t} pixels further right. */
    private VideoClip pan(VideoClip canvas) {
        int rowBytes = width * VideoClip.CHANNELS;
        byte[] out = new byte[canvas.frames() * height * rowBytes];
        for (int t = 0; t < canvas.frames(); t++) {
            int x0 = t * PAN_PIXELS_PER_FRAME;
            for (int y = 0; y < height; y++) {
                System.arraycopy(canvas.rgb(), canvas.frameOffset(t) + (y * canvas.width() + x0) * VideoClip.CHANNELS,
                        out, (t * height + y) * rowBytes, rowBytes);
            }
        }
        return new VideoClip(canvas.frames(), height, width, out);
    }
}
