package org.tubelet.models.timesformer;

import java.util.Arrays;

/** TimeSformer's {@code attention_type}. */
public enum AttentionType {
    /** Temporal attention (same patch, all frames), then spatial attention (same frame): the paper's best model. */
    DIVIDED_SPACE_TIME("divided_space_time"),
    /** Frames folded into the batch: an image ViT per frame; HF returns logits per frame. */
    SPACE_ONLY("space_only"),
    /** One attention over all frames' patches. */
    JOINT_SPACE_TIME("joint_space_time");

    private final String hfName;

    AttentionType(String hfName) {
        this.hfName = hfName;
    }

    public String hfName() {
        return hfName;
    }

    public static AttentionType fromHf(String name) {
        for (AttentionType t : values()) {
            if (t.hfName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("attention_type: unknown value '" + name + "', expected one of "
                + Arrays.stream(values()).map(AttentionType::hfName).toList());
    }
}
