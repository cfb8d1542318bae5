package org.tubelet.datasets.augment;

/**
 * What {@link RandomErasing} paints into an erased box. Erasing works on the uint8 frames, before normalisation; with
 * the ImageNet mean and std as the processor's, {@link #MEAN} is timm's {@code const} (0 after normalisation),
 * {@link #COLOR} its {@code rand} and {@link #NOISE} its {@code pixel} mode.
 */
public enum ErasingFill {
    /** Black. */
    ZERO,
    /** The ImageNet mean colour (124, 116, 104): zero after ImageNet normalisation. */
    MEAN,
    /** One uniformly random colour per box. */
    COLOR,
    /** Uniform random values per pixel and channel, the same in every frame the box is in. */
    NOISE
}
