package org.tubelet.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.tubelet.io.AtomicFiles;
import org.tubelet.models.GraphOps;
import org.tubelet.models.ModelGraph;
import org.tubelet.recipe.DataSection;
import org.tubelet.recipe.Recipe;
import org.tubelet.train.checkpoint.Checkpoints;
import org.tubelet.train.eval.EvalResult;
import org.tubelet.train.eval.Evaluator;

/**
 * Multi-view evaluation of a checkpoint on a recipe's validation data ({@code eval --recipe R --checkpoint C}): the
 * softmax of N temporal clips × M spatial crops averaged per video; writes {@code eval.json} and
 * {@code confusion.csv}.
 */
public final class Evaluation {
    private Evaluation() {
    }

    /**
     * What an evaluation found and wrote.
     *
     * @param checkpoint the model folder evaluated
     * @param weights    which of its weights: {@link Checkpoints.Weights#RAW} or {@link Checkpoints.Weights#EMA}
     * @param result     top-1, top-5, mean class accuracy, loss, confusion
     * @param clips      temporal views per video
     * @param crops      spatial views per video
     * @param seconds    evaluation time
     * @param dir        where eval.json and confusion.csv are
     */
    public record Report(Path checkpoint, Checkpoints.Weights weights, EvalResult result, int clips, int crops,
                         double seconds, Path dir) {
        public Path json() {
            return dir.resolve("eval.json");
        }

        public Path confusion() {
            return dir.resolve("confusion.csv");
        }

        /** Views (clips × crops of every video) through the model per second: the inference throughput. */
        public double viewsPerSecond() {
            return seconds > 0 ? result.videos() * (double) clips * crops / seconds : 0;
        }
    }

    /**
     * Evaluates a checkpoint.
     *
     * @param r          the recipe (its validation data and default views)
     * @param checkpoint a checkpoint folder, a run folder (its best checkpoint) or an HF model folder
     * @param clips      temporal views per video, or empty for the recipe's {@code data.eval_views.clips}
     * @param crops      spatial views (1 or 3), or empty for the recipe's {@code data.eval_views.crops}
     * @param out        where to write, or null for {@code <run folder>/eval/<checkpoint>}
     */
    public static Report run(Recipe r, Path checkpoint, OptionalInt clips, OptionalInt crops, Path out)
            throws Exception {
        return run(r, checkpoint, clips, crops, out, Checkpoints.Weights.AUTO);
    }

    /**
     * Evaluates a checkpoint's chosen weights: raw, their moving average, or (auto) the ones the run evaluated.
     *
     * @see #run(Recipe, Path, OptionalInt, OptionalInt, Path)
     */
    public static Report run(Recipe r, Path checkpoint, OptionalInt clips, OptionalInt crops, Path out,
                             Checkpoints.Weights weights) throws Exception {
        DataSection.Views v = r.data().evalViews();
        DataSection.Views views = new DataSection.Views(clips.orElse(v.clips()), crops.orElse(v.crops()));
        Path folder = Checkpoints.modelFolder(checkpoint);
        ChosenWeights chosen = ChosenWeights.load(folder, weights, GraphOps.KERNELS);
        ModelGraph g = chosen.graph();
        try (DataSources data = Datasets.open(r, g.config(), false, true, views)) {
            int k = g.config().meta().numLabels();
            if (k != data.classNames().size()) {
                throw new IllegalArgumentException(folder + " has " + k + " classes but the recipe's validation data "
                        + "has " + data.classNames().size());
            }
            long t0 = System.nanoTime();
            EvalResult result = Evaluator.evaluate(g, data.val());
            double seconds = (System.nanoTime() - t0) / 1e9;
            Path dir = out != null ? out : Path.of(r.checkpoint().dir()).resolve("eval").resolve(
                    folder.getFileName().toString());
            Report report = new Report(folder, chosen.weights(), result, views.clips(), views.crops(), seconds,
                    dir);
            Files.createDirectories(dir);
            result.writeConfusionCsv(report.confusion());
            AtomicFiles.writeString(report.json(), json(report));
            return report;
        }
    }

    private static String json(Report report) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = mapper.createObjectNode();
        EvalResult result = report.result();
        json.put("checkpoint", report.checkpoint().toString());
        json.put("weights", report.weights().name().toLowerCase(java.util.Locale.ROOT));
        json.put("videos", result.videos());
        json.put("clips", report.clips());
        json.put("crops", report.crops());
        json.put("top1", result.top1());
        json.put("top5", result.top5());
        json.put("mean_class_accuracy", result.meanClassAccuracy());
        json.put("loss", result.loss());
        json.put("seconds", report.seconds());
        json.put("views_per_s", report.viewsPerSecond());
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
    }
}
