/**
 * Batches from labelled videos: {@link org.tubelet.datasets.loader.VideoLoader} (worker threads probe, sample, decode
 * and transform clips ahead of the consumer, in an order that depends only on seed and epoch), one
 * {@link org.tubelet.datasets.loader.Epoch} of reusable {@link org.tubelet.datasets.loader.ClipBatch} buffers at a time,
 * the per-clip {@link org.tubelet.datasets.loader.ClipTransform}, and {@link org.tubelet.datasets.loader.ClipLoaders},
 * the one wiring of training, test-view and benchmark loaders.
 *
 * <p>The top of the module: may use {@code datasets}, {@code video}, {@code sampling}, {@code processing},
 * {@code augment} and {@code layout}; no package of the trainer.
 */
package org.tubelet.datasets.loader;
