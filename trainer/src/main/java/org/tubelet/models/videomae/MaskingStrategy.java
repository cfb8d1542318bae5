package org.tubelet.models.videomae;

/** How VideoMAE pretraining chooses the masked tokens of a clip. */
public enum MaskingStrategy {
    /** The paper's tube masking: the same spatial positions are masked at every temporal index. */
    TUBE,
    /** Independent per-token masking (same count per clip). */
    RANDOM
}
