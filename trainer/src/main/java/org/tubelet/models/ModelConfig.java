package org.tubelet.models;

/** A family's typed, validated config record (HF field names, HF defaults). */
public interface ModelConfig {
    ModelFamily family();

    HfMeta meta();

    int numFrames();

    int numChannels();

    int imageSize();

    /** The transformer-encoder fields every HF video config shares. */
    EncoderFields encoder();

    // Shortcuts to the encoder fields.
    default int hiddenSize() {
        return encoder().hiddenSize();
    }

    default int numHiddenLayers() {
        return encoder().numHiddenLayers();
    }

    default int numAttentionHeads() {
        return encoder().numAttentionHeads();
    }

    default int intermediateSize() {
        return encoder().intermediateSize();
    }

    default Activation hiddenAct() {
        return encoder().hiddenAct();
    }

    default double hiddenDropoutProb() {
        return encoder().hiddenDropoutProb();
    }

    default double attentionProbsDropoutProb() {
        return encoder().attentionProbsDropoutProb();
    }

    default double initializerRange() {
        return encoder().initializerRange();
    }

    default double layerNormEps() {
        return encoder().layerNormEps();
    }

    default boolean qkvBias() {
        return encoder().qkvBias();
    }

    default double dropPathRate() {
        return encoder().dropPathRate();
    }

    /** Stochastic-depth rate of each encoder layer (see {@link EncoderFields#dropPathRates}). */
    default double[] dropPathRates() {
        return encoder().dropPathRates(numHiddenLayers());
    }

    /**
     * Rows of logits (and labels) per clip: 1, except TimeSformer {@code space_only}, which HF classifies per frame.
     * {@link ModelGraph#feeds} repeats per-clip labels to match.
     */
    default int labelRowsPerClip() {
        return 1;
    }

    /** The same config with other generic metadata (labels, architectures). */
    ModelConfig withMeta(HfMeta meta);
}
