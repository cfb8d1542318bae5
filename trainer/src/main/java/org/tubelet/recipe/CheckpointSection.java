package org.tubelet.recipe;

import static org.tubelet.models.ConfigException.require;

/**
 * {@code checkpoint:} where the run lives and what is kept.
 *
 * @param dir run folder (checkpoints, metrics.csv, plots, resolved recipe, exports); default {@code runs/<name>}
 * @param everySteps write a checkpoint every N optimiser steps (0 = only at epoch ends and the end)
 * @param keepLast how many of the newest checkpoints to keep
 * @param keepBest metric whose best checkpoint is always kept ({@code val_top1}, {@code val_loss}, ... or
 *     {@code none})
 * @param resume {@code auto}: continue the newest checkpoint in {@code dir} if there is one; {@code never}: refuse
 *     to start when {@code dir} already has checkpoints
 */
public record CheckpointSection(String dir, int everySteps, int keepLast, String keepBest, Resume resume) {

    /** What to do when the run folder already holds checkpoints. */
    public enum Resume implements Section.Choice {
        AUTO("auto"), NEVER("never");

        private final String key;

        Resume(String key) {
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }
    }

    /** Metrics {@code keep_best} may name, and whether larger is better. */
    public static final java.util.Map<String, Boolean> METRICS = java.util.Map.of("val_top1", true, "val_top5", true,
            "val_mean_class_acc", true, "val_loss", false, "none", true);

    public CheckpointSection {
        require(dir != null && !dir.isBlank(), "dir", dir, "must not be blank");
        require(everySteps >= 0, "every_steps", everySteps, "must not be negative (0 = at epoch ends only)");
        require(keepLast >= 1, "keep_last", keepLast, "must be at least 1");
        require(METRICS.containsKey(keepBest), "keep_best", keepBest,
                "expected one of " + String.join(", ", new java.util.TreeSet<>(METRICS.keySet())));
    }

    public boolean keepsBest() {
        return !"none".equals(keepBest);
    }

    public boolean higherIsBetter() {
        return METRICS.get(keepBest);
    }

    static CheckpointSection read(Section s, String name) {
        String dir = s.string("dir", "runs/" + name);
        int every = s.integer("every_steps", 0);
        int keepLast = s.integer("keep_last", 2);
        String best = s.string("keep_best", "val_top1");
        Resume resume = s.choice("resume", Resume.class, Resume.AUTO);
        s.finish();
        return s.build(() -> new CheckpointSection(dir, every, keepLast, best, resume));
    }
}
