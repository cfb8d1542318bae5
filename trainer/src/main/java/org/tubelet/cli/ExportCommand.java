package org.tubelet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.hf.HfConfigs;
import org.tubelet.io.AtomicFiles;
import org.tubelet.models.GraphOps;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.Models;
import org.tubelet.train.checkpoint.Checkpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code export --checkpoint C --format hf|samediff --out DIR}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a checkpoint's model.",
                "hf: an HF folder (config.json with id2label, model.safetensors, preprocessor_config.json) that our "
                        + "forward/predict commands and Hugging Face transformers load.",
                "samediff: model.sdz (SameDiff.load(file, false) in Java; placeholders pixel_values [B, T, C, H, W] "
                        + "and training; outputs named in signature.json) with config.json and the processor."})
final class ExportCommand implements Callable<Integer> {
    /** Export formats. */
    enum Format { hf, samediff }

    static final String SAMEDIFF_FILE = "model.sdz";
    static final String SIGNATURE = "signature.json";

    @Option(names = "--checkpoint", required = true, paramLabel = "C",
            description = "A checkpoint folder, a run folder (its best checkpoint) or an HF model folder.")
    Path checkpoint;

    @Option(names = "--format", required = true, paramLabel = "FMT", description = "hf or samediff.")
    Format format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path folder = Checkpoints.modelFolder(checkpoint);
        // stock ops only: the saved graph must run in any SameDiff, not only in Tubelet's kernel sessions
        ModelGraph g = HfCheckpoint.load(folder, null, Models.DEFAULT_MASK, GraphOps.STOCK);
        Files.createDirectories(out);
        switch (format) {
            case hf -> HfCheckpoint.save(g, out);
            case samediff -> {
                g.sd().save(out.resolve(SAMEDIFF_FILE).toFile(), false);
                HfConfigs.write(g.config().withMeta(g.config().meta().withArchitectures(
                        List.of(g.architecture().hfClass()))), out.resolve(HfCheckpoint.CONFIG));
                AtomicFiles.writeString(out.resolve(SIGNATURE), signature(g));
            }
        }
        for (String f : List.of(Checkpoints.PREPROCESSOR, Checkpoints.SAMPLER)) {
            if (Files.isRegularFile(folder.resolve(f))) {
                Files.copy(folder.resolve(f), out.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        System.out.println("exported " + g.architecture().hfClass() + " from " + folder + " to " + out + " ("
                + format + ")");
        return CliErrors.OK;
    }

    /** Placeholder and output names of the saved graph. */
    static String signature(ModelGraph g) {
        StringBuilder b = new StringBuilder("{\n  \"inputs\": {\n");
        b.append("    \"pixel_values\": {\"name\": \"").append(g.inputs().pixelValues().name())
                .append("\", \"shape\": ").append(java.util.Arrays.toString(g.inputs().pixelValues()
                        .placeholderShape())).append(", \"dtype\": \"float32\"}");
        if (g.inputs().training() != null) {
            b.append(",\n    \"training\": {\"name\": \"").append(g.inputs().training().name())
                    .append("\", \"shape\": [], \"dtype\": \"float32\", \"feed\": 0}");
        }
        b.append("\n  },\n  \"outputs\": {\n");
        ModelGraph.Outputs o = g.outputs();
        b.append("    \"last_hidden_state\": \"").append(o.lastHiddenState().name()).append('"');
        if (o.logits() != null) {
            b.append(",\n    \"logits\": \"").append(o.logits().name()).append('"');
        }
        if (o.poolerOutput() != null) {
            b.append(",\n    \"pooler_output\": \"").append(o.poolerOutput().name()).append('"');
        }
        return b.append("\n  }\n}\n").toString();
    }
}
