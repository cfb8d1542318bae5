package org.tubelet.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.engine.GraphSessions;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.hf.HfConfigs;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.zoo.Models;

/**
 * A forward pass of the bundled tiny ViViT (seeded random weights) on a generated clip of a square moving to the
 * right ({@code demo}): the smallest end-to-end check that the native backend and the graph work.
 */
public final class Demo {
    /** The bundled model's config, a resource of the trainer's jar. */
    public static final String PRESET = "/presets/vivit-tiny/config.json";

    private Demo() {
    }

    /**
     * What the forward pass returned.
     *
     * @param model       the HF class of the model
     * @param preset      the config's resource name
     * @param parameters  parameters of the model
     * @param seed        seed of the random weights
     * @param pixelValues shape of the input clips, (B, T, C, H, W)
     * @param logits      [B][classes] logits, one row per clip
     */
    public record Result(String model, String preset, long parameters, long seed, long[] pixelValues,
                         float[][] logits) {
    }

    /**
     * Builds the bundled model with seeded random weights and runs it on {@code batch} moving-square clips.
     *
     * @param seed  seed of the random weights
     * @param batch clips in the batch
     */
    public static Result run(long seed, int batch) throws IOException {
        ModelConfig config;
        try (InputStream in = Demo.class.getResourceAsStream(PRESET)) {
            config = HfConfigs.parse(PRESET, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        ModelGraph graph = Models.create(config, HfCheckpoint.architectureOf(config, Path.of(PRESET)), seed);
        INDArray clip = movingSquare(batch, config.numFrames(), config.numChannels(), config.imageSize());
        String logits = graph.outputs().logits().name();
        INDArray out = GraphSessions.output(graph.sd(), graph.feeds(clip, null, null, false), List.of(logits))
                .get(logits);                                   // [B, classes]
        float[][] rows = new float[batch][];
        for (int b = 0; b < batch; b++) {
            rows[b] = out.getRow(b).toFloatVector();
        }
        return new Result(graph.architecture().hfClass(), PRESET, graph.layout().parameterCount(), seed,
                clip.shape(), rows);
    }

    /** [B, T, C, S, S] in [-1, 1]: a bright square moving one step right per frame, clip b starting at row 4b. */
    static INDArray movingSquare(int batch, int frames, int channels, int size) {
        float[] v = new float[batch * frames * channels * size * size];
        Arrays.fill(v, -1f);
        int side = Math.max(2, size / 4);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < frames; t++) {
                int x0 = (t * (size - side)) / Math.max(1, frames - 1);
                int y0 = (4 * b) % (size - side);
                for (int c = 0; c < channels; c++) {
                    for (int y = y0; y < y0 + side; y++) {
                        for (int x = x0; x < x0 + side; x++) {
                            v[(((b * frames + t) * channels + c) * size + y) * size + x] = 1f;
                        }
                    }
                }
            }
        }
        return Nd4j.create(v, new long[]{batch, frames, channels, size, size}, DataType.FLOAT);
    }
}
