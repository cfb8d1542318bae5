package org.tubelet.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.engine.Dl4jConsole;
import org.tubelet.engine.GraphSessions;
import org.tubelet.engine.JitWarmup;
import org.tubelet.engine.JvmOptions;
import org.tubelet.engine.Malloc;
import org.tubelet.engine.NativeBuild;
import org.tubelet.engine.OpenBlasCore;
import org.tubelet.engine.VectorApi;
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

/**
 * Times a model on this machine ({@code bench --config CONFIG}): inference forward pass and one full training step
 * (gradients + AdamW), on random clips, with the same graph and optimiser the trainer uses. Medians over the measured
 * steps, after a warm-up of a fixed number of steps or until the JIT compilers have gone quiet; optionally a per-op
 * profile of each timed phase.
 */
public final class ModelBench {
    /** Parameters the optimiser excludes from weight decay, as the trainer does. */
    private static final List<String> NO_DECAY = List.of("bias", "norm", "cls_token", "position_embeddings",
            "time_embeddings", "mask_token");

    /** What is timed. */
    public enum Phase {
        /** The inference forward pass. */
        FORWARD,
        /** One training step: forward, backward and the optimiser's update. */
        TRAIN,
        /**
         * Not timed: the loss of one training step against its float64 recomputation from the step's predictions
         * ({@link LossCheck}).
         */
        LOSS
    }

    /** How the training step is executed. */
    public enum Engine {
        /**
         * Gradients from SameDiff's {@code calculateGradients}, then Tubelet's AdamW: how the trainer clipped and
         * accumulated before {@link #SUMS} (a reference).
         */
        GRADIENTS,
        /** The trainer without clipping: one long-lived SameDiff training session, Tubelet's AdamW per parameter. */
        SESSION,
        /**
         * The trainer with clipping or accumulation: the same session sums the gradients, then global-norm clipping
         * at 1.0 and Tubelet's AdamW.
         */
        SUMS
    }

    /**
     * What to time.
     *
     * @param config           a preset name or YAML path, or an HF {@code config.json}
     * @param batch            clips per batch
     * @param steps            measured steps per phase
     * @param warmupSteps      unmeasured steps before each phase, or empty to warm up until the JIT compilers are
     *                         quiet
     * @param warmupMinSeconds shortest automatic warm-up per phase
     * @param warmupMaxSeconds longest automatic warm-up per phase
     * @param maskRatio        tube-mask ratio of VideoMAE pretraining models
     * @param phases           the phases to time
     * @param engine           how the training step runs
     * @param profile          after timing, run the steps again with a per-op timer and print its tables
     * @param profileTop       rows of the profile tables
     */
    public record Settings(String config, int batch, int steps, OptionalInt warmupSteps, double warmupMinSeconds,
                           double warmupMaxSeconds, double maskRatio, Set<Phase> phases, Engine engine,
                           boolean profile, int profileTop) {
        public Settings {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(warmupSteps, "warmupSteps");
            Objects.requireNonNull(engine, "engine");
            if (batch <= 0 || steps <= 0 || profileTop <= 0 || warmupMaxSeconds <= 0) {
                throw new IllegalArgumentException("--batch, --steps, --profile-top and --warmup-max-seconds must be "
                        + "positive");
            }
            if (warmupMinSeconds < 0 || warmupMinSeconds > warmupMaxSeconds) {
                throw new IllegalArgumentException("--warmup-min-seconds must be between 0 and --warmup-max-seconds ("
                        + warmupMaxSeconds + "), got " + warmupMinSeconds);
            }
            EnumSet<Phase> copy = EnumSet.noneOf(Phase.class);
            copy.addAll(phases);
            phases = Collections.unmodifiableSet(copy);
            if (profile && phases.contains(Phase.TRAIN) && engine == Engine.GRADIENTS) {
                throw new IllegalArgumentException("--profile times the training step of the session engine only; "
                        + "drop --engine " + engine.name().toLowerCase(Locale.ROOT) + " or use --what forward");
            }
        }
    }

