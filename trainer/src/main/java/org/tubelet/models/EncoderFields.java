package org.tubelet.models;

import static org.tubelet.models.ConfigException.require;

/** Validation of the transformer-encoder fields every family's config shares (HF field names in the messages). */
public final class EncoderFields {
    private EncoderFields() {
    }

    public static void validate(int hiddenSize, int numHiddenLayers, int numAttentionHeads, int intermediateSize,
                                Activation hiddenAct, double hiddenDropoutProb, double attentionProbsDropoutProb,
                                double initializerRange, double layerNormEps) {
        require(hiddenSize > 0, "hidden_size", hiddenSize, "must be positive");
        require(numHiddenLayers >= 0, "num_hidden_layers", numHiddenLayers, "must not be negative");
        require(numAttentionHeads > 0, "num_attention_heads", numAttentionHeads, "must be positive");
        require(hiddenSize % numAttentionHeads == 0, "hidden_size", hiddenSize,
                "must be divisible by num_attention_heads = " + numAttentionHeads);
        require(intermediateSize > 0, "intermediate_size", intermediateSize, "must be positive");
        require(hiddenAct != null, "hidden_act", null, "must be set");
        require(hiddenDropoutProb >= 0 && hiddenDropoutProb < 1, "hidden_dropout_prob", hiddenDropoutProb,
                "must be in [0, 1)");
        require(attentionProbsDropoutProb >= 0 && attentionProbsDropoutProb < 1, "attention_probs_dropout_prob",
                attentionProbsDropoutProb, "must be in [0, 1)");
        require(initializerRange > 0, "initializer_range", initializerRange, "must be positive");
        require(layerNormEps > 0, "layer_norm_eps", layerNormEps, "must be positive");
    }
}
