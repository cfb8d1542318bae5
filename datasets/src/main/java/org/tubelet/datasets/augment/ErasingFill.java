package org.tubelet.datasets.augment;

/** What {@link RandomErasing} paints into the erased box. */
public enum ErasingFill {
    /** Black. */
    ZERO,
    /** The ImageNet mean colour (124, 116, 104): zero after normalisation. */
    MEAN,
    /** Uniform random values per pixel and channel (timm's {@code mode='pixel'}), the same in every frame. */
    NOISE
}
