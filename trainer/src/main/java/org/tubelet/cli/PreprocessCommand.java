package org.tubelet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.processing.HfVideoProcessor;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.datasets.video.VideoClip;
import org.tubelet.io.DType;
import org.tubelet.io.HostTensor;
import org.tubelet.io.Npy;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code preprocess}: runs a Hugging Face VideoMAE/ViViT image processor ({@link HfVideoProcessor}, bit-exact with
 * transformers v4.37.2) on video frames and writes {@code pixel_values} as a float32 {@code (1, T, 3, h, w)}
 * {@code .npy}, the array HF's {@code processor(frames, return_tensors="np")} returns.
 *
 * <p>Exit codes: 0 written; 2 bad arguments, config or input files (one line on stderr naming the problem);
 * 1 any other failure.
 */
@Command(name = "preprocess", mixinStandardHelpOptions = true,
        description = {"Apply a Hugging Face VideoMAE/ViViT image processor (preprocessor_config.json) to video frames, "
                + "bit-exact with transformers 4.37.2, and write pixel_values as float32 (1, T, 3, h, w) .npy."})
public final class PreprocessCommand implements Callable<Integer> {

    private static final Logger LOG = LogManager.getLogger(PreprocessCommand.class);

    @Option(names = "--config", required = true, paramLabel = "preprocessor_config.json",
            description = "HF processor config (VideoMAEImageProcessor or VivitImageProcessor).")
    Path config;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Where the frames come from: exactly one of the two. */
    static final class Source {
        @Option(names = "--frames", required = true, paramLabel = "frames.npy",
                description = "uint8 (T, H, W, 3) RGB frames.")
        Path frames;

        @Option(names = "--video", required = true, paramLabel = "FILE",
                description = "A video file (mp4, webm, mkv, avi, ogv), decoded with FFmpeg.")
        Path video;
    }

    @Option(names = "--start-frame", defaultValue = "0", paramLabel = "N",
            description = "First frame to use (default: ${DEFAULT-VALUE}).")
    int startFrame;

    @Option(names = "--num-frames", paramLabel = "K", description = "Number of frames to use (default: all from N on).")
    Integer numFrames;

    @Option(names = "--out", required = true, paramLabel = "pixel_values.npy",
            description = "Output .npy, float32 (1, T, 3, h, w).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            return run();
        } catch (Exception e) {
            LOG.debug("preprocess failed", e);
            boolean usage = CliErrors.isUsageError(e);
            err().println("preprocess: " + CliErrors.message(e));
            err().flush();
            return usage ? CliErrors.USAGE : CliErrors.FAILURE;
        }
    }

    private int run() throws IOException {
        HfVideoProcessor processor = new HfVideoProcessor(ProcessorConfig.load(config));
        VideoClip clip = source.video != null ? decodeFrames(source.video) : selectFrames(readFrames(source.frames));
        FrameSize input = new FrameSize(clip.height(), clip.width());
        long[] shape = processor.outputShape(clip.frames(), input); // (1, T, 3, h, w)
        float[] pixels = processor.process(clip);

        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Npy.write(out, HostTensor.ofFloats(shape, pixels));
        out().println(out + " " + Arrays.toString(shape) + " float32");
        out().flush();
        return CliErrors.OK;
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

    /** The K decoded frames from {@code --start-frame} (all remaining frames without {@code --num-frames}). */
    private VideoClip decodeFrames(Path video) throws IOException {
        org.tubelet.datasets.video.VideoDecoder decoder = new org.tubelet.datasets.video.VideoDecoder();
        int total = decoder.probe(video).frameCount();
        if (startFrame < 0 || startFrame >= total) {
            throw new IllegalArgumentException("--start-frame " + startFrame + " is outside the " + total
                    + " frames of " + video + "; expected 0.." + (total - 1));
        }
        int count = numFrames == null ? total - startFrame : numFrames;
        if (count < 1 || startFrame + (long) count > total) {
            throw new IllegalArgumentException("--num-frames " + count + " from --start-frame " + startFrame
                    + " does not fit the " + total + " frames of " + video + "; expected 1.." + (total - startFrame));
        }
        return decoder.decode(video, IntStream.range(startFrame, startFrame + count).toArray());
    }

    /** Applies {@code --start-frame} and {@code --num-frames}. */
    private VideoClip selectFrames(VideoClip all) {
        int total = all.frames();
        if (startFrame < 0 || startFrame >= total) {
            throw new IllegalArgumentException("--start-frame " + startFrame + " is outside the " + total
                    + " frames of " + source.frames + "; expected 0.." + (total - 1));
        }
        int count = numFrames == null ? total - startFrame : numFrames;
        if (count < 1 || startFrame + (long) count > total) {
            throw new IllegalArgumentException("--num-frames " + count + " from --start-frame " + startFrame
                    + " does not fit the " + total + " frames of " + source.frames + "; expected 1.."
                    + (total - startFrame));
        }
        if (startFrame == 0 && count == total) {
            return all;
        }
        return all.subClip(IntStream.range(startFrame, startFrame + count).toArray());
    }

    private PrintWriter out() {
        return spec != null ? spec.commandLine().getOut() : new PrintWriter(System.out, true);
    }

    private PrintWriter err() {
        return spec != null ? spec.commandLine().getErr() : new PrintWriter(System.err, true);
    }
}
