/**
 * Typed YAML recipes: {@link org.tubelet.recipe.Recipes} finds a recipe (path, {@code ./recipes/}, the jar), follows
 * {@code extends:}, applies {@code --set} and binds it into a validated {@link org.tubelet.recipe.Recipe} of section
 * records ({@link org.tubelet.recipe.ModelSection}, {@link org.tubelet.recipe.DataSection} with
 * {@link org.tubelet.recipe.AugmentationSection} and {@link org.tubelet.recipe.MixupSection},
 * {@link org.tubelet.recipe.TrainSection}, {@link org.tubelet.recipe.OptimSection}, ...); model presets
 * ({@link org.tubelet.recipe.Presets}); errors are {@link org.tubelet.recipe.RecipeException}s naming
 * {@code file:line} ({@link org.tubelet.recipe.Origin}) and the key.
 *
 * <p>May use the layers below ({@code models}, {@code hf}, {@code datasets}, ...); never {@code run} or {@code cli}.
 * Only {@code run} and {@code cli} see recipes: the layers below take typed values.
 */
package org.tubelet.recipe;
