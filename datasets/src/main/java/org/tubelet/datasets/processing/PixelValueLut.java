package org.tubelet.datasets.processing;

import java.util.Objects;
import org.tubelet.datasets.video.VideoClip;

/**
 * Rescale and normalize as one lookup table: after the crop every output value is a function of one uint8 value
 * and its channel, so the whole float chain is evaluated once for each of the 3 x 256 inputs, in exactly
 * Hugging Face's order and precision (transformers v4.37.2, numpy semantics):
 * <ol>
 *   <li>rescale: {@code x = (float) (v * rescale_factor)}, the product in double (numpy promotes uint8 times a
 *       Python float to float64), then cast to float32; ViViT with {@code offset} then computes {@code x - 1f} in
 *       float32. Without {@code do_rescale}: {@code x = (float) v}.</li>
 *   <li>normalize: {@code (x - (float) mean[c]) / (float) std[c]} in float32.</li>
 * </ol>
 * With the defaults this gives [-1, 1] for VideoMAE and [-3, 1] for ViViT (which offsets to [-1, 1] and then
 * normalizes again with mean = std = 0.5; that is Hugging Face's real default, kept on purpose).
 */
public final class PixelValueLut {

    private static final int LEVELS = 256;

    private final float[] table; // [3, 256]

    private PixelValueLut(float[] table) {
        this.table = table;
    }

    /**
     * Builds the table for a config, honouring {@code do_rescale}, {@code offset} and {@code do_normalize}.
     *
     * @param config the processor config
     * @return the table
     */
    public static PixelValueLut of(ProcessorConfig config) {
        Objects.requireNonNull(config, "config");
        float[] table = new float[VideoClip.CHANNELS * LEVELS];
        for (int c = 0; c < VideoClip.CHANNELS; c++) {
            float mean = config.imageMean().get(c).floatValue(); // np.array(mean, dtype=float32)
            float std = config.imageStd().get(c).floatValue();
            for (int v = 0; v < LEVELS; v++) {
                float x;
                if (config.doRescale()) {
                    x = (float) (v * config.rescaleFactor());
                    if (config.offset()) {
                        x = x - 1f;
                    }
                } else {
                    x = v;
                }
                if (config.doNormalize()) {
                    x = (x - mean) / std;
                }
                table[c * LEVELS + v] = x;
            }
        }
        return new PixelValueLut(table);
    }

    /**
     * The output value for one input.
     *
     * @param channel 0 = R, 1 = G, 2 = B
     * @param value   the uint8 value after resize and crop, 0..255
     * @return the float32 pixel value
     */
    public float value(int channel, int value) {
        Objects.checkIndex(channel, VideoClip.CHANNELS);
        Objects.checkIndex(value, LEVELS);
        return table[channel * LEVELS + value];
    }

    /** The whole {@code [3, 256]} table, channel-major; used by the processor's inner loop (not copied). */
    float[] table() {
        return table;
    }

    /** Offset of channel {@code c}'s 256 entries in {@link #table()}. */
    static int channelOffset(int channel) {
        return channel * LEVELS;
    }
}
