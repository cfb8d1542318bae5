package org.tubelet.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.engine.GraphSessions;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.hf.HfConfigs;
import org.tubelet.io.NdArrays;
import org.tubelet.io.Npy;
import org.tubelet.models.InputSize;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.ModelFamily;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.videomae.MaskCounts;

/**
 * One inference-mode forward pass of an HF checkpoint folder on arrays from {@code .npy} files, writing what the HF
 * class returns as {@code .npy} files ({@code forward --model DIR --pixel-values X.npy ...}): the way to compare
 * Tubelet with Hugging Face on the same inputs.
 */
public final class Forward {
    private Forward() {
    }

    /**
     * Runs the model and writes {@code last_hidden_state.npy}, {@code logits.npy}, {@code loss.npy} (with labels, or
     * for pretraining) and {@code pooler_output.npy} (when the model has one).
     *
     * @param model         an HF checkpoint folder
     * @param pixelValues   float32 (B, T, C, H, W)
     * @param labels        int64 (B,) class indices (float for regression), or null
     * @param boolMaskedPos bool/uint8 (B, N) mask (VideoMAE), or null
     * @param out           the folder for the outputs
     * @return each written file with its array's shape, in writing order
     */
    public static Map<Path, long[]> run(Path model, Path pixelValues, Path labels, Path boolMaskedPos, Path out)
            throws IOException {
        INDArray pixels = NdArrays.toNd(Npy.read(pixelValues));
        INDArray y = labels == null ? null : NdArrays.toNd(Npy.read(labels));
        INDArray mask = boolMaskedPos == null ? null : NdArrays.toNd(Npy.read(boolMaskedPos));
        if (pixels.rank() != 5) {
            throw new IllegalArgumentException(pixelValues + ": pixel_values must have shape (B, T, C, H, W), got "
                    + Arrays.toString(pixels.shape()));
        }
        ModelGraph graph = HfCheckpoint.load(model, inputSizeOf(model, pixels),
                MaskCounts.perClip(mask, String.valueOf(boolMaskedPos)));
        Inputs.checkPixels(graph, pixels.shape(), pixelValues);
        if (y != null) {
            Inputs.checkLabels(graph, y.shape(), pixels.size(0), labels);
        }
        if (mask != null && graph.inputs().boolMaskedPos() == null) {
            throw new IllegalArgumentException(boolMaskedPos + ": " + graph.architecture().hfClass()
                    + " takes no bool_masked_pos; expected a VideoMAE model folder");
        }

        Map<String, SDVariable> wanted = new LinkedHashMap<>();
        ModelGraph.Outputs o = graph.outputs();
        wanted.put("last_hidden_state", o.lastHiddenState());
        o.pooler().ifPresent(v -> wanted.put("pooler_output", v));
        o.logitsOpt().ifPresent(v -> wanted.put("logits", v));
        if (y != null || graph.inputs().labels() == null) {
            o.lossOpt().ifPresent(v -> wanted.put("loss", v)); // pretraining needs no labels
        }
        List<String> names = new ArrayList<>();
        wanted.values().forEach(v -> names.add(v.name()));
        Map<String, INDArray> results = GraphSessions.output(graph.sd(), graph.feeds(pixels, y, mask, false), names);

        Files.createDirectories(out);
        Map<Path, long[]> written = new LinkedHashMap<>();
        for (Map.Entry<String, SDVariable> e : wanted.entrySet()) {
            INDArray value = results.get(e.getValue().name());
            if (e.getKey().equals("loss")) {
                value = value.reshape(1); // HF fixtures store the scalar loss as shape (1,)
            }
            Path file = out.resolve(e.getKey() + ".npy");
            Npy.write(file, NdArrays.toHost(value));
            written.put(file, value.shape());
        }
        return written;
    }

    /** The clip size of the input, so that families which resize their position tables (TimeSformer) can. */
    private static InputSize inputSizeOf(Path model, INDArray pixels) throws IOException {
        ModelConfig config = HfConfigs.read(model.resolve(HfCheckpoint.CONFIG));
        InputSize given = new InputSize((int) pixels.size(1), (int) pixels.size(3), (int) pixels.size(4));
        return config.family() == ModelFamily.TIMESFORMER ? given : InputSize.of(config);
    }
}
