package org.tubelet.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tubelet.recipe.Recipe;
import org.tubelet.run.DistributedTraining;
import org.tubelet.run.SkippedVideos;
import org.tubelet.run.TrainResult;
import org.tubelet.run.Training;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code train --recipe R [--set k=v]...}: runs a recipe (also {@code java -jar trainer.jar --recipe R}). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a recipe: model, data, optimiser, schedule, checkpoints and metrics from one YAML file.",
                "Continues the run folder's newest checkpoint when there is one (checkpoint.resume: auto).",
                "Writes checkpoints/, metrics.csv, recipe.yaml, confusion.csv, loss/accuracy/lr plots and TensorBoard "
                        + "event files (tb/) into checkpoint.dir (default runs/<recipe name>)."})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    RecipeOptions recipe;

    @Override
    public Integer call() throws Exception {
        return run(recipe);
    }

    static int run(RecipeOptions options) throws Exception {
        Recipe r = options.load();
        TrainResult result = r.distributed().enabled() ? DistributedTraining.find(r).train(r, System.out)
                : Training.run(r, System.out);
        print(result, System.out);
        return CliErrors.OK;
    }

    static void print(TrainResult r, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%s: %d steps in %s%s%n", r.name(), r.steps(), duration(r.seconds()),
                r.stopReason() == null ? "" : " (" + r.stopReason() + ")");
        if (r.lastEval() != null) {
            out.println("final validation: " + r.lastEval().summary());
        }
        if (r.bestCheckpoint() != null) {
            out.println("best checkpoint: " + r.bestCheckpoint());
        }
        if (!r.skipped().isEmpty()) {
            int shown = Math.min(10, r.skipped().size());
            out.println("skipped " + r.skipped().size() + " unreadable video(s), listed in " + r.runDir()
                    .resolve(SkippedVideos.FILE) + ": " + String.join(", ", r.skipped().subList(0, shown).stream()
                    .map(u -> u.path().getFileName() + " (" + u.reason().description() + ")").toList())
                    + (shown < r.skipped().size() ? ", ..." : ""));
        }
        out.println("run folder: " + r.runDir() + " (" + String.join(", ", r.files()) + ")");
    }

    /** Durations as the progress line prints them. */
    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
