package org.tubelet.datasets.augment;

import java.util.EnumSet;
import java.util.Set;

/**
 * The operations of {@link RandAugment}, with their magnitude scales at level {@code l} = magnitude / 10 (timm's
 * "increasing" variants, {@code rand-m*-n*-inc1}: every operation grows stronger with the magnitude; signed
 * operations take a random sign).
 */
public enum RandAugmentOp {
    /** No change (not in timm's list; for custom operation sets). */
    IDENTITY,
    /** Stretch each channel to the full range. */
    AUTO_CONTRAST,
    /** Histogram-equalise each channel. */
    EQUALIZE,
    /** {@code 255 - v} (Pillow's {@code ImageOps.invert}). */
    INVERT,
    /** Rotate by {@code ±30·l} degrees. */
    ROTATE,
    /** Keep {@code 4 - int(4·l)} bits, 4 down to 0 (timm's {@code PosterizeIncreasing}). */
    POSTERIZE,
    /** Invert values {@code ≥ 256 - int(256·l)}, from none to all (timm's {@code SolarizeIncreasing}). */
    SOLARIZE,
    /** Add {@code int(110·l)} to values below 128, capped at 255 (timm's {@code SolarizeAdd}). */
    SOLARIZE_ADD,
    /** Saturation factor {@code 1 ± 0.9·l}. */
    COLOR,
    /** Contrast factor {@code 1 ± 0.9·l}. */
    CONTRAST,
    /** Brightness factor {@code 1 ± 0.9·l}. */
    BRIGHTNESS,
    /** Sharpness factor {@code 1 ± 0.9·l}. */
    SHARPNESS,
    /** Horizontal shear by {@code ±0.3·l}. */
    SHEAR_X,
    /** Vertical shear by {@code ±0.3·l}. */
    SHEAR_Y,
    /** Horizontal shift by {@code ±0.45·l} of the width. */
    TRANSLATE_X,
    /** Vertical shift by {@code ±0.45·l} of the height. */
    TRANSLATE_Y;

    /**
     * timm's {@code _RAND_INCREASING_TRANSFORMS}, the operation list of {@code rand-m7-n4-mstd0.5-inc1} (VideoMAE's
     * fine-tuning): every operation but {@link #IDENTITY}.
     */
    public static Set<RandAugmentOp> timmIncreasing() {
        return EnumSet.complementOf(EnumSet.of(IDENTITY));
    }
}
