package org.tubelet.models;

import java.util.Arrays;

/**
 * The HF model classes Tubelet builds (the {@code architectures} entry of {@code config.json}): which family, which
 * head, and the state-dict prefix of the base model inside it ({@code base_model_prefix}).
 */
public enum Architecture {
    VIVIT_MODEL("VivitModel", ModelFamily.VIVIT, Head.POOLER, ""),
    VIVIT_FOR_VIDEO_CLASSIFICATION("VivitForVideoClassification", ModelFamily.VIVIT, Head.CLASSIFIER, "vivit."),
    // The ViViT paper's models 2-4 have no HF class; these are Tubelet's names for them (same weight naming).
    VIVIT_FACTORISED_ENCODER_MODEL("VivitFactorisedEncoderModel", ModelFamily.VIVIT, Head.POOLER, ""),
    VIVIT_FACTORISED_ENCODER_FOR_VIDEO_CLASSIFICATION("VivitFactorisedEncoderForVideoClassification",
            ModelFamily.VIVIT, Head.CLASSIFIER, "vivit."),
    VIVIT_FACTORISED_SELF_ATTENTION_MODEL("VivitFactorisedSelfAttentionModel", ModelFamily.VIVIT, Head.POOLER, ""),
    VIVIT_FACTORISED_SELF_ATTENTION_FOR_VIDEO_CLASSIFICATION("VivitFactorisedSelfAttentionForVideoClassification",
            ModelFamily.VIVIT, Head.CLASSIFIER, "vivit."),
    VIVIT_FACTORISED_DOT_PRODUCT_MODEL("VivitFactorisedDotProductModel", ModelFamily.VIVIT, Head.POOLER, ""),
    VIVIT_FACTORISED_DOT_PRODUCT_FOR_VIDEO_CLASSIFICATION("VivitFactorisedDotProductForVideoClassification",
            ModelFamily.VIVIT, Head.CLASSIFIER, "vivit."),
    TIMESFORMER_MODEL("TimesformerModel", ModelFamily.TIMESFORMER, Head.NONE, ""),
    TIMESFORMER_FOR_VIDEO_CLASSIFICATION("TimesformerForVideoClassification", ModelFamily.TIMESFORMER,
            Head.CLASSIFIER, "timesformer."),
    VIDEOMAE_MODEL("VideoMAEModel", ModelFamily.VIDEOMAE, Head.NONE, ""),
    VIDEOMAE_FOR_VIDEO_CLASSIFICATION("VideoMAEForVideoClassification", ModelFamily.VIDEOMAE, Head.CLASSIFIER,
            "videomae."),
    VIDEOMAE_FOR_PRETRAINING("VideoMAEForPreTraining", ModelFamily.VIDEOMAE, Head.PRETRAINING, "videomae.");

    /** What sits on top of the encoder. */
    public enum Head {
        /** None: the base model's outputs only. */
        NONE,
        /** The base model's {@code pooler} (tanh(dense(token 0))). */
        POOLER,
        /** A {@code classifier} Linear and a loss. */
        CLASSIFIER,
        /** VideoMAE's masked-autoencoder decoder and reconstruction loss. */
        PRETRAINING
    }

    private final String hfClass;
    private final ModelFamily family;
    private final Head head;
    private final String prefix;

    Architecture(String hfClass, ModelFamily family, Head head, String prefix) {
        this.hfClass = hfClass;
        this.family = family;
        this.head = head;
        this.prefix = prefix;
    }

    public String hfClass() {
        return hfClass;
    }

    public ModelFamily family() {
        return family;
    }

    public Head head() {
        return head;
    }

    /** State-dict prefix of the base model's tensors ({@code "vivit."} inside a classifier, else empty). */
    public String prefix() {
        return prefix;
    }

    public static Architecture fromHfClass(String name) {
        for (Architecture a : values()) {
            if (a.hfClass.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("architectures: unsupported model class '" + name + "', expected one of "
                + Arrays.stream(values()).map(Architecture::hfClass).toList());
    }
}
