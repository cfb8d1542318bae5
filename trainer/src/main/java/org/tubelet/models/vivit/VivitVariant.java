package org.tubelet.models.vivit;

import java.util.Arrays;
import org.tubelet.models.Architecture;

/**
 * The four models of the ViViT paper (Arnab et al., 2021, section 3.3). Only {@link #JOINT} (model 1) has a Hugging
 * Face class; the others are saved with Tubelet's own {@code architectures} names (see {@link Architecture}).
 */
public enum VivitVariant {
    /** Model 1: joint space-time attention over all tokens (HF's ViViT). Classifier on CLS. */
    JOINT("joint_space_time"),
    /** Model 2: a spatial encoder per temporal index (own CLS per frame), then a temporal encoder over the frame CLS
     *  tokens with a temporal CLS. Classifier on the temporal CLS. */
    FACTORISED_ENCODER("factorised_encoder"),
    /** Model 3: each layer does spatial self-attention, then temporal self-attention, then the MLP. No CLS token;
     *  the classifier reads the mean of the tokens. */
    FACTORISED_SELF_ATTENTION("factorised_self_attention"),
    /** Model 4: half of the heads attend over space, half over time, outputs concatenated before the output
     *  projection. Same parameters as model 1; no CLS token, mean of the tokens for the classifier. */
    FACTORISED_DOT_PRODUCT("factorised_dot_product");

    private final String configName;

    VivitVariant(String configName) {
        this.configName = configName;
    }

    /** Value of {@code vivit_variant} in config.json. */
    public String configName() {
        return configName;
    }

    /** Whether the token sequence starts with a CLS token (models 1 and 2). */
    public boolean hasClsToken() {
        return this == JOINT || this == FACTORISED_ENCODER;
    }

    public static VivitVariant fromConfig(String name) {
        for (VivitVariant v : values()) {
            if (v.configName.equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("vivit_variant: unknown value '" + name + "', expected one of "
                + Arrays.stream(values()).map(VivitVariant::configName).toList());
    }

    /** The architecture name of this variant with the given head. */
    public Architecture architecture(Architecture.Head head) {
        for (Architecture a : Architecture.values()) {
            if (a.family() == org.tubelet.models.ModelFamily.VIVIT && a.head() == head
                    && VivitVariant.of(a) == this) {
                return a;
            }
        }
        throw new IllegalArgumentException("no ViViT " + this + " class with head " + head);
    }

    /** The variant an architecture name stands for. */
    public static VivitVariant of(Architecture a) {
        return switch (a) {
            case VIVIT_FACTORISED_ENCODER_MODEL, VIVIT_FACTORISED_ENCODER_FOR_VIDEO_CLASSIFICATION ->
                    FACTORISED_ENCODER;
            case VIVIT_FACTORISED_SELF_ATTENTION_MODEL, VIVIT_FACTORISED_SELF_ATTENTION_FOR_VIDEO_CLASSIFICATION ->
                    FACTORISED_SELF_ATTENTION;
            case VIVIT_FACTORISED_DOT_PRODUCT_MODEL, VIVIT_FACTORISED_DOT_PRODUCT_FOR_VIDEO_CLASSIFICATION ->
                    FACTORISED_DOT_PRODUCT;
            default -> JOINT;
        };
    }
}
