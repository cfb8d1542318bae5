package org.tubelet.models.zoo;

import org.tubelet.models.Architecture;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.timesformer.TimesformerConfig;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.models.vivit.VivitConfig;

/**
 * A lower estimate of the native memory one training step needs, for advice ({@code doctor}): the parameters four
 * times (weights, gradients and the optimiser's two moments) plus, for each clip, each encoder layer and each token,
 * the activations a pre-LN transformer layer keeps for its backward pass (layer-norm inputs and outputs, q, k, v, the
 * attention context, the MLP's hidden layer before and after its activation: about {@code 8 D + 2 M} floats, the
 * attention probabilities being recomputed by the fused backward) and their gradients.
 */
public final class TrainingMemory {
    private TrainingMemory() {
    }

    /**
     * @param maskedTokens VideoMAE pretraining: masked tokens per clip (0 otherwise)
     * @return bytes, float32
     */
    public static long bytes(ModelConfig c, Architecture arch, int batch, int maskedTokens) {
        long params = Models.layout(c, arch).parameterCount();
        double perToken = 8.0 * c.hiddenSize() + 2.0 * c.intermediateSize();
        double activations = 2 * (double) batch * c.numHiddenLayers() * tokens(c, maskedTokens) * perToken;
        if (c instanceof VideoMaeConfig v && arch.head() == Architecture.Head.PRETRAINING) {
            activations += 2 * (double) batch * v.decoderNumHiddenLayers() * v.numPatches()
                    * (8.0 * v.decoderHiddenSize() + 2.0 * v.decoderIntermediateSize());
        }
        return Math.round(4 * (4.0 * params + activations));
    }

    /** Tokens one encoder layer sees per clip. */
    static long tokens(ModelConfig c, int maskedTokens) {
        return switch (c.family()) {
            case VIVIT -> ((VivitConfig) c).numPatches() + 1L;
            case TIMESFORMER -> (long) ((TimesformerConfig) c).numPatches() * c.numFrames() + 1L;
            case VIDEOMAE -> ((VideoMaeConfig) c).numPatches() - (long) maskedTokens;
        };
    }
}