    /**
     * One timed phase.
     *
     * @param medianMs median wall time of a measured step, ms
     * @param warmup   the warm-up before the measured steps
     */
    public record Timing(double medianMs, JitWarmup.Result warmup) {
    }

    /**
     * What was measured.
     *
     * @param model        the HF class of the model
     * @param config       the config reference, as given
     * @param batch        clips per batch
     * @param threads      ND4J's threads
     * @param parameters   parameters of the model
     * @param forwardGflop floating-point operations of one forward pass of the batch, in GFLOP
     * @param forward      the forward pass, or null when not timed
     * @param engine       the training-step engine
     * @param train        the training step, or null when not timed
     * @param lossCheck    the training step's loss against its float64 recomputation, or null when not checked
     * @param peakRssMb    peak resident set size of this process after timing, MB (-1 where unknown)
     * @param nd4jBuild    the ND4J build that ran ({@code avx512}, {@code avx2}, {@code generic}; {@code unknown}
     *                     with another backend)
     * @param openBlasCore the core type OpenBLAS ran ({@link OpenBlasCore#describeRunning()})
     * @param malloc       the C allocator that ran ({@link Malloc#describeRunning()})
     * @param vectorApi    whether the kernels used Java's Vector API ({@link VectorApi#describe()})
     * @param jvmOptions   the young-generation cap, collection time ratio and JavaCPP's RSS check
     *                     ({@link JvmOptions#describe()})
     * @param forwardMemory the process's memory right after the timed forward passes (their arrays still cached), or
     *                      null when not timed
     * @param trainMemory  the process's memory right after the timed training steps (the stepper and its arrays
     *                     alive), or null when not timed
     */
    public record Result(String model, String config, int batch, int threads, long parameters, double forwardGflop,
                         Timing forward, Engine engine, Timing train, LossCheck.Result lossCheck, long peakRssMb,
                         String nd4jBuild, String openBlasCore, String malloc, String vectorApi,
                         String jvmOptions, MemoryUse forwardMemory, MemoryUse trainMemory) {
        /** Clips per second of the training step (NaN when it was not timed). */
        public double clipsPerSecond() {
            return train == null ? Double.NaN : batch * 1000.0 / train.medianMs();
        }
    }

    private final Settings s;
    private final PrintStream out;
    private MemoryUse forwardMemory;
    private MemoryUse trainMemory;

    private ModelBench(Settings s, PrintStream out) {
        this.s = s;
        this.out = out;
    }

    /**
     * Builds the model with seeded random weights and random clips, then times the chosen phases.
     *
     * @param s   what to time
     * @param out where each phase's timing line and the profile tables go (the CLI's standard output)
     * @return the measurements
     */
    public static Result run(Settings s, PrintStream out) throws Exception {
        return new ModelBench(s, out).run();
    }

    private Result run() throws Exception {
        int batch = s.batch();
        ModelConfig c = loadConfig(s.config());
        Architecture arch = HfCheckpoint.architectureOf(c, Path.of(s.config()));
        int masked = 0;
        INDArray mask = null;
        if (arch.head() == Architecture.Head.PRETRAINING) {
            TubeMaskGenerator gen = TubeMaskGenerator.forConfig((VideoMaeConfig) c, s.maskRatio(),
                    MaskingStrategy.TUBE);
            masked = gen.maskedPerClip();
            mask = TubeMaskGenerator.asArray(gen.generate(batch, 1));     // [B, N]
        }
        ModelGraph g = Models.build(c, arch, InputSize.of(c), masked);
        Models.initialise(g, 0);
        Nd4j.getRandom().setSeed(1);
        // [B, T, C, S, S]
        INDArray pixels = Nd4j.randn(DataType.FLOAT, batch, c.numFrames(), c.numChannels(), c.imageSize(),
                c.imageSize());
        INDArray labels = null;
        if (g.inputs().labels() != null) {
            long[] y = new long[batch];
            for (int i = 0; i < batch; i++) {
                y[i] = i % c.meta().numLabels();
            }
            labels = Nd4j.createFromArray(y);           // [B]
        }
        double gflop = Flops.forward(c, arch, batch, masked) / 1e9;
        int threads = Nd4j.getEnvironment().maxMasterThreads();
        LossCheck.Result loss = s.phases().contains(Phase.LOSS) ? checkLoss(g, pixels, labels, mask) : null;
        Timing forward = s.phases().contains(Phase.FORWARD) ? forward(g, pixels, mask, gflop) : null;
        Timing train = s.phases().contains(Phase.TRAIN) ? train(g, pixels, labels, mask, gflop) : null;
        String build = NativeBuild.loaded().map(v -> v.name().toLowerCase(Locale.ROOT)).orElse("unknown");
        return new Result(arch.hfClass(), s.config(), batch, threads, g.layout().parameterCount(), gflop, forward,
                s.engine(), train, loss, MemoryUse.processPeakRssMb(), build, OpenBlasCore.describeRunning(),
                Malloc.describeRunning(), VectorApi.describe(), JvmOptions.describe(), forwardMemory, trainMemory);
    }

