package org.tubelet.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tubelet.models.Architecture;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.zoo.Models;

/**
 * The bench-b presets (configs/bench-b*.yaml) are the base-size models issue 19 names: ViT-B (hidden 768, 12 layers,
 * MLP 3072) at 224², 16 frames, tubelet 2×16×16, TimeSformer-B at 8 frames, VideoMAE-B's decoder. Their parameter
 * counts are checked against the architectures' definitions, counted here layer by layer.
 */
class BenchBPresetsTest {

    private static final long D = 768;
    private static final long MLP = 3072;
    private static final long CLASSES = 400;

    /** A pre-norm transformer layer: two norms, q/k/v and output projections, the MLP. */
    private static long layer(long d, long mlp, boolean keyBias) {
        return 4 * d + 3 * d * d + (keyBias ? 3 : 2) * d + d * d + d + d * mlp + mlp + mlp * d + d;
    }

    private static long count(String preset) throws Exception {
        Path f = BundledFilesTest.ROOT.resolve(Presets.FOLDER).resolve(preset + ".yaml");
        ModelConfig c = Presets.parse(new Presets.Source(f.toString(), Files.readString(f)));
        return Models.layout(c, Architecture.fromHfClass(c.meta().architectures().get(0))).parameterCount();
    }

    @Test
    void vivitB() throws Exception {
        long tokens = 8 * 14 * 14;   // 16 frames / 2 × (224 / 16)²
        long embed = 2 * 16 * 16 * 3 * D + D;
        long expected = embed + D + (tokens + 1) * D + 12 * layer(D, MLP, true) + 2 * D + D * CLASSES + CLASSES;
        assertEquals(expected, count("bench-b"));
    }

    @Test
    void timesformerB() throws Exception {
        long patches = 14 * 14;
        // each layer adds temporal attention (norm, qkv, output) and the temporal dense projection
        long temporal = 2 * D + 3 * D * D + 3 * D + D * D + D + D * D + D;
        long expected = 16 * 16 * 3 * D + D + D + (patches + 1) * D + 8 * D
                + 12 * (layer(D, MLP, true) + temporal) + 2 * D + D * CLASSES + CLASSES;
        assertEquals(expected, count("bench-b-timesformer"));
    }

    @Test
    void videomaeB() throws Exception {
        long embed = 2 * 16 * 16 * 3 * D + D;   // fixed sin-cos positions: no parameters
        long classifier = embed + 12 * layer(D, MLP, false) + 2 * D + D * CLASSES + CLASSES;   // fc_norm, head
        assertEquals(classifier, count("bench-b-videomae"));
        long dd = 384;
        // encoder, its norm, encoder_to_decoder (no bias), mask token [1, 1, 384], decoder layers, norm and head
        long pixels = 2 * 16 * 16 * 3;
        long pretrain = embed + 12 * layer(D, MLP, false) + 2 * D + D * dd + dd + 4 * layer(dd, 1536, false)
                + 2 * dd + dd * pixels + pixels;
        assertEquals(pretrain, count("bench-b-videomae-pretrain"));
    }
}
