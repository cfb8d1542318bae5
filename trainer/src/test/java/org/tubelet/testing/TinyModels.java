package org.tubelet.testing;

import java.util.List;
import org.tubelet.models.Activation;
import org.tubelet.models.Architecture;
import org.tubelet.models.EncoderFields;
import org.tubelet.models.HfMeta;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.vivit.VivitConfig;
import org.tubelet.models.zoo.Models;

/** Very small ViViT classifiers for loop tests. */
public final class TinyModels {
    private TinyModels() {
    }

    /** 16x16 pixels, 4 frames, tubelets 2x8x8, hidden 16, {@code classes} labels. */
    public static ModelGraph vivit(int classes, long seed) {
        return create(classes, 16, 4, seed);
    }

    /** {@code size}² pixels, {@code frames} frames (seed 1). */
    public static ModelGraph vivitSized(int classes, int size, int frames) {
        return create(classes, size, frames, 1);
    }

    private static ModelGraph create(int classes, int size, int frames, long seed) {
        VivitConfig c = new VivitConfig(size, frames, List.of(2, 8, 8), 3, new EncoderFields(16, 1, 2, 32,
                Activation.GELU_FAST, 0.0, 0.0, 0.02, 1e-6, true),
                HfMeta.defaults(List.of("VivitForVideoClassification")).withLabels(HfMeta.defaultLabels(classes)));
        return Models.create(c, Architecture.VIVIT_FOR_VIDEO_CLASSIFICATION, seed);
    }
}