    /** One training step of the session engine, its reported loss against the float64 recomputation. */
    private LossCheck.Result checkLoss(ModelGraph g, INDArray pixels, INDArray labels, INDArray mask) {
        LossCheck.Result r = LossCheck.run(g, g.feeds(pixels, labels, mask, true), Trainer.params(g, NO_DECAY),
                new AdamW(0.9, 0.999, 1e-8, 0.05), 1);
        out.printf(Locale.ROOT, "loss check: the training step reported %.8f, recomputed in float64 from its %d "
                        + "predictions %.8f; |difference| %.2e %s %.2e (5e-5 + 1e-4·|float64|): %s%n", r.reported(),
                r.values(), r.float64(), r.difference(), r.passed() ? "<=" : ">", r.tolerance(),
                r.passed() ? "ok" : "FAILED");
        return r;
    }

    /** Times the inference forward pass, then (with a profile) runs it again under the per-op timer. */
    private Timing forward(ModelGraph g, INDArray pixels, INDArray mask, double gflop) throws Exception {
        String output = (g.outputs().logits() != null ? g.outputs().logits() : g.outputs().lastHiddenState()).name();
        Map<String, INDArray> feeds = g.feeds(pixels, null, mask, false);
        Timing t = median(() -> GraphSessions.output(g.sd(), feeds, List.of(output)));
        out.printf(Locale.ROOT, "forward: median %.1f ms = %.1f GFLOP/s (%s)%n", t.medianMs(),
                gflop / t.medianMs() * 1e3, describe(t.warmup()));
        forwardMemory = MemoryUse.now();
        out.println("memory after the forward passes: " + forwardMemory.describe());
        if (s.profile()) {
            OpTimings timings = new OpTimings();
            List<Listener> before = new ArrayList<>(g.sd().getListeners());
            g.sd().addListeners(timings);   // keeps the graph's own listeners (e.g. the dropout seeder)
            long t0 = System.nanoTime();
            for (int i = 0; i < s.steps(); i++) {
                GraphSessions.output(g.sd(), feeds, List.of(output));
            }
            g.sd().setListeners(before.toArray(new Listener[0]));
            printProfile("forward", timings, (System.nanoTime() - t0) / 1e6 / s.steps());
        }
        // as the trainer does after an evaluation: training does not keep it
        GraphSessions.freeInferenceMemory(g.sd());
        return t;
    }

