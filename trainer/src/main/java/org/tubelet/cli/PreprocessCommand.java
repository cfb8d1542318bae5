package org.tubelet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tubelet.run.Preprocessing;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code preprocess}: runs a Hugging Face VideoMAE/ViViT image processor on video frames ({@link Preprocessing}) and
 * writes {@code pixel_values} as a float32 {@code (1, T, 3, h, w)} {@code .npy}, the array HF's
 * {@code processor(frames, return_tensors="np")} returns.
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
        Preprocessing.Frames frames = source.video != null ? new Preprocessing.Video(source.video)
                : new Preprocessing.FrameArray(source.frames);
        long[] shape = Preprocessing.run(config, frames, startFrame,
                numFrames == null ? OptionalInt.empty() : OptionalInt.of(numFrames), out);
        out().println(out + " " + Arrays.toString(shape) + " float32");
        out().flush();
        return CliErrors.OK;
    }

    private PrintWriter out() {
        return spec != null ? spec.commandLine().getOut() : new PrintWriter(System.out, true);
    }

    private PrintWriter err() {
        return spec != null ? spec.commandLine().getErr() : new PrintWriter(System.err, true);
    }
}
