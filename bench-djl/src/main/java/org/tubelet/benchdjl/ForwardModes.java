package org.tubelet.benchdjl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * PyTorch's two ways of running a forward pass, timed so that the bench can report (and the inference pass use) the
 * faster, as bench/torch_*.py do: {@code eval()} + no_grad, and autograd on (PyTorch 1.13's no-grad "fast path" was
 * 2–3× slower on some CPUs, issue 19). The module is loaded with {@code trainParam}, so its parameters require
 * gradients as the reference model's do.
 */
final class ForwardModes {

    /** A way of running the forward pass. */
    enum Mode {
        /** Grad mode off: nothing recorded. */
        NO_GRAD,
        /**
         * Autograd on: inside a gradient collector, a training-mode call (in DJL, a forward call with
         * {@code training = false} records no graph whatever the grad mode; the same maths for these models: no
         * dropout, no batch norm).
         */
        AUTOGRAD;

        /** The JSON name, as bench/torch_inference.py writes it. */
        String json() {
            return this == NO_GRAD ? "no_grad" : "autograd";
        }
    }

    /**
     * Both modes timed on the same input.
     *
     * @param noGrad           the no-grad forward pass
     * @param autograd         the forward pass with autograd on
     * @param autogradRecorded whether the autograd-on pass really recorded the graph (its output requires gradients)
     */
    record Timings(StepTimer.Timing noGrad, StepTimer.Timing autograd, boolean autogradRecorded) {
        Mode faster() {
            return autograd.medianMs() < noGrad.medianMs() ? Mode.AUTOGRAD : Mode.NO_GRAD;
        }

        double fasterMs() {
            return Math.min(noGrad.medianMs(), autograd.medianMs());
        }

        /**
         * Prints both modes' timings and puts them into {@code result} as both programs' JSON has them:
         * {@code forward_ms} (the faster), {@code forward_nograd_ms}, {@code forward_grad_ms},
         * {@code forward_grad_recorded}.
         */
        void report(ObjectNode result) {
            DjlBench.print("forward (eval, no_grad)", noGrad);
            DjlBench.print("forward (eval, autograd on)", autograd);
            result.put("forward_ms", DjlBench.round1(fasterMs()));
            result.put("forward_nograd_ms", DjlBench.round1(noGrad.medianMs()));
            result.put("forward_grad_ms", DjlBench.round1(autograd.medianMs()));
            result.put("forward_grad_recorded", autogradRecorded);
        }
    }

    private ForwardModes() {
    }

    /** Times the forward pass of {@code x} in both modes: {@code warmup} unmeasured and {@code steps} measured calls. */
    static Timings time(PtSymbolBlock block, ParameterStore store, NDArray x, int warmup, int steps) {
        StepTimer.Timing[] t = new StepTimer.Timing[2];
        boolean[] recorded = new boolean[1];
        for (Mode mode : Mode.values()) {
            run(mode, () -> {
                t[mode.ordinal()] = StepTimer.time(() -> forward(block, store, x, mode).close(), warmup, steps);
                if (mode == Mode.AUTOGRAD) {
                    try (NDList out = forward(block, store, x, mode)) {
                        recorded[0] = JniUtils.requiresGrad((PtNDArray) out.head());
                    }
                }
            });
        }
        return new Timings(t[0], t[1], recorded[0]);
    }

    /**
     * Runs {@code calls} with {@code mode} on; they run their forward passes through {@link #forward} with the same
     * mode.
     */
    static void run(Mode mode, Runnable calls) {
        if (mode == Mode.NO_GRAD) {
            JniUtils.setGradMode(false);
            calls.run();
        } else {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                calls.run();
            }
        }
    }

    /** One forward pass of {@code x} in {@code mode} (inside {@link #run} with that mode); the caller closes it. */
    static NDList forward(PtSymbolBlock block, ParameterStore store, NDArray x, Mode mode) {
        return block.forward(store, new NDList(x), mode == Mode.AUTOGRAD);
    }
}
