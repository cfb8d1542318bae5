package org.tubelet.train.loop;

/**
 * One finished optimiser step.
 *
 * @param step number of optimiser steps done (1 after the first)
 * @param epoch fractional epoch reached (batches consumed / batches per epoch)
 * @param lr learning rate used
 * @param loss mean loss over its micro-batches
 * @param gradNorm global gradient norm before clipping
 * @param clips clips consumed
 * @param millis wall time of the step
 * @param dataWaitMillis time spent waiting for batches
 */
public record StepResult(long step, double epoch, double lr, double loss, double gradNorm, int clips, double millis,
                         double dataWaitMillis) {
    public double clipsPerSecond() {
        return millis <= 0 ? 0 : clips * 1000.0 / millis;
    }

    public MetricsRow row() {
        return MetricsRow.train(step, epoch, lr, loss, gradNorm, clipsPerSecond(), dataWaitMillis, millis);
    }
}
