/**
 * Random transformations of whole clips, one draw per clip applied to every frame so that motion is kept
 * ({@link org.tubelet.datasets.augment.ClipAugmentation}): {@link org.tubelet.datasets.augment.RandomResizedCrop},
 * {@link org.tubelet.datasets.augment.MultiScaleCrop}, {@link org.tubelet.datasets.augment.HorizontalFlip} (with label
 * swap, on a {@link org.tubelet.datasets.augment.LabeledClip}), {@link org.tubelet.datasets.augment.RandAugment},
 * {@link org.tubelet.datasets.augment.RandomErasing} and {@link org.tubelet.datasets.augment.ColorJitter}.
 *
 * <p>May use {@code org.tubelet.datasets.video} and {@code org.tubelet.datasets.processing} (resize); not the loader,
 * which uses it.
 */
package org.tubelet.datasets.augment;
