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
 * @param dropPathRate stochastic depth of the deepest encoder layer, {@code drop_path_rate} (HF's TimesformerConfig
 *                     field; ViViT's and VideoMAE's configs have none in HF, Tubelet reads and writes it for them
 *                     too); layer i of L drops with {@link #dropPathRates(int) i/(L-1) of it}, only in training
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
        boolean qkvBias,
        double dropPathRate) {

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
        require(dropPathRate >= 0 && dropPathRate < 1, "drop_path_rate", dropPathRate, "must be in [0, 1)");
    }

    /** Without stochastic depth ({@code drop_path_rate} 0, HF's default). */
    public EncoderFields(int hiddenSize, int numHiddenLayers, int numAttentionHeads, int intermediateSize,
                         Activation hiddenAct, double hiddenDropoutProb, double attentionProbsDropoutProb,
                         double initializerRange, double layerNormEps, boolean qkvBias) {
        this(hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct, hiddenDropoutProb,
                attentionProbsDropoutProb, initializerRange, layerNormEps, qkvBias, 0.0);
    }

    /** The same fields with another {@code drop_path_rate}. */
    public EncoderFields withDropPathRate(double rate) {
        return new EncoderFields(hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct,
                hiddenDropoutProb, attentionProbsDropoutProb, initializerRange, layerNormEps, qkvBias, rate);
    }

    /**
     * The stochastic-depth rate of each of {@code depth} layers, increasing linearly from 0 to {@code drop_path_rate}
     * ({@code torch.linspace(0, drop_path_rate, depth)}, the rule of timm, HF's TimeSformer, VideoMAE and ViViT's
     * Scenic code); one layer gets 0.
     */
    public double[] dropPathRates(int depth) {
        double[] r = new double[depth];
        for (int i = 0; i < depth; i++) {
            r[i] = depth == 1 ? 0.0 : dropPathRate * i / (depth - 1);
        }
        return r;
    }

    /**
     * HF's ViT-B defaults every family's config shares (D 768, 12 layers, 12 heads, 3072, no dropout,
     * {@code initializer_range} 0.02, q/k/v biases, no drop path), with the family's activation and layer-norm eps.
     */
    public static EncoderFields vitBase(Activation hiddenAct, double layerNormEps) {
        return new EncoderFields(768, 12, 12, 3072, hiddenAct, 0.0, 0.0, 0.02, layerNormEps, true, 0.0);
    }
}
