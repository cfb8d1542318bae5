package org.tubelet.datasets.augment;

/**
 * The operations of {@link RandAugment}, with their magnitude scales at magnitude 10 (timm's
 * {@code rand-m*-n*} "increasing" variants; signed operations take a random sign).
 */
public enum RandAugmentOp {
    /** No change. */
    IDENTITY,
    /** Stretch each channel to the full range. */
    AUTO_CONTRAST,
    /** Histogram-equalise each channel. */
    EQUALIZE,
    /** Rotate by up to +-30 degrees. */
    ROTATE,
    /** Invert values above a threshold going from 256 (none) to 0 (all). */
    SOLARIZE,
    /** Saturation factor 1 +- 0.9. */
    COLOR,
    /** Keep 8 down to 4 bits. */
    POSTERIZE,
    /** Contrast factor 1 +- 0.9. */
    CONTRAST,
    /** Brightness factor 1 +- 0.9. */
    BRIGHTNESS,
    /** Sharpness factor 1 +- 0.9. */
    SHARPNESS,
    /** Horizontal shear by up to +-0.3. */
    SHEAR_X,
    /** Vertical shear by up to +-0.3. */
    SHEAR_Y,
    /** Horizontal shift by up to +-45 % of the width. */
    TRANSLATE_X,
    /** Vertical shift by up to +-45 % of the height. */
    TRANSLATE_Y
}
