package org.tubelet.models.videomae;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.tubelet.models.GraphContext;
import org.tubelet.models.blocks.LayerNorm;
import org.tubelet.models.blocks.Linear;

/**
 * VideoMAE's pretraining decoder (Tong et al., "VideoMAE", NeurIPS 2022, §3; HF's {@code VideoMAEDecoder} and the
 * decoder part of {@code VideoMAEForPreTraining.forward}): the encoded visible tokens are projected to the decoder
 * width ({@code encoder_to_decoder}), each position gets its fixed sin-cos embedding, a learned {@code mask_token}
 * stands in for every masked token, appended after the visible ones; a narrow transformer
 * ({@code decoder.decoder_layers.*}) runs over all N tokens, and {@code decoder.norm} and {@code decoder.head} predict
 * the pixels of the masked ones.
 *
 * <p>Dimensions: B batch, N tokens per clip, Nv visible and Nm = N − Nv masked tokens, D encoder and Dd decoder
 * hidden size, P = tubelet·p·p·C predicted values per token.
 */
public final class VideoMaeDecoder {
    private final GraphContext g;
    private final VideoMaeConfig c;

    public VideoMaeDecoder(GraphContext g, VideoMaeConfig c) {
        this.g = g;
        this.c = c;
    }

    /**
     * The decoder's graph handles.
     *
     * @param input [B, N, Dd] the decoder's input, named {@code decoder_input}: visible tokens (index order), then
     *              one mask token per masked position
     * @param logits [B, Nm, P] the predicted patches of the masked tokens, named {@code logits}
     * @param maskedSelection [B, Nm, N] one-hot rows picking the masked tokens in index order (for the targets)
     */
    public record Output(SDVariable input, SDVariable logits, SDVariable maskedSelection) {
    }

    /**
     * @param encoded [B·Nv, D] the encoder's output (after its final norm, if any)
     * @param mask [B, N] {@code bool_masked_pos}, 1 = masked
     * @param visibleSelection [B, Nv, N] one-hot rows picking the visible tokens in index order
     * @param masked Nm, the masked tokens per clip
     */
    public Output apply(SDVariable encoded, SDVariable mask, SDVariable visibleSelection, int masked) {
        SameDiff sd = g.sd();
        int n = c.numPatches();
        int visible = n - masked;
        int dd = c.decoderHiddenSize();
        SDVariable dec = sd.reshape(Linear.of(g, "encoder_to_decoder").apply(encoded), -1, visible, dd); // [B, Nv, Dd]
        SDVariable table = g.constant("decoder_positions", SinCosPositions.table(n, dd));             // [N, Dd]
        SDVariable maskedSelection = TokenSelection.matrix(mask, masked);                              // [B, Nm, N]
        SDVariable posVisible = sd.reshape(sd.mmul(sd.reshape(visibleSelection, -1, n), table),
                -1, visible, dd);                                                                      // [B, Nv, Dd]
        SDVariable posMasked = sd.reshape(sd.mmul(sd.reshape(maskedSelection, -1, n), table),
                -1, masked, dd);                                                                       // [B, Nm, Dd]
        SDVariable input = sd.concat(1, dec.add(posVisible), posMasked.add(g.param("mask_token")))
                .rename("decoder_input");                                                              // [B, N, Dd]

        SDVariable x = sd.reshape(input, -1, dd);                                                      // [B·N, Dd]
        for (int i = 0; i < c.decoderNumHiddenLayers(); i++) {
            x = VideoMaeGraphBuilder.layer(g, c, "decoder.decoder_layers." + i, dd, c.decoderNumAttentionHeads(),
                    c.decoderIntermediateSize(), 0.0).apply(x, n);
        }
        SDVariable tail = sd.reshape(x, -1, n, dd).get(SDIndex.all(), SDIndex.interval((long) visible, (long) n),
                SDIndex.all());                                                                        // [B, Nm, Dd]
        SDVariable normed = LayerNorm.of(g, "decoder.norm", VideoMaeConfig.HEAD_NORM_EPS)
                .apply(sd.reshape(tail, -1, dd));                                                      // [B·Nm, Dd]
        SDVariable logits = sd.reshape(Linear.of(g, "decoder.head").apply(normed), -1, masked, c.patchValues())
                .rename("logits");                                                                     // [B, Nm, P]
        return new Output(input, logits, maskedSelection);
    }
}
