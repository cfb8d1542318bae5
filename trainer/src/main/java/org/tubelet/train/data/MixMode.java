package org.tubelet.train.data;

/**
 * How {@link Mixup} draws its parameters (timm's {@code mode}); clip {@code i} is always mixed with clip {@code B-1-i}.
 */
public enum MixMode {
    /** One λ (and one cut box) for the whole batch. */
    BATCH,
    /** One λ and box per pair {@code (i, B-1-i)}: both clips of a pair exchange the same box / weights. */
    PAIR,
    /** One λ and box per clip, always mixed with the unmixed clip {@code B-1-i}. */
    ELEM
}
