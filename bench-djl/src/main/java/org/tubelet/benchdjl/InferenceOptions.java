package org.tubelet.benchdjl;

import java.nio.file.Path;

/**
 * The command line of {@link DjlInference}: {@code --dir DIR --list FILE [--workers N] [--stride S]
 * [--short-side PX] [--threads N] [--warmup N] [--steps N] [--json]}. The clip's frames, crop size, batch and classes
 * are the exported model's ({@code meta.json}).
 *
 * @param dir       the folder {@code bench/export_torchscript.py} wrote for the model (forward.pt, x.f32, meta.json)
 * @param list      the videos: a list file of {@code path label} lines, paths relative to its folder
 * @param workers   the video loader's decoding threads
 * @param stride    step between a view's frames
 * @param shortSide the short side frames are resized to before the centre crop
 * @param threads   PyTorch's intra-op threads
 * @param warmup    unmeasured forward passes per mode before the mode timing
 * @param steps     measured forward passes per mode (the faster mode's median is reported)
 * @param json      print one final JSON line
 */
public record InferenceOptions(Path dir, Path list, int workers, int stride, int shortSide, int threads, int warmup,
                               int steps, boolean json) {

    public InferenceOptions {
        if (dir == null) {
            throw new IllegalArgumentException("--dir is required: the folder bench/export_torchscript.py wrote");
        }
        if (list == null) {
            throw new IllegalArgumentException("--list is required: a list file of 'path label' lines");
        }
        positive("--workers", workers);
        positive("--stride", stride);
        positive("--short-side", shortSide);
        positive("--threads", threads);
        positive("--steps", steps);
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must be 0 or more, got " + warmup);
        }
    }

    /** Parses the arguments; an {@link IllegalArgumentException} names the option, the value and what was expected. */
    public static InferenceOptions parse(String... args) {
        Path dir = null;
        Path list = null;
        int workers = 1;
        int stride = 2;
        int shortSide = 128;
        int threads = 2;
        int warmup = 3;
        int steps = 3;
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--json" -> json = true;
                case "--dir" -> dir = Path.of(BenchOptions.value(args, ++i, arg));
                case "--list" -> list = Path.of(BenchOptions.value(args, ++i, arg));
                case "--workers" -> workers = BenchOptions.integer(args, ++i, arg);
                case "--stride" -> stride = BenchOptions.integer(args, ++i, arg);
                case "--short-side" -> shortSide = BenchOptions.integer(args, ++i, arg);
                case "--threads" -> threads = BenchOptions.integer(args, ++i, arg);
                case "--warmup" -> warmup = BenchOptions.integer(args, ++i, arg);
                case "--steps" -> steps = BenchOptions.integer(args, ++i, arg);
                default -> throw new IllegalArgumentException("unknown option '" + arg + "' (expected --dir, --list, "
                        + "--workers, --stride, --short-side, --threads, --warmup, --steps, --json)");
            }
        }
        return new InferenceOptions(dir, list, workers, stride, shortSide, threads, warmup, steps, json);
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
    }
}
