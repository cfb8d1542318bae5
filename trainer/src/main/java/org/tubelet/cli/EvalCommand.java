package org.tubelet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.io.AtomicFiles;
import org.tubelet.models.ModelGraph;
import org.tubelet.recipe.DataSection;
import org.tubelet.recipe.Recipe;
import org.tubelet.train.checkpoint.Checkpoints;
import org.tubelet.train.eval.EvalResult;
import org.tubelet.train.eval.Evaluator;
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

    @Override
    public Integer call() throws Exception {
        Recipe r = recipe.load();
        DataSection.Views v = r.data().evalViews();
        DataSection.Views views = new DataSection.Views(clips != null ? clips : v.clips(),
                crops != null ? crops : v.crops());
        Path folder = Checkpoints.modelFolder(checkpoint);
        ModelGraph g = HfCheckpoint.load(folder);
        try (Datasets.Opened data = Datasets.open(r, g.config(), false, true, views)) {
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
            Files.createDirectories(dir);
            result.writeConfusionCsv(dir.resolve("confusion.csv"));
            ObjectNode json = new ObjectMapper().createObjectNode();
            json.put("checkpoint", folder.toString());
            json.put("videos", result.videos());
            json.put("clips", views.clips());
            json.put("crops", views.crops());
            json.put("top1", result.top1());
            json.put("top5", result.top5());
            json.put("mean_class_accuracy", result.meanClassAccuracy());
            json.put("loss", result.loss());
            json.put("seconds", seconds);
            AtomicFiles.writeString(dir.resolve("eval.json"),
                    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
            System.out.println(folder + ": " + result.summary());
            System.out.println("wrote " + dir.resolve("eval.json") + " and " + dir.resolve("confusion.csv"));
            return CliErrors.OK;
        }
    }
}
