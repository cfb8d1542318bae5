package org.tubelet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** One inference-mode forward pass of an HF checkpoint folder, writing what the HF class returns as .npy files. */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = {"Load an HF checkpoint folder (config.json + model.safetensors; the class comes from "
                + "'architectures'), run one forward pass in inference mode and write the outputs as .npy:",
                "last_hidden_state.npy, logits.npy, loss.npy (with --labels), pooler_output.npy (when the model has one)."})
final class ForwardCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "HF checkpoint folder.")
    Path model;

    @Option(names = "--pixel-values", required = true, paramLabel = "X.npy",
            description = "float32 (B, T, C, H, W) input, as HF's processor returns it.")
    Path pixelValues;

    @Option(names = "--labels", paramLabel = "L.npy", description = "int64 (B,) class indices (float for regression).")
    Path labels;

    @Option(names = "--bool-masked-pos", paramLabel = "M.npy", description = "bool/uint8 (B, N) mask, VideoMAE only.")
    Path boolMaskedPos;

    @Option(names = "--out", required = true, paramLabel = "OUTDIR", description = "Folder for the .npy outputs.")
    Path out;

    @Override
    public Integer call() throws Exception {
        INDArray pixels = NdArrays.toNd(Npy.read(pixelValues));
        INDArray y = labels == null ? null : NdArrays.toNd(Npy.read(labels));
        INDArray mask = boolMaskedPos == null ? null : NdArrays.toNd(Npy.read(boolMaskedPos));
        if (pixels.rank() != 5) {
            throw new IllegalArgumentException(pixelValues + ": pixel_values must have shape (B, T, C, H, W), got "
                    + java.util.Arrays.toString(pixels.shape()));
        }
        ModelGraph graph = HfCheckpoint.load(model, inputSizeOf(pixels), org.tubelet.models.videomae.MaskCounts.perClip(mask, String.valueOf(boolMaskedPos)));
        Inputs.checkPixels(graph, pixels, pixelValues);

        Map<String, SDVariable> wanted = new java.util.LinkedHashMap<>();
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
        for (Map.Entry<String, SDVariable> e : wanted.entrySet()) {
            INDArray value = results.get(e.getValue().name());
            if (e.getKey().equals("loss")) {
                value = value.reshape(1); // HF fixtures store the scalar loss as shape (1,)
            }
            Path file = out.resolve(e.getKey() + ".npy");
            Npy.write(file, NdArrays.toHost(value));
            System.out.println(file + " " + java.util.Arrays.toString(value.shape()));
        }
        return CliErrors.OK;
    }

    /** The clip size of the input, so that families which resize their position tables (TimeSformer) can. */
    private InputSize inputSizeOf(INDArray pixels) throws java.io.IOException {
        ModelConfig config = HfConfigs.read(model.resolve(HfCheckpoint.CONFIG));
        InputSize given = new InputSize((int) pixels.size(1), (int) pixels.size(3), (int) pixels.size(4));
        return config.family() == ModelFamily.TIMESFORMER ? given : InputSize.of(config);
    }
}
