package org.tubelet.models;

/** A family's typed, validated config record (HF field names, HF defaults). */
public interface ModelConfig {
    ModelFamily family();

    HfMeta meta();

    int numFrames();

    int numChannels();

    int imageSize();

    double initializerRange();

    /** The same config with other generic metadata (labels, architectures). */
    ModelConfig withMeta(HfMeta meta);
}
