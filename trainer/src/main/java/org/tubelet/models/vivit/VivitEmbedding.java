package org.tubelet.models.vivit;

import java.util.Arrays;

/** How ViViT turns a clip into tokens (paper section 3.2). */
public enum VivitEmbedding {
    /** Tubelet embedding: non-overlapping kt×kh×kw tubes, a 3-D patch projection (HF's ViViT). */
    TUBELET("tubelet"),
    /** Uniform frame sampling: n_t = T/kt frames taken uniformly (every kt-th frame), each embedded with 2-D kh×kw
     *  patches as in ViT; the tokens of all frames are concatenated. */
    UNIFORM_FRAME("uniform_frame");

    private final String configName;

    VivitEmbedding(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static VivitEmbedding fromConfig(String name) {
        for (VivitEmbedding e : values()) {
            if (e.configName.equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("embedding_type: unknown value '" + name + "', expected one of "
                + Arrays.stream(values()).map(VivitEmbedding::configName).toList());
    }
}
