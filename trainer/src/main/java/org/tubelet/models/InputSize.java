package org.tubelet.models;

/**
 * The clip size a graph is built for: frames × height × width. Usually the config's; families that resize their
 * position embeddings (TimeSformer) accept others.
 */
public record InputSize(int frames, int height, int width) {
    public InputSize {
        if (frames <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("input size must be positive, got " + frames + "x" + height + "x"
                    + width);
        }
    }

    public static InputSize of(ModelConfig c) {
        return new InputSize(c.numFrames(), c.imageSize(), c.imageSize());
    }
}
