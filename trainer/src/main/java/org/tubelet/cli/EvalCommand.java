package org.tubelet.cli;

import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.tubelet.run.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eval --recipe R --checkpoint C}: multi-view evaluation of a checkpoint on the recipe's validation set. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a checkpoint on the recipe's validation data: top-1, top-5, mean class accuracy and "
                + "a confusion matrix, with the softmax of N temporal clips x M spatial crops averaged per video.",
                "Writes eval.json and confusion.csv into --out (default: <run folder>/eval/<checkpoint>)."})
final class EvalCommand implements Callable<Integer> {
    @Mixin
    RecipeOptions recipe;

    @Option(names = "--checkpoint", required = true, paramLabel = "C",
            description = "A checkpoint folder, a run folder (its best checkpoint) or an HF model folder.")
    Path checkpoint;

    @Option(names = "--clips", paramLabel = "N", description = "Temporal clips per video (default: the recipe's "
            + "data.eval_views.clips).")
    Integer clips;

    @Option(names = "--crops", paramLabel = "M", description = "Spatial crops per video, 1 or 3 (default: the "
            + "recipe's data.eval_views.crops).")
    Integer crops;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write eval.json and confusion.csv.")
    Path out;

    @Option(names = "--weights", paramLabel = "W", defaultValue = "auto",
            description = "raw, ema (the moving average a run with train.ema keeps) or auto (default): the weights "
                    + "the run evaluated during training, i.e. ema when it ran with train.ema.eval: true, else raw.")
    WeightsOption weights;

    @Override
    public Integer call() throws Exception {
        Evaluation.Report report = Evaluation.run(recipe.load(), checkpoint,
                clips == null ? OptionalInt.empty() : OptionalInt.of(clips),
                crops == null ? OptionalInt.empty() : OptionalInt.of(crops), out, weights.weights);
        System.out.println(report.checkpoint() + " (" + report.weights().name().toLowerCase(java.util.Locale.ROOT)
                + " weights): " + report.result().summary());
        System.out.println("wrote " + report.json() + " and " + report.confusion());
        return CliErrors.OK;
    }
}
