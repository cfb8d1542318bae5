package org.tubelet.datasets.sampling;

/** Whether a sampler draws random clips (training) or the deterministic centred one (evaluation). */
public enum SamplingMode {
    /** Random temporal offset, drawn from the sample's random stream. */
    TRAIN,
    /** Centred, the same every time. */
    EVAL
}
