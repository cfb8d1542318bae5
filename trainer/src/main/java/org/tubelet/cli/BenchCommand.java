package org.tubelet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.engine.GraphSessions;
import org.tubelet.engine.JitWarmup;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.hf.HfConfigs;
import org.tubelet.models.Architecture;
import org.tubelet.models.InputSize;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.videomae.MaskingStrategy;
import org.tubelet.models.videomae.TubeMaskGenerator;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.models.zoo.Flops;
import org.tubelet.models.zoo.Models;
import org.tubelet.recipe.Presets;
import org.tubelet.train.loop.OpTimings;
import org.tubelet.train.loop.SessionStepper;
import org.tubelet.train.loop.Trainer;
import org.tubelet.train.optim.AdamW;
import org.tubelet.train.optim.Optimizer;
import org.tubelet.train.optim.Param;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times a model on this machine: inference forward pass and one full training step (gradients + AdamW), on random
 * clips, with the same graph and optimiser the trainer uses. Medians over the measured steps.
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
            + "a number, or auto = until the JIT compilers have gone quiet (at most --warmup-max-seconds; with "
            + "--engine fit, " + FIT_AUTO_WARMUP + " steps) (default: ${DEFAULT-VALUE}).")
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
            description = "forward and/or train (default: ${DEFAULT-VALUE}).")
    List<String> what;

    @Option(names = "--json", description = "Print one final JSON line with the results.")
    boolean json;

    @Option(names = "--profile", description = "After timing, run the steps again with a per-op timer and print "
            + "where the time goes (by op type and by op type with input shapes).")
    boolean profile;

    @Option(names = "--profile-top", defaultValue = "30", description = "Rows of the profile tables "
            + "(default: ${DEFAULT-VALUE}).")
    int profileTop;

    /** How the training step is executed. */
    enum Engine {
        /** The trainer's loop: gradients from SameDiff, then Tubelet's AdamW (exclusions, clipping, accumulation). */
        GRADIENTS,
        /** The trainer's fast path: one long-lived SameDiff training session, Tubelet's AdamW per parameter. */
        SESSION,
        /** {@code sd.fit} over all steps with ND4J's own Adam updater (reference for the session engine). */
        FIT
    }

    @Option(names = "--engine", defaultValue = "SESSION",
            description = "Training-step engine: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Engine engine;

    static final String AUTO = "auto";
    static final int FIT_AUTO_WARMUP = 30;

    /** {@link #warmup} as a number of steps, empty for {@link #AUTO}; set by {@link #call()}. */
    private OptionalInt warmupSteps;
    /** The warm-up of the last timed phase. */
    private JitWarmup.Result lastWarmup;

    @Override
    public Integer call() throws Exception {
        warmupSteps = parseWarmup(warmup);
        if (batch <= 0 || steps <= 0 || profileTop <= 0 || warmupMaxSeconds <= 0) {
            throw new IllegalArgumentException("--batch, --steps, --profile-top and --warmup-max-seconds must be "
                    + "positive");
        }
        if (warmupMinSeconds < 0 || warmupMinSeconds > warmupMaxSeconds) {
            throw new IllegalArgumentException("--warmup-min-seconds must be between 0 and --warmup-max-seconds ("
                    + warmupMaxSeconds + "), got " + warmupMinSeconds);
        }
        if (profile && what.contains("train") && engine != Engine.SESSION) {
            throw new IllegalArgumentException("--profile times the training step of the session engine only; "
                    + "drop --engine " + engine.name().toLowerCase(Locale.ROOT) + " or use --what forward");
        }
        ModelConfig c = loadConfig(config);
        Architecture arch = HfCheckpoint.architectureOf(c, Path.of(config));
        int masked = 0;
        INDArray mask = null;
        if (arch.head() == Architecture.Head.PRETRAINING) {
            TubeMaskGenerator gen = TubeMaskGenerator.forConfig((VideoMaeConfig) c, maskRatio, MaskingStrategy.TUBE);
            masked = gen.maskedPerClip();
            mask = toArray(gen.generate(batch, 1));
        }
        ModelGraph g = Models.build(c, arch, InputSize.of(c), masked);
        Models.initialise(g, 0);
        Nd4j.getRandom().setSeed(1);
        INDArray pixels = Nd4j.randn(DataType.FLOAT, batch, c.numFrames(), c.numChannels(), c.imageSize(),
                c.imageSize());
        INDArray labels = null;
        if (g.inputs().labels() != null) {
            long[] y = new long[batch];
            for (int i = 0; i < batch; i++) {
                y[i] = i % c.meta().numLabels();
            }
            labels = Nd4j.createFromArray(y);
        }
        double gflop = Flops.forward(c, arch, batch, masked) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", arch.hfClass());
        result.put("config", config);
        result.put("batch", batch);
        result.put("threads", Nd4j.getEnvironment().maxMasterThreads());
        result.put("params", g.layout().parameterCount());
        result.put("forward_gflop", round(gflop, 2));

        if (what.contains("forward")) {
            String out = (g.outputs().logits() != null ? g.outputs().logits() : g.outputs().lastHiddenState()).name();
            Map<String, INDArray> feeds = g.feeds(pixels, null, mask, false);
            double ms = median(() -> GraphSessions.output(g.sd(), feeds, List.of(out)));
            result.put("forward_ms", round(ms, 1));
            putWarmup(result, "forward");
            System.out.printf(Locale.ROOT, "forward: median %.1f ms = %.1f GFLOP/s (%s)%n", ms, gflop / ms * 1e3,
                    describe(lastWarmup));
            if (profile) {
                OpTimings timings = new OpTimings();
                List<Listener> before = new ArrayList<>(g.sd().getListeners());
                g.sd().addListeners(timings);   // keeps the graph's own listeners (e.g. the dropout seeder)
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    GraphSessions.output(g.sd(), feeds, List.of(out));
                }
                g.sd().setListeners(before.toArray(new Listener[0]));
                printProfile("forward", timings, (System.nanoTime() - t0) / 1e6 / steps);
            }
            // as the trainer does after an evaluation: training does not keep it
            GraphSessions.freeInferenceMemory(g.sd());
        }
        if (what.contains("train")) {
            Map<String, INDArray> feeds = g.feeds(pixels, labels, mask, true);
            List<Param> params = Trainer.params(g, List.of("bias", "norm", "cls_token", "position_embeddings",
                    "time_embeddings", "mask_token"));
            List<String> names = new ArrayList<>(g.params().keySet());
            String loss = g.outputs().loss().name();
            double ms;
            if (engine == Engine.FIT) {
                ms = fitSteps(g, feeds);
            } else if (engine == Engine.SESSION) {
                var stepper = new SessionStepper(g, g.outputs().loss(), params,
                        new AdamW(0.9, 0.999, 1e-8, 0.05));
                long[] t = {0};
                ms = median(() -> stepper.step(feeds, 1e-4, ++t[0]));
                if (profile) {
                    OpTimings timings = new OpTimings();
                    var profiled = new SessionStepper(g, g.outputs().loss(), params,
                            new TimedOptimizer(new AdamW(0.9, 0.999, 1e-8, 0.05), timings), List.of(timings));
                    profiled.step(feeds, 1e-4, 1);
                    timings.clear();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < steps; i++) {
                        profiled.step(feeds, 1e-4, i + 2);
                    }
                    printProfile("train step (session engine)", timings, (System.nanoTime() - t0) / 1e6 / steps);
                }
            } else {
                AdamW adamW = new AdamW(0.9, 0.999, 1e-8, 0.05);
                long[] t = {0};
                ms = median(() -> {
                    OutAndGrad og = g.sd().calculateGradientsAndOutputs(feeds, List.of(loss), names);
                    adamW.step(params, og.getGradients(), 1e-4, ++t[0]);
                    GraphSessions.releaseGradientRun(g.sd());   // as the trainer's gradient path does
                });
            }
            result.put("engine", engine.name().toLowerCase(Locale.ROOT));
            result.put("train_step_ms", round(ms, 1));
            result.put("clips_per_s", round(batch * 1000.0 / ms, 2));
            putWarmup(result, "train");
            System.out.printf(Locale.ROOT, "train step: median %.1f ms = %.1f GFLOP/s, %.2f clips/s (%s)%n", ms,
                    3 * gflop / ms * 1e3, batch * 1000.0 / ms, describe(lastWarmup));
        }
        long rss = peakRssMb();
        result.put("peak_rss_mb", rss);
        System.out.println("peak RSS: " + rss + " MB");
        if (json) {
            System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(result));
        }
        return CliErrors.OK;
    }

    /** An optimiser whose time is recorded in the profile. */
    private record TimedOptimizer(Optimizer inner, OpTimings timings) implements Optimizer {
        @Override
        public void toUpdate(Param p, INDArray gradient, double lr, long t) {
            long t0 = System.nanoTime();
            inner.toUpdate(p, gradient, lr, t);
            timings.record("optimizer: " + inner.getClass().getSimpleName(), System.nanoTime() - t0);
        }

        @Override
        public Map<String, INDArray> state() {
            return inner.state();
        }

        @Override
        public void loadState(Map<String, INDArray> state) {
            inner.loadState(state);
        }
    }

    private void printProfile(String what, OpTimings timings, double stepMs) {
        System.out.printf(Locale.ROOT, "%n== profile: %s, %.1f ms per step, %.1f ms in ops and optimiser, %.1f ms "
                + "engine overhead ==%n", what, stepMs, timings.totalMs() / steps, stepMs - timings.totalMs() / steps);
        System.out.print(timings.table(steps, profileTop, false));
        System.out.println();
        System.out.print(timings.table(steps, profileTop, true));
    }

    /** Median step time of one {@code sd.fit} call running warmup + steps iterations on the same batch. */
    private double fitSteps(ModelGraph g, Map<String, INDArray> feeds) {
        var sd = g.sd();
        List<String> inputs = new ArrayList<>(feeds.keySet());
        sd.setTrainingConfig(org.nd4j.autodiff.samediff.TrainingConfig.builder()
                .updater(new org.nd4j.linalg.learning.config.Adam(1e-4))
                .dataSetFeatureMapping(inputs.toArray(new String[0]))
                .markLabelsUnused()
                .build());
        INDArray[] features = inputs.stream().map(feeds::get).toArray(INDArray[]::new);
        int warmup = warmupSteps.orElse(FIT_AUTO_WARMUP);
        var data = new org.nd4j.linalg.dataset.MultiDataSet(features, new INDArray[0]);
        var it = new org.nd4j.linalg.dataset.adapter.SingletonMultiDataSetIterator(data);
        List<Double> times = new ArrayList<>();
        long[] last = {System.nanoTime()};
        sd.fit(it, warmup + steps, new org.nd4j.autodiff.listeners.BaseListener() {
            @Override
            public boolean isActive(org.nd4j.autodiff.listeners.Operation op) {
                return true;
            }

            @Override
            public void iterationDone(org.nd4j.autodiff.samediff.SameDiff s, org.nd4j.autodiff.listeners.At at,
                                      org.nd4j.linalg.dataset.api.MultiDataSet ds,
                                      org.nd4j.autodiff.listeners.Loss l) {
                long now = System.nanoTime();
                times.add((now - last[0]) / 1e6);
                last[0] = now;
            }
        });
        double[] measured = times.subList(warmup, times.size()).stream().mapToDouble(Double::doubleValue).sorted()
                .toArray();
        lastWarmup = new JitWarmup.Result(warmup, times.subList(0, warmup).stream().mapToDouble(d -> d).sum() / 1e3,
                false);
        int n = measured.length;
        return n % 2 == 1 ? measured[n / 2] : (measured[n / 2 - 1] + measured[n / 2]) / 2;
    }

    /** A preset (configs/NAME.yaml, a YAML path) or an HF config.json. */
    static ModelConfig loadConfig(String ref) throws IOException {
        if (ref.endsWith(".json")) {
            return HfConfigs.read(Path.of(ref));
        }
        return Presets.parse(Presets.find(ref, null).orElseThrow(() -> new IllegalArgumentException(
                "--config " + ref + ": no such preset (looked for the file, ./configs/" + ref
                        + ".yaml and the presets inside the jar)")));
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

    private void putWarmup(Map<String, Object> result, String phase) {
        result.put(phase + "_warmup_steps", lastWarmup.steps());
        result.put(phase + "_warmup_s", round(lastWarmup.seconds(), 2));
        result.put(phase + "_jit_quiet", lastWarmup.quiet());   // false too when --warmup is a number
    }

    private static String describe(JitWarmup.Result w) {
        return String.format(Locale.ROOT, "after %d warm-up steps, %.1f s%s", w.steps(), w.seconds(),
                w.quiet() ? ", JIT compilers quiet" : "");
    }

    /** Warms up ({@code --warmup}), then returns the median wall time of {@code steps} runs of {@code body}, ms. */
    private double median(JitWarmup.Step body) throws Exception {
        lastWarmup = warmupSteps.isPresent() ? JitWarmup.steps(body, warmupSteps.getAsInt())
                : JitWarmup.untilQuiet(body, warmupMinSeconds, warmupMaxSeconds);
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            body.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(ms);
        return steps % 2 == 1 ? ms[steps / 2] : (ms[steps / 2 - 1] + ms[steps / 2]) / 2;
    }


    /** Peak resident set size of this process (VmHWM), in MB. */
    static long peakRssMb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    private static INDArray toArray(boolean[][] masks) {
        float[][] f = new float[masks.length][masks[0].length];
        for (int b = 0; b < masks.length; b++) {
            for (int i = 0; i < masks[b].length; i++) {
                f[b][i] = masks[b][i] ? 1f : 0f;
            }
        }
        return Nd4j.create(f);
    }

    /** {@code v} rounded to {@code digits} decimals, for JSON results. */
    static double round(double v, int digits) {
        double s = Math.pow(10, digits);
        return Math.round(v * s) / s;
    }
}
