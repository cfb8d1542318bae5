package org.tubelet.cli;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.engine.GraphSessions;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.hf.HfConfigs;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.zoo.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A forward pass of the bundled tiny ViViT (seeded random weights) on a generated clip of a square moving to the
 * right; prints the logits. The smallest end-to-end check that the native backend and the graph work.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Forward pass of a bundled tiny ViViT on a generated moving-square clip; prints the logits.")
final class DemoCommand implements Callable<Integer> {
    static final String PRESET = "/presets/vivit-tiny/config.json";

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch", defaultValue = "2", description = "Clips in the batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() throws Exception {
        ModelConfig config;
        try (InputStream in = DemoCommand.class.getResourceAsStream(PRESET)) {
            config = HfConfigs.parse(PRESET, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        ModelGraph graph = Models.create(config, HfCheckpoint.architectureOf(config, java.nio.file.Path.of(PRESET)),
                seed);
        INDArray clip = movingSquare(batch, config.numFrames(), config.numChannels(), config.imageSize());
        INDArray logits = GraphSessions.output(graph.sd(), graph.feeds(clip, null, null, false),
                List.of(graph.outputs().logits().name())).get(graph.outputs().logits().name());
        System.out.println("model: " + graph.architecture().hfClass() + " " + PRESET + " ("
                + graph.layout().parameterCount() + " parameters, seed " + seed + ")");
        System.out.println("input: moving square, pixel_values " + java.util.Arrays.toString(clip.shape()));
        for (int b = 0; b < batch; b++) {
            System.out.println("clip " + b + " logits: " + java.util.Arrays.toString(logits.getRow(b).toFloatVector()));
        }
        return CliErrors.OK;
    }

    /** [B, T, C, S, S] in [-1, 1]: a bright square moving one step right per frame, clip b starting at row 4b. */
    static INDArray movingSquare(int batch, int frames, int channels, int size) {
        float[] v = new float[batch * frames * channels * size * size];
        java.util.Arrays.fill(v, -1f);
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
