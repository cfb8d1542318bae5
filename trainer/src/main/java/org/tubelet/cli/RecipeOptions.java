package org.tubelet.cli;

import java.util.ArrayList;
import java.util.List;
import org.tubelet.recipe.Recipe;
import org.tubelet.recipe.Recipes;
import picocli.CommandLine.Option;

/** {@code --recipe R [--set key.path=value]...}, shared by the commands that run a recipe. */
final class RecipeOptions {
    @Option(names = "--recipe", paramLabel = "R", description = "Recipe: a path, a name in ./recipes/, or one bundled "
            + "in the jar (e.g. quickstart).")
    String recipe;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a recipe key, e.g. --set optim.lr=3e-4 "
            + "--set train.max_steps=100 (repeatable; validated like the file).")
    List<String> sets = new ArrayList<>();

    Recipe load() {
        if (recipe == null) {
            throw new IllegalArgumentException("--recipe is required (e.g. --recipe quickstart)");
        }
        return Recipes.load(recipe, sets);
    }
}
