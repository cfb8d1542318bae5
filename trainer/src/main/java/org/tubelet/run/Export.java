package org.tubelet.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.hf.HfConfigs;
import org.tubelet.io.AtomicFiles;
import org.tubelet.models.GraphOps;
import org.tubelet.models.ModelGraph;
import org.tubelet.train.checkpoint.Checkpoints;

/**
 * A checkpoint's model as files others load ({@code export --checkpoint C --format hf|samediff --out DIR}): an HF folder
 * for PyTorch users, or a SameDiff {@code model.sdz} with its signature, each with the processor and sampler files.
 */
public final class Export {
    /** The SameDiff graph file of a {@link Format#SAMEDIFF} export. */
    public static final String SAMEDIFF_FILE = "model.sdz";
    /** Placeholder and output names of a {@link Format#SAMEDIFF} export. */
    public static final String SIGNATURE = "signature.json";

    /** Export formats. */
    public enum Format {
        /** config.json with id2label, model.safetensors: what HF transformers and our commands load. */
        HF,
        /** model.sdz (stock ops only, so it runs in any SameDiff) with config.json and signature.json. */
        SAMEDIFF
    }

    private Export() {
    }

    /**
     * What was exported: the HF class, from where, to where, and which weights ({@link Checkpoints.Weights#EMA} or
     * {@link Checkpoints.Weights#RAW}).
     */
    public record Result(String hfClass, Path from, Path to, Format format, Checkpoints.Weights weights) {
    }

    /** Exports a model folder's default weights ({@link Checkpoints.Weights#AUTO}). */
    public static Result run(Path checkpoint, Format format, Path out) throws IOException {
        return run(checkpoint, format, out, Checkpoints.Weights.AUTO);
    }

    /**
     * Exports a model folder.
     *
     * @param checkpoint a checkpoint folder, a run folder (its best checkpoint) or an HF model folder
     * @param format     what to write
     * @param out        the output folder (created)
     * @param weights    the raw weights, their moving average, or (auto) the ones the run evaluated
     */
    public static Result run(Path checkpoint, Format format, Path out, Checkpoints.Weights weights)
            throws IOException {
        Path folder = Checkpoints.modelFolder(checkpoint);
        // stock ops only: the saved graph must run in any SameDiff, not only in Tubelet's kernel sessions
        ChosenWeights chosen = ChosenWeights.load(folder, weights, GraphOps.STOCK);
        ModelGraph g = chosen.graph();
        Files.createDirectories(out);
        switch (format) {
            case HF -> HfCheckpoint.save(g, out);
            case SAMEDIFF -> {
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
        return new Result(g.architecture().hfClass(), folder, out, format, chosen.weights());
    }

    /** Placeholder and output names of the saved graph. */
    static String signature(ModelGraph g) {
        StringBuilder b = new StringBuilder("{\n  \"inputs\": {\n");
        b.append("    \"pixel_values\": {\"name\": \"").append(g.inputs().pixelValues().name())
                .append("\", \"shape\": ").append(Arrays.toString(g.inputs().pixelValues().placeholderShape()))
                .append(", \"dtype\": \"float32\"}");
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
