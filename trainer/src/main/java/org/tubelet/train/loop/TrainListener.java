package org.tubelet.train.loop;

import org.tubelet.train.eval.EvalResult;

/**
 * Everything around the loop (logging, metrics, evaluation, checkpoints, early stopping, plots) is a listener. They are
 * called in registration order.
 */
public interface TrainListener {

    /** Before the first step (after a resume, before the first new step). */
    default void onStart(TrainContext ctx) throws Exception {
    }

    /** After each optimiser step. */
    default void onStep(TrainContext ctx, StepResult step) throws Exception {
    }

    /** After an evaluation (published by {@link TrainContext#publish}). */
    default void onEvaluation(TrainContext ctx, EvalResult result) throws Exception {
    }

    /** After the last step, an early stop, or a failure (then {@code failure} is set). */
    default void onEnd(TrainContext ctx, Throwable failure) throws Exception {
    }
}
