package org.tubelet.recipe;

/**
 * A bound, validated recipe: everything a run needs, typed. Built only by {@link Recipes}.
 *
 * @param name run name (default: the recipe's file name)
 * @param source where the recipe was read (a path or {@code jar:/recipes/...})
 * @param task classification or pretraining
 * @param distributed data-parallel training ({@code distributed:}; one worker = a single process)
 */
public record Recipe(String name, String source, Task task, ModelSection model, DataSection data, OptimSection optim,
                     ScheduleSection schedule, TrainSection train, CheckpointSection checkpoint, LogSection log,
                     DistributedSection distributed) {

    /** The recipe with every default written out, as YAML that {@link Recipes#parse} reads back to this record. */
    public String toYaml() {
        return RecipeWriter.toYaml(this);
    }
}
