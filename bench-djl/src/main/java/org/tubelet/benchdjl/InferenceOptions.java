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
        Args.atLeast("--workers", workers, 1);
        Args.atLeast("--stride", stride, 1);
        Args.atLeast("--short-side", shortSide, 1);
        Args.atLeast("--threads", threads, 1);
        Args.atLeast("--warmup", warmup, 0);
        Args.atLeast("--steps", steps, 1);
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
                case "--dir" -> dir = Path.of(Args.value(args, ++i, arg));
                case "--list" -> list = Path.of(Args.value(args, ++i, arg));
                case "--workers" -> workers = Args.integer(args, ++i, arg);
                case "--stride" -> stride = Args.integer(args, ++i, arg);
                case "--short-side" -> shortSide = Args.integer(args, ++i, arg);
                case "--threads" -> threads = Args.integer(args, ++i, arg);
                case "--warmup" -> warmup = Args.integer(args, ++i, arg);
                case "--steps" -> steps = Args.integer(args, ++i, arg);
                default -> throw new IllegalArgumentException("unknown option '" + arg + "' (expected --dir, --list, "
                        + "--workers, --stride, --short-side, --threads, --warmup, --steps, --json)");
            }
        }
        return new InferenceOptions(dir, list, workers, stride, shortSide, threads, warmup, steps, json);
    }
}
