package org.tubelet.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.io.HostTensor;
import org.tubelet.io.NdArrays;
import org.tubelet.io.Safetensors;

/** Small Hugging Face image ViTs ({@code ViTForImageClassification} state dicts and folders) with random weights. */
public final class TinyImageVit {
    private TinyImageVit() {
    }

    /**
     * A state dict with {@code vit.} names, patch 8, 10 classes.
     *
     * @param grid patches per side of its position table
     */
    public static Map<String, HostTensor> stateDict(long seed, int hidden, int intermediate, int layers, int grid) {
        Nd4j.getRandom().setSeed(seed);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("embeddings.cls_token", new long[]{1, 1, hidden});
        shapes.put("embeddings.position_embeddings", new long[]{1, 1 + (long) grid * grid, hidden});
        shapes.put("embeddings.patch_embeddings.projection.weight", new long[]{hidden, 3, 8, 8});
        shapes.put("embeddings.patch_embeddings.projection.bias", new long[]{hidden});
        for (int i = 0; i < layers; i++) {
            String l = "encoder.layer." + i + ".";
            for (String p : List.of("query", "key", "value")) {
                shapes.put(l + "attention.attention." + p + ".weight", new long[]{hidden, hidden});
                shapes.put(l + "attention.attention." + p + ".bias", new long[]{hidden});
            }
            shapes.put(l + "attention.output.dense.weight", new long[]{hidden, hidden});
            shapes.put(l + "attention.output.dense.bias", new long[]{hidden});
            shapes.put(l + "intermediate.dense.weight", new long[]{intermediate, hidden});
            shapes.put(l + "intermediate.dense.bias", new long[]{intermediate});
            shapes.put(l + "output.dense.weight", new long[]{hidden, intermediate});
            shapes.put(l + "output.dense.bias", new long[]{hidden});
            for (String n : List.of("layernorm_before", "layernorm_after")) {
                shapes.put(l + n + ".weight", new long[]{hidden});
                shapes.put(l + n + ".bias", new long[]{hidden});
            }
        }
        shapes.put("layernorm.weight", new long[]{hidden});
        shapes.put("layernorm.bias", new long[]{hidden});
        Map<String, HostTensor> t = new LinkedHashMap<>();
        shapes.forEach((k, s) -> t.put("vit." + k, NdArrays.toHost(Nd4j.randn(DataType.FLOAT, s).muli(0.3))));
        t.put("classifier.weight", NdArrays.toHost(Nd4j.randn(DataType.FLOAT, 10, hidden)));
        t.put("classifier.bias", NdArrays.toHost(Nd4j.randn(DataType.FLOAT, 10)));
        return t;
    }

    /** An HF folder ({@code config.json} with model_type vit, {@code model.safetensors}) of images of grid·8 pixels. */
    public static Path folder(Path dir, long seed, int hidden, int intermediate, int layers, int grid)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), """
                {"model_type": "vit", "architectures": ["ViTForImageClassification"], "image_size": %d,
                 "patch_size": 8, "hidden_size": %d, "num_hidden_layers": %d, "intermediate_size": %d}
                """.formatted(grid * 8, hidden, layers, intermediate));
        Safetensors.write(dir.resolve("model.safetensors"), stateDict(seed, hidden, intermediate, layers, grid),
                Map.of("format", "pt"));
        return dir;
    }
}
