package org.tubelet.datasets.processing;

/**
 * Pillow's resampling filters, with the integer codes Hugging Face writes as {@code "resample"} in
 * {@code preprocessor_config.json} ({@code PIL.Image.Resampling}). Only {@link #BILINEAR} is implemented
 * ({@link PilBilinearResize}); the others exist so that a config asking for them fails with a clear message.
 */
public enum Resample {
    /** {@code 0}. */
    NEAREST(0),
    /** {@code 1} (also called ANTIALIAS). */
    LANCZOS(1),
    /** {@code 2}, the default of both VideoMAE and ViViT processors. */
    BILINEAR(2),
    /** {@code 3}. */
    BICUBIC(3),
    /** {@code 4}. */
    BOX(4),
    /** {@code 5}. */
    HAMMING(5);

    private final int pilCode;

    Resample(int pilCode) {
        this.pilCode = pilCode;
    }

    /** The integer Pillow and Hugging Face use for this filter. */
    public int pilCode() {
        return pilCode;
    }

    /**
     * The filter with the given Pillow code.
     *
     * @param pilCode 0..5
     * @return the filter
     * @throws IllegalArgumentException if the code is not a Pillow filter
     */
    public static Resample fromPilCode(int pilCode) {
        for (Resample r : values()) {
            if (r.pilCode == pilCode) {
                return r;
            }
        }
        throw new IllegalArgumentException("resample: " + pilCode + " is not a Pillow filter code; expected 0..5 ("
                + "2 = BILINEAR is the one supported)");
    }

    @Override
    public String toString() {
        return pilCode + " (" + name() + ")";
    }
}
