package org.tubelet.models;

import static org.tubelet.models.ConfigException.require;

/**
 * The transformer-encoder fields every HF video config shares (ViViT, TimeSformer, VideoMAE), validated once. Each
 * family's config record holds one; HF's field names are in the messages.
 *
 * @param hiddenSize D, {@code hidden_size}
 * @param numHiddenLayers {@code num_hidden_layers}
 * @param numAttentionHeads {@code num_attention_heads}, dividing D
 * @param intermediateSize the feed-forward width, {@code intermediate_size}
 * @param hiddenAct the feed-forward activation, {@code hidden_act}
 * @param hiddenDropoutProb {@code hidden_dropout_prob}
 * @param attentionProbsDropoutProb {@code attention_probs_dropout_prob}
 * @param initializerRange std of the truncated-normal initialisation, {@code initializer_range}
 * @param layerNormEps {@code layer_norm_eps} of the encoder's layer norms
 * @param qkvBias whether the q, k, v projections have biases, {@code qkv_bias}
 */
public record EncoderFields(
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int intermediateSize,
        Activation hiddenAct,
        double hiddenDropoutProb,
        double attentionProbsDropoutProb,
        double initializerRange,
        double layerNormEps,
        boolean qkvBias) {

    public EncoderFields {
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

    /**
     * HF's ViT-B defaults every family's config shares (D 768, 12 layers, 12 heads, 3072, no dropout,
     * {@code initializer_range} 0.02, q/k/v biases), with the family's activation and layer-norm eps.
     */
    public static EncoderFields vitBase(Activation hiddenAct, double layerNormEps) {
        return new EncoderFields(768, 12, 12, 3072, hiddenAct, 0.0, 0.0, 0.02, layerNormEps, true);
    }
}
