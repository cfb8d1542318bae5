package org.tubelet.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tubelet.run.Export;
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
    /** Export formats as the option spells them. */
    enum Format {
        hf(Export.Format.HF), samediff(Export.Format.SAMEDIFF);

        final Export.Format format;

        Format(Export.Format format) {
            this.format = format;
        }
    }

    @Option(names = "--checkpoint", required = true, paramLabel = "C",
            description = "A checkpoint folder, a run folder (its best checkpoint) or an HF model folder.")
    Path checkpoint;

    @Option(names = "--format", required = true, paramLabel = "FMT", description = "hf or samediff.")
    Format format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--weights", paramLabel = "W", defaultValue = "auto",
            description = "raw, ema (the moving average a run with train.ema keeps) or auto (default): the weights "
                    + "the run evaluated, i.e. ema when it ran with train.ema.eval: true, else raw.")
    WeightsOption weights;

    @Override
    public Integer call() throws Exception {
        Export.Result r = Export.run(checkpoint, format.format, out, weights.weights);
        System.out.println("exported " + r.hfClass() + " from " + r.from() + " to " + r.to() + " (" + format + ", "
                + r.weights().name().toLowerCase(java.util.Locale.ROOT) + " weights)");
        return CliErrors.OK;
    }
}
