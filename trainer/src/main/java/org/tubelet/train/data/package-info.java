/**
 * The data as the training loop sees it: {@link org.tubelet.train.data.Batch}, deterministic training batches
 * ({@link org.tubelet.train.data.BatchSource}: batch {@code i} of epoch {@code e}, for exact resume) and multi-view
 * evaluation data ({@link org.tubelet.train.data.EvalData}); adapters over the datasets module's loaders
 * ({@link org.tubelet.train.data.LoaderSource}, {@link org.tubelet.train.data.LoaderViews}) and the in-memory
 * synthetic set ({@link org.tubelet.train.data.SyntheticMotion}, {@link org.tubelet.train.data.SyntheticData});
 * mixup and cutmix of training batches with soft targets ({@link org.tubelet.train.data.Mixup},
 * {@link org.tubelet.train.data.MixedBatches}).
 *
 * <p>The lowest {@code train} package: uses {@code org.tubelet.datasets} and no other {@code train} package; never
 * {@code recipe}, {@code run} or {@code cli}.
 */
package org.tubelet.train.data;
