package org.tubelet.benchdjl;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The command line of {@link DjlBench}: {@code --dir DIR [--threads N] [--warmup N] [--steps N]
 * [--what forward,train] [--json]}.
 *
 * @param dir     the folder {@code bench/export_torchscript.py} wrote (forward.pt, train.pt, x.f32, y.i64, meta.json)
 * @param threads PyTorch's intra-op threads
 * @param warmup  unmeasured steps before each timed phase
 * @param steps   measured steps per phase (the median is reported)
 * @param what    the phases to time
 * @param json    print one final JSON line
 */
public record BenchOptions(Path dir, int threads, int warmup, int steps, Set<Phase> what, boolean json) {

    /** A timed phase. */
    public enum Phase { FORWARD, TRAIN }

    public BenchOptions {
        if (dir == null) {
            throw new IllegalArgumentException("--dir is required: the folder bench/export_torchscript.py wrote");
        }
        Args.atLeast("--threads", threads, 1);
        Args.atLeast("--warmup", warmup, 0);
        Args.atLeast("--steps", steps, 1);
        if (what == null || what.isEmpty()) {
            throw new IllegalArgumentException("--what must name forward and/or train");
        }
        what = Set.copyOf(what);
    }

    /** Parses the arguments; an {@link IllegalArgumentException} names the option, the value and what was expected. */
    public static BenchOptions parse(String... args) {
        Path dir = null;
        int threads = 2;
        int warmup = 10;
        int steps = 5;
        Set<Phase> what = EnumSet.allOf(Phase.class);
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--json" -> json = true;
                case "--dir" -> dir = Path.of(Args.value(args, ++i, arg));
                case "--threads" -> threads = Args.integer(args, ++i, arg);
                case "--warmup" -> warmup = Args.integer(args, ++i, arg);
                case "--steps" -> steps = Args.integer(args, ++i, arg);
                case "--what" -> what = phases(Args.value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option '" + arg + "' (expected --dir, --threads,"
                        + " --warmup, --steps, --what, --json)");
            }
        }
        return new BenchOptions(dir, threads, warmup, steps, what, json);
    }

    private static Set<Phase> phases(String list) {
        Set<Phase> out = EnumSet.noneOf(Phase.class);
        for (String p : list.split(",")) {
            try {
                out.add(Phase.valueOf(p.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--what: unknown phase '" + p + "' (expected forward, train)", e);
            }
        }
        return out;
    }
}
