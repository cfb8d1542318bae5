package org.tubelet.engine;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Warm-up of a timed step until the JVM's JIT compilers have gone quiet. A step of Tubelet runs thousands of Java
 * methods (SameDiff's session, the kernels); the C2 compiler keeps compiling them for the first tens of seconds, on
 * one of this machine's two cores, so steps timed earlier measure the compiler as much as the model (VideoMAE
 * pretraining's forward pass: 241 ms after 3 warm-up steps, 127 ms after 60). A training run spends nearly all its
 * time after that point, so that is what the bench reports.
 *
 * <p>The compilers count as quiet when {@link #QUIET_STEPS} steps in a row each saw less than {@link #QUIET_SHARE} of
 * their wall time in compilation (summed over compiler threads), after at least {@link #MIN_STEPS} steps. The JVM
 * adds a compilation's time when it ends, so a few quiet steps can fall inside one long C2 compilation: on a 2-core
 * AMD EPYC VM the criterion stopped VideoMAE pretraining's forward warm-up after ≈ 40 steps (10 s) at 260–320 ms per
 * step, where 150 steps (30 s) gave 137–152 ms. The warm-up therefore also lasts at least a minimum time. A cap on
 * the warm-up time keeps a machine where compilation never stops from waiting forever; the result says whether the
 * compilers were quiet.
 */
public final class JitWarmup {
    private static final Logger LOG = LogManager.getLogger(JitWarmup.class);

    public static final int MIN_STEPS = 3;
    public static final int QUIET_STEPS = 3;
    public static final double QUIET_SHARE = 0.02;

    /** What a warm-up did. */
    public record Result(int steps, double seconds, boolean quiet) {
    }

    /** A step to warm up. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private JitWarmup() {
    }

    /**
     * Runs {@code step} until at least {@code minSeconds} have passed and the JIT compilers are quiet, or until
     * {@code maxSeconds} have passed. Without JIT compilation time monitoring (not a HotSpot JVM) it runs
     * {@link #MIN_STEPS} steps.
     */
    public static Result untilQuiet(Step step, double minSeconds, double maxSeconds) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return steps(step, MIN_STEPS);
        }
        return untilQuiet(step, minSeconds, maxSeconds, jit::getTotalCompilationTime);
    }

    /** Exactly {@code n} steps, the compilers not watched ({@link Result#quiet()} false). */
    public static Result steps(Step step, int n) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            step.run();
        }
        return new Result(n, (System.nanoTime() - start) / 1e9, false);
    }

    /**
     * As {@link #untilQuiet(Step, double, double)}, with the compilers' accumulated time (ms) read from
     * {@code compiledMs}.
     */
    static Result untilQuiet(Step step, double minSeconds, double maxSeconds, LongSupplier compiledMs)
            throws Exception {
        long start = System.nanoTime();
        int steps = 0;
        int quiet = 0;
        while (true) {
            long compiledBefore = compiledMs.getAsLong();
            long t0 = System.nanoTime();
            step.run();
            double ms = (System.nanoTime() - t0) / 1e6;
            long compiling = compiledMs.getAsLong() - compiledBefore;
            steps++;
            quiet = compiling < QUIET_SHARE * ms ? quiet + 1 : 0;
            double seconds = (System.nanoTime() - start) / 1e9;
            LOG.debug("warm-up step {}: {} ms, {} ms compiling", steps, Math.round(ms), compiling);
            if (steps >= MIN_STEPS && quiet >= QUIET_STEPS && seconds >= minSeconds) {
                return new Result(steps, seconds, true);
            }
            if (seconds >= maxSeconds) {
                LOG.warn("warm-up stopped after {} steps ({} s): the JIT compilers were still busy", steps,
                        Math.round(seconds));
                return new Result(steps, seconds, false);
            }
        }
    }
}
