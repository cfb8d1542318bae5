package org.tubelet.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.processing.HfVideoProcessor;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.datasets.video.VideoClip;
import org.tubelet.datasets.video.VideoDecoder;
import org.tubelet.io.DType;
import org.tubelet.io.HostTensor;
import org.tubelet.io.Npy;

/**
 * A Hugging Face VideoMAE/ViViT image processor ({@link HfVideoProcessor}, bit-exact with transformers v4.37.2) on video
 * frames ({@code preprocess}), writing {@code pixel_values} as a float32 {@code (1, T, 3, h, w)} {@code .npy}: the
 * array HF's {@code processor(frames, return_tensors="np")} returns.
 */
public final class Preprocessing {
    private Preprocessing() {
    }

    /** Where the frames come from: a video file (decoded with FFmpeg) or a uint8 (T, H, W, 3) {@code .npy}. */
    public sealed interface Frames {
        Path file();
    }

    /** A video file. */
    public record Video(Path file) implements Frames {
    }

    /** A uint8 (T, H, W, 3) RGB {@code .npy}. */
    public record FrameArray(Path file) implements Frames {
    }

    /**
     * Processes frames {@code start .. start + count − 1} (all remaining frames when {@code count} is empty) and writes
     * {@code out}.
     *
     * @param config a {@code preprocessor_config.json}
     * @return the shape written, {@code (1, T, 3, h, w)}
     */
    public static long[] run(Path config, Frames frames, int start, OptionalInt count, Path out) throws IOException {
        HfVideoProcessor processor = new HfVideoProcessor(ProcessorConfig.load(config));
        VideoClip clip = frames instanceof Video v ? decodeFrames(v.file(), start, count)
                : selectFrames(readFrames(frames.file()), frames.file(), start, count);
        long[] shape = processor.outputShape(clip.frames(), new FrameSize(clip.height(), clip.width()));
        float[] pixels = processor.process(clip);                                 // (1, T, 3, h, w)
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Npy.write(out, HostTensor.ofFloats(shape, pixels));
        return shape;
    }

    /** Reads a uint8 (T, H, W, 3) array; anything else is a usage error naming the file. */
    private static VideoClip readFrames(Path file) throws IOException {
        HostTensor frames = Npy.read(file);
        long[] s = frames.shape();
        if (frames.dtype() != DType.U8 || s.length != 4 || s[3] != VideoClip.CHANNELS
                || s[0] <= 0 || s[1] <= 0 || s[2] <= 0) {
            throw new IllegalArgumentException(file + ": expected uint8 RGB frames of shape (T, H, W, 3), got "
                    + frames.dtype() + " " + Arrays.toString(s));
        }
        return new VideoClip((int) s[0], (int) s[1], (int) s[2], frames.rawBytes());
    }

    /** The decoded frames from {@code start} (all remaining frames without a count). */
    private static VideoClip decodeFrames(Path video, int start, OptionalInt count) throws IOException {
        VideoDecoder decoder = new VideoDecoder();
        int total = decoder.probe(video).frameCount();
        int n = checkRange(total, video, start, count);
        return decoder.decode(video, IntStream.range(start, start + n).toArray());
    }

    /** The frames from {@code start} of frames already read. */
    private static VideoClip selectFrames(VideoClip all, Path file, int start, OptionalInt count) {
        int total = all.frames();
        int n = checkRange(total, file, start, count);
        if (start == 0 && n == total) {
            return all;
        }
        return all.subClip(IntStream.range(start, start + n).toArray());
    }

    /** The number of frames to take; fails naming the options when they do not fit the {@code total} frames. */
    private static int checkRange(int total, Path file, int start, OptionalInt count) {
        if (start < 0 || start >= total) {
            throw new IllegalArgumentException("--start-frame " + start + " is outside the " + total
                    + " frames of " + file + "; expected 0.." + (total - 1));
        }
        int n = count.orElse(total - start);
        if (n < 1 || start + (long) n > total) {
            throw new IllegalArgumentException("--num-frames " + n + " from --start-frame " + start
                    + " does not fit the " + total + " frames of " + file + "; expected 1.." + (total - start));
        }
        return n;
    }
}
