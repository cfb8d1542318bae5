/**
 * Everything around the loop, as {@link org.tubelet.train.loop.TrainListener}s: periodic evaluation
 * ({@link org.tubelet.train.listeners.EvalListener}), {@link org.tubelet.train.listeners.EarlyStopping},
 * {@code metrics.csv} ({@link org.tubelet.train.listeners.MetricsListener},
 * {@link org.tubelet.train.listeners.MetricsCsv}),
 * PNG plots ({@link org.tubelet.train.listeners.PlotListener}, {@link org.tubelet.train.listeners.Plots}) and the
 * progress bar or log lines ({@link org.tubelet.train.listeners.ProgressListener}), and VideoMAE reconstruction
 * pictures ({@link org.tubelet.train.listeners.ReconstructionListener},
 * {@link org.tubelet.train.listeners.ReconstructionGrid}) written through
 * {@link org.tubelet.train.listeners.RunImages}, the one place a run writes images.
 *
 * <p>May use {@code train.loop}, {@code train.eval}, {@code train.data}, {@code models}, {@code engine} and
 * {@code io}; never
 * {@code train.checkpoint} (which uses it), {@code recipe}, {@code run} or {@code cli}.
 */
package org.tubelet.train.listeners;
