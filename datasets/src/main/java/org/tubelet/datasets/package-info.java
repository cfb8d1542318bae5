/**
 * The datasets module (video decoding, dataset layouts, frame sampling, HF-exact processing, augmentation, the
 * parallel loader) and, in this root package, what all of it shares: {@link org.tubelet.datasets.Seeds} (the one
 * derivation of independent random streams from a run seed and a position) and {@link org.tubelet.datasets.OnError}
 * (skip and report, or fail on bad input).
 *
 * <p>The module sits below {@code org.tubelet.train} and depends on no other Tubelet module: nothing of the trainer
 * ({@code io}, {@code models}, {@code hf}, {@code train}, {@code recipe}, {@code run}, {@code cli}) nor the engine.
 * This package uses none of its sub-packages.
 */
package org.tubelet.datasets;