    /** Times one training step with the chosen engine (the session engines: then profiled when asked). */
    private Timing train(ModelGraph g, INDArray pixels, INDArray labels, INDArray mask, double gflop)
            throws Exception {
        Map<String, INDArray> feeds = g.feeds(pixels, labels, mask, true);
        List<Param> params = Trainer.params(g, NO_DECAY);
        List<String> names = new ArrayList<>(g.params().keySet());
        String loss = g.outputs().loss().name();
        Timing t;
        if (s.engine() == Engine.SESSION || s.engine() == Engine.SUMS) {
            boolean sums = s.engine() == Engine.SUMS;
            LongConsumer run = sessionStep(g, params, feeds, sums, new AdamW(0.9, 0.999, 1e-8, 0.05), List.of());
            long[] step = {0};
            t = median(() -> run.accept(++step[0]));
            if (s.profile()) {
                OpTimings timings = new OpTimings();
                LongConsumer profiled = sessionStep(g, params, feeds, sums,
                        new TimedOptimizer(new AdamW(0.9, 0.999, 1e-8, 0.05), timings), List.of(timings));
                profiled.accept(1);
                timings.clear();
                long t0 = System.nanoTime();
                for (int i = 0; i < s.steps(); i++) {
                    profiled.accept(i + 2);
                }
                printProfile(sums ? "train step (gradient sums, clipping)" : "train step (session engine)", timings,
                        (System.nanoTime() - t0) / 1e6 / s.steps());
            }
        } else {
            AdamW adamW = new AdamW(0.9, 0.999, 1e-8, 0.05);
            long[] step = {0};
            t = median(() -> {
                OutAndGrad[] og = new OutAndGrad[1];       // the first call builds the backward graph: quietly
                Dl4jConsole.quietly(() -> og[0] = g.sd().calculateGradientsAndOutputs(feeds, List.of(loss), names));
                adamW.step(params, og[0].getGradients(), 1e-4, ++step[0]);
                GraphSessions.releaseGradientRun(g.sd());   // as the trainer's gradient path did
            });
        }
        trainMemory = MemoryUse.now();
        double ms = t.medianMs();
        out.println("memory after the training steps: " + trainMemory.describe());
        out.printf(Locale.ROOT, "train step: median %.1f ms = %.1f GFLOP/s, %.2f clips/s (%s)%n", ms,
                3 * gflop / ms * 1e3, s.batch() * 1000.0 / ms, describe(t.warmup()));
        return t;
    }

    /**
     * The trainer's step through the training session, as a function of the 1-based step number: updating during the
     * backward pass, or ({@code sums}) as with clipping: the session's gradient sums, clipping at 1.0, the update.
     */
    private static LongConsumer sessionStep(ModelGraph g, List<Param> params, Map<String, INDArray> feeds,
                                            boolean sums, Optimizer optimizer, List<Listener> listeners) {
        var stepper = new SessionStepper(g, g.outputs().loss(), params, optimizer, listeners);
        if (!sums) {
            return step -> stepper.step(feeds, 1e-4, step);
        }
        return step -> {
            stepper.accumulate(feeds, true, step);
            Map<String, INDArray> grads = stepper.sums();
            optimizer.step(params, grads, Trainer.clipFactor(Trainer.globalNorm(grads), 1.0), 1e-4, step);
        };
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
        public void update(Param p, INDArray gradient, double scale, double lr, long t) {
            long t0 = System.nanoTime();
            inner.update(p, gradient, scale, lr, t);
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
        int steps = s.steps();
        out.printf(Locale.ROOT, "%n== profile: %s, %.1f ms per step, %.1f ms in ops and optimiser, %.1f ms "
                + "engine overhead ==%n", what, stepMs, timings.totalMs() / steps, stepMs - timings.totalMs() / steps);
        out.print(timings.table(steps, s.profileTop(), false));
        out.println();
        out.print(timings.table(steps, s.profileTop(), true));
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

    private static String describe(JitWarmup.Result w) {
        return String.format(Locale.ROOT, "after %d warm-up steps, %.1f s%s", w.steps(), w.seconds(),
                w.quiet() ? ", JIT compilers quiet" : "");
    }

    /** Warms up ({@link Settings#warmupSteps}), then the median wall time of {@code steps} runs of {@code body}. */
    private Timing median(JitWarmup.Step body) throws Exception {
        JitWarmup.Result warmup = s.warmupSteps().isPresent() ? JitWarmup.steps(body, s.warmupSteps().getAsInt())
                : JitWarmup.untilQuiet(body, s.warmupMinSeconds(), s.warmupMaxSeconds());
        int steps = s.steps();
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            body.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new Timing(steps % 2 == 1 ? ms[steps / 2] : (ms[steps / 2 - 1] + ms[steps / 2]) / 2, warmup);
    }
}
