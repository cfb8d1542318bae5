package org.tubelet.models.videomae;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Keeps the visible (or the masked) tokens of each clip in increasing index order, as {@code x[~mask]} does in
 * PyTorch, with a formulation whose gradient is right in SameDiff: a one-hot selection matrix built from the mask
 * (rank of each kept token = cumulative count − 1) and one batched matrix product. ({@code gather} has a broken
 * gradient in 1.0.0-M2.1.)
 */
final class TokenSelection {
    private TokenSelection() {
    }

    /**
     * @param keep [B, N] float, 1 for the tokens to keep (exactly {@code count} per clip)
     * @return [B, count, N] selection matrix
     */
    static SDVariable matrix(SDVariable keep, int count) {
        var sd = keep.getSameDiff();
        SDVariable rank = sd.cumsum(keep, false, false, 1).sub(1.0);                   // [B, N]
        SDVariable oneHot = sd.oneHot(rank.castTo(DataType.INT), count, -1, 1.0, 0.0, keep.dataType()); // [B, N, K]
        oneHot = oneHot.mul(sd.expandDims(keep, 2));                                   // drop rows of other tokens
        return sd.permute(oneHot, 0, 2, 1);                                            // [B, K, N]
    }

    /** @param selection [B, K, N] @param tokens [B, N, D] @return [B, K, D] */
    static SDVariable apply(SDVariable selection, SDVariable tokens) {
        return selection.getSameDiff().mmul(selection, tokens);
    }
}
