package org.tubelet.models.blocks;

import org.nd4j.autodiff.samediff.SDVariable;

/** A self-attention sub-block (projections included) on flattened tokens. */
@FunctionalInterface
public interface SelfAttention {
    /**
     * @param x [G·S, D] tokens, G groups of S tokens each, attention only within a group
     * @param seqLen S
     * @return [G·S, D]
     */
    SDVariable apply(SDVariable x, long seqLen);

    /**
     * {@code residual + apply(x, seqLen)}: implementations whose last op is a linear layer add the residual in it
     * ({@link Linear#apply(SDVariable, SDVariable)}).
     *
     * @param residual [G·S, D]
     */
    default SDVariable apply(SDVariable x, long seqLen, SDVariable residual) {
        return residual.add(apply(x, seqLen));
    }
}
