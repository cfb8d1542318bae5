package org.tubelet.models;

/** A family's typed, validated config record (HF field names, HF defaults). */
public interface ModelConfig {
    ModelFamily family();

    HfMeta meta();

    int numFrames();

    int numChannels();

    int imageSize();

    double initializerRange();

    // The transformer-encoder fields every HF video config shares.
    int hiddenSize();

    int numHiddenLayers();

    int numAttentionHeads();

    int intermediateSize();

    Activation hiddenAct();

    double hiddenDropoutProb();

    double attentionProbsDropoutProb();

    double layerNormEps();

    boolean qkvBias();

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
