package org.tubelet.cli;

import java.util.concurrent.Callable;
import org.tubelet.recipe.Recipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code train --recipe R [--set k=v]...}: runs a recipe (also {@code java -jar trainer.jar --recipe R}). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a recipe: model, data, optimiser, schedule, checkpoints and metrics from one YAML file.",
                "Continues the run folder's newest checkpoint when there is one (checkpoint.resume: auto).",
                "Writes checkpoints/, metrics.csv, recipe.yaml, confusion.csv and loss/accuracy/lr plots into "
                        + "checkpoint.dir (default runs/<recipe name>)."})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    RecipeOptions recipe;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return run(recipe, spec);
    }

    static int run(RecipeOptions options, CommandSpec spec) throws Exception {
        Recipe r = options.load();
        return TrainRun.run(r, System.out);
    }
}
