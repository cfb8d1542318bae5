package org.tubelet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.tubelet.engine.JitWarmup;
import org.tubelet.run.ModelBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: times a model on this machine ({@link ModelBench}): inference forward pass and one full training
 * step (gradients + AdamW), on random clips, with the same graph and optimiser the trainer uses. Medians over the
 * measured steps; prints the peak RSS and, with {@code --json}, one final JSON line.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time a model: forward ms, train-step ms (AdamW), clips/s and peak RSS. CONFIG is a preset "
                + "in configs/ (e.g. bench-s) or an HF config.json.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "CONFIG", description = "Preset name/path or config.json.")
    String config;

    @Option(names = "--batch", defaultValue = "4", description = "Clips per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", defaultValue = "10", description = "Measured steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = AUTO, paramLabel = "N|auto", description = "Unmeasured steps first: "
            + "a number, or auto = until the JIT compilers have gone quiet (at most --warmup-max-seconds) "
            + "(default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--warmup-min-seconds", defaultValue = "30", description = "Shortest --warmup auto, per timed "
            + "phase: quiet-looking compilers can be inside one long compilation (default: ${DEFAULT-VALUE}).")
    double warmupMinSeconds;

    @Option(names = "--warmup-max-seconds", defaultValue = "240", description = "Longest --warmup auto, per timed "
            + "phase (default: ${DEFAULT-VALUE}).")
    double warmupMaxSeconds;

    @Option(names = "--mask-ratio", defaultValue = "0.9",
            description = "VideoMAE pretraining tube-mask ratio (default: ${DEFAULT-VALUE}).")
    double maskRatio;

    @Option(names = "--what", defaultValue = "forward,train", split = ",",
            description = "forward and/or train, and loss: check one training step's loss against its float64 "
                    + "recomputation, exit 1 if it is off by more than 5e-5 + 1e-4·|float64| "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> what;

    @Option(names = "--json", description = "Print one final JSON line with the results.")
    boolean json;

    @Option(names = "--profile", description = "After timing, run the steps again with a per-op timer and print "
            + "where the time goes (by op type and by op type with input shapes).")
    boolean profile;

    @Option(names = "--profile-top", defaultValue = "30", description = "Rows of the profile tables "
            + "(default: ${DEFAULT-VALUE}).")
    int profileTop;

    @Option(names = "--engine", defaultValue = "SESSION",
            description = "Training-step engine: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ModelBench.Engine engine;

    static final String AUTO = "auto";

    @Override
    public Integer call() throws Exception {
        OptionalInt warmupSteps = parseWarmup(warmup);
        EnumSet<ModelBench.Phase> phases = EnumSet.noneOf(ModelBench.Phase.class);
        if (what.contains("forward")) {
            phases.add(ModelBench.Phase.FORWARD);
        }
        if (what.contains("train")) {
            phases.add(ModelBench.Phase.TRAIN);
        }
        if (what.contains("loss")) {
            phases.add(ModelBench.Phase.LOSS);
        }
        ModelBench.Result r = ModelBench.run(new ModelBench.Settings(config, batch, steps, warmupSteps,
                warmupMinSeconds, warmupMaxSeconds, maskRatio, phases, engine, profile, profileTop), System.out);
        System.out.println("peak RSS: " + r.peakRssMb() + " MB");
        System.out.println("native code: ND4J " + r.nd4jBuild() + " build, OpenBLAS core " + r.openBlasCore()
                + ", C allocator " + r.malloc() + ", kernels' Vector API " + r.vectorApi());
        System.out.println("JVM options: " + r.jvmOptions());
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(jsonResult(r)));
        }
        return r.lossCheck() != null && !r.lossCheck().passed() ? CliErrors.FAILURE : CliErrors.OK;
    }

    /** The final JSON line's fields, in their order (bench/run.sh and bench/report.py read them). */
    static Map<String, Object> jsonResult(ModelBench.Result r) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", r.model());
        result.put("config", r.config());
        result.put("batch", r.batch());
        result.put("threads", r.threads());
        result.put("params", r.parameters());
        result.put("forward_gflop", round(r.forwardGflop(), 2));
        if (r.forward() != null) {
            result.put("forward_ms", round(r.forward().medianMs(), 1));
            putWarmup(result, "forward", r.forward().warmup());
        }
        if (r.train() != null) {
            result.put("engine", r.engine().name().toLowerCase(Locale.ROOT));
            result.put("train_step_ms", round(r.train().medianMs(), 1));
            result.put("clips_per_s", round(r.clipsPerSecond(), 2));
            putWarmup(result, "train", r.train().warmup());
        }
        if (r.lossCheck() != null) {
            result.put("loss_reported", r.lossCheck().reported());
            result.put("loss_float64", r.lossCheck().float64());
            result.put("loss_check_passed", r.lossCheck().passed());
        }
        result.put("peak_rss_mb", r.peakRssMb());
        if (r.forwardMemory() != null) {
            result.put("memory_forward", r.forwardMemory().json());
        }
        if (r.trainMemory() != null) {
            result.put("memory_train", r.trainMemory().json());
        }
        result.put("nd4j_build", r.nd4jBuild());
        result.put("openblas_core", r.openBlasCore());
        result.put("malloc", r.malloc());
        result.put("vector_api", r.vectorApi());
        result.put("jvm_options", r.jvmOptions());
        return result;
    }

    /** {@code --warmup}: a number of steps (≥ 0), or empty for {@link #AUTO}. */
    static OptionalInt parseWarmup(String value) {
        if (AUTO.equalsIgnoreCase(value.trim())) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0) {
                return OptionalInt.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--warmup " + value + ": expected a number of steps (0 or more) or "
                + AUTO);
    }

    private static void putWarmup(Map<String, Object> result, String phase, JitWarmup.Result warmup) {
        result.put(phase + "_warmup_steps", warmup.steps());
        result.put(phase + "_warmup_s", round(warmup.seconds(), 2));
        result.put(phase + "_jit_quiet", warmup.quiet());   // false too when --warmup is a number
    }

    /** {@code v} rounded to {@code digits} decimals, for JSON results. */
    static double round(double v, int digits) {
        double s = Math.pow(10, digits);
        return Math.round(v * s) / s;
    }
}
