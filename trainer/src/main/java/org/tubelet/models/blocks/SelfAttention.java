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
}
