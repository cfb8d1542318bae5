/**
 * The training loop and only the loop: {@link org.tubelet.train.loop.Trainer} (micro-batch accumulation, global-norm
 * clip, one optimiser update per step, reproducible from seed and position) stepping through one long-lived SameDiff
 * session ({@link org.tubelet.train.loop.SessionStepper}), the {@link org.tubelet.train.loop.Objective} it minimises,
 * and what listeners see: {@link org.tubelet.train.loop.TrainListener}, {@link org.tubelet.train.loop.TrainContext},
 * {@link org.tubelet.train.loop.StepResult}, {@link org.tubelet.train.loop.MetricsRow}.
 *
 * <p>May use {@code train.data}, {@code train.eval}, {@code train.optim}, {@code models}, {@code engine} and
 * {@code datasets} (seeds); never {@code train.listeners} or {@code train.checkpoint}, which build on it.
 */
package org.tubelet.train.loop;
