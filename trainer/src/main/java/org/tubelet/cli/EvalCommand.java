package org.tubelet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.tubelet.engine.Malloc;
import org.tubelet.engine.OpenBlasCore;
import org.tubelet.engine.VectorApi;
import org.tubelet.recipe.Recipe;
import org.tubelet.run.Evaluation;
import org.tubelet.run.MemoryUse;
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

    @Option(names = "--json", description = "Print one final JSON line: the scores, and the throughput (views/s, "
            + "the evaluation's time without loading the model), peak RSS and OpenBLAS core (make bench reads it).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Recipe r = recipe.load();
        Evaluation.Report report = Evaluation.run(r, checkpoint,
                clips == null ? OptionalInt.empty() : OptionalInt.of(clips),
                crops == null ? OptionalInt.empty() : OptionalInt.of(crops), out, weights.weights);
        System.out.println(report.checkpoint() + " (" + report.weights().name().toLowerCase(Locale.ROOT)
                + " weights): " + report.result().summary());
        System.out.printf(Locale.ROOT, "%d views in %.2f s: %.2f views/s%n",
                report.result().videos() * report.clips() * report.crops(), report.seconds(),
                report.viewsPerSecond());
        System.out.println("wrote " + report.json() + " and " + report.confusion());
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(jsonResult(report, r)));
        }
        return CliErrors.OK;
    }

    /** The final JSON line's fields (bench/run.sh and bench/report.py read them). */
    static Map<String, Object> jsonResult(Evaluation.Report report, Recipe r) throws IOException {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("videos", report.result().videos());
        result.put("views_per_video", report.clips() * report.crops());
        result.put("batch", r.data().evalBatchSize());
        result.put("workers", r.data().workers());
        result.put("top1", report.result().top1());
        result.put("seconds", BenchCommand.round(report.seconds(), 3));
        result.put("views_per_s", BenchCommand.round(report.viewsPerSecond(), 3));
        result.put("peak_rss_mb", MemoryUse.processPeakRssMb());
        result.put("openblas_core", OpenBlasCore.describeRunning());
        result.put("malloc", Malloc.describeRunning());
        result.put("vector_api", VectorApi.describe());
        return result;
    }
}
