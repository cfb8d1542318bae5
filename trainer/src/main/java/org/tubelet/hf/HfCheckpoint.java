package org.tubelet.hf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.io.HostTensor;
import org.tubelet.io.NdArrays;
import org.tubelet.io.Safetensors;
import org.tubelet.models.Architecture;
import org.tubelet.models.ConfigException;
import org.tubelet.models.GraphOps;
import org.tubelet.models.InputSize;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.TensorMapping;
import org.tubelet.models.WeightLayout;
import org.tubelet.models.zoo.Models;

/**
 * Hugging Face checkpoint folders ({@code config.json} + {@code model.safetensors}): load into a graph, export a graph.
 * The weight names and shapes come from the family's {@link WeightLayout}, used both ways.
 */
public final class HfCheckpoint {
    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.safetensors";
    private static final Logger LOG = LogManager.getLogger(HfCheckpoint.class);

    private HfCheckpoint() {
    }

    /** The HF class named first in {@code architectures}. */
    public static Architecture architectureOf(ModelConfig config, Path source) {
        List<String> archs = config.meta().architectures();
        if (archs.isEmpty()) {
            throw new ConfigException("architectures",
                    source + ": architectures is missing; cannot tell which model class to build");
        }
        try {
            return Architecture.fromHfClass(archs.get(0));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("architectures", source + ": " + e.getMessage());
        }
    }

    /** Loads an HF folder: builds the class named in {@code architectures} and loads its weights. */
    public static ModelGraph load(Path dir) throws IOException {
        return load(dir, null);
    }

    /**
     * Loads an HF folder for clips of another size than the config's (TimeSformer resizes its position tables; other
     * families reject a different size). {@code size} null means the config's size.
     */
    public static ModelGraph load(Path dir, InputSize size) throws IOException {
        return load(dir, size, Models.DEFAULT_MASK);
    }

    /** As {@link #load(Path, InputSize)}, with the masked tokens per clip of VideoMAE's {@code bool_masked_pos}. */
    public static ModelGraph load(Path dir, InputSize size, int maskedTokens) throws IOException {
        return load(dir, size, maskedTokens, GraphOps.KERNELS);
    }

    /** As {@link #load(Path, InputSize, int)}; {@link GraphOps#STOCK} for a graph to be saved as a SameDiff file. */
    public static ModelGraph load(Path dir, InputSize size, int maskedTokens, GraphOps ops) throws IOException {
        return load(dir, size, maskedTokens, ops, dir.resolve(WEIGHTS));
    }

    /**
     * As {@link #load(Path, InputSize, int, GraphOps)}, with the weights from {@code weights} instead of the folder's
     * {@value #WEIGHTS} (e.g. a run's moving average, {@code ema.safetensors}): read once, never both.
     */
    public static ModelGraph load(Path dir, InputSize size, int maskedTokens, GraphOps ops, Path weights)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(null, dir + ": not a folder (expected an HF checkpoint folder with " + CONFIG
                    + " and " + WEIGHTS + ")");
        }
        Path configFile = dir.resolve(CONFIG);
        ModelConfig config = HfConfigs.read(configFile);
        Architecture arch = architectureOf(config, configFile);
        ModelGraph graph = Models.build(config, arch, size == null ? InputSize.of(config) : size, maskedTokens, ops);
        if (!Files.isRegularFile(weights)) {
            throw new ConfigException(null, weights + ": file not found (the checkpoint folder needs "
                    + weights.getFileName() + ")");
        }
        loadWeights(graph, Safetensors.read(weights).tensors(), weights.toString());
        LOG.info("Loaded {} ({} tensors, {} parameters) from {}", arch.hfClass(), graph.layout().size(),
                graph.layout().parameterCount(), weights.equals(dir.resolve(WEIGHTS)) ? dir : weights);
        return graph;
    }

    /**
     * Sets every parameter of the graph from HF-named tensors. Missing, unexpected and mis-shaped tensors are all
     * listed in one error.
     */
    public static void loadWeights(ModelGraph graph, Map<String, HostTensor> tensors, String source) {
        WeightLayout layout = graph.layout();
        List<String> problems = new ArrayList<>();
        for (TensorMapping t : layout.tensors()) {
            HostTensor h = tensors.get(t.name());
            if (h == null) {
                problems.add("missing " + t.name() + " " + Arrays.toString(t.hfShape()));
            } else if (!Arrays.equals(h.shape(), t.hfShape())) {
                problems.add("shape of " + t.name() + " is " + Arrays.toString(h.shape()) + ", expected "
                        + Arrays.toString(t.hfShape()));
            } else if (!h.dtype().isFloating()) {
                problems.add(t.name() + " has dtype " + h.dtype() + ", expected a floating type");
            }
        }
        for (String name : tensors.keySet()) {
            if (!layout.contains(name)) {
                problems.add("unexpected " + name + " " + Arrays.toString(tensors.get(name).shape()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(null, source + ": weights do not match " + graph.architecture().hfClass() + " ("
                    + problems.size() + " problems): " + String.join("; ", problems));
        }
        for (TensorMapping t : layout.tensors()) {
            INDArray arr = NdArrays.toNd(tensors.get(t.name())).reshape(t.graphShape());
            graph.setParamValue(t.name(), arr);
        }
    }

    /** The graph's parameters under their HF names and shapes, in layout order. */
    public static Map<String, HostTensor> stateDict(ModelGraph graph) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (TensorMapping t : graph.layout().tensors()) {
            out.put(t.name(), NdArrays.toHost(graph.paramValue(t.name())).reshape(t.hfShape()));
        }
        return out;
    }

    /** Writes an HF folder ({@code config.json} naming the class, {@code model.safetensors}) that HF can load. */
    public static void save(ModelGraph graph, Path dir) throws IOException {
        Files.createDirectories(dir);
        ModelConfig config = graph.config().withMeta(graph.config().meta().forExport(graph.architecture().hfClass()));
        Safetensors.write(dir.resolve(WEIGHTS), stateDict(graph), Map.of("format", "pt"));
        HfConfigs.write(config, dir.resolve(CONFIG));
        LOG.info("Exported {} to {}", graph.architecture().hfClass(), dir);
    }
}
