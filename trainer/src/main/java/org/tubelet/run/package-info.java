/**
 * From a recipe or the command's arguments to objects and results, one class per job:
 * {@link org.tubelet.run.Training} (returns a {@link org.tubelet.run.TrainResult}), {@link org.tubelet.run.Evaluation},
 * {@link org.tubelet.run.Prediction}, {@link org.tubelet.run.Export}, {@link org.tubelet.run.Forward},
 * {@link org.tubelet.run.DatasetChecks}, {@link org.tubelet.run.LoaderBench}, {@link org.tubelet.run.Preprocessing},
 * {@link org.tubelet.run.Reconstructions} (also the pictures of a pretraining run),
 * {@link org.tubelet.run.PretrainDemo};
 * the shared wiring ({@code Wiring}, {@code Datasets}, {@code VideoData}, {@code TrainAugmentations},
 * {@link org.tubelet.run.RecipeAnnotations}).
 * The entry points for Java users who want what a command does.
 *
 * <p>May use every layer below, {@code org.tubelet.recipe} included; never {@code org.tubelet.cli}, which parses
 * arguments, calls this package and prints.
 */
package org.tubelet.run;
