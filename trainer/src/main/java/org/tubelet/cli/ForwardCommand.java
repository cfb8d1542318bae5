package org.tubelet.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tubelet.run.Forward;
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
        for (Map.Entry<Path, long[]> e : Forward.run(model, pixelValues, labels, boolMaskedPos, out).entrySet()) {
            System.out.println(e.getKey() + " " + Arrays.toString(e.getValue()));
        }
        return CliErrors.OK;
    }
}
