package org.tubelet.recipe;

import static org.tubelet.models.ConfigException.require;

/**
 * {@code log:} what a run reports.
 *
 * @param everySteps print a log line every N steps (the metrics file gets every step)
 * @param metrics metrics file name inside the run folder
 * @param progress {@code auto} (a progress bar on a terminal, log lines otherwise), {@code bar}, {@code lines}
 * @param plots write loss / accuracy / lr PNG plots into the run folder
 * @param reconstructEvery pretraining: draw the reconstructions of {@code reconstruct_clips} fixed validation clips
 *     every N optimiser steps, and at the end (0 = at the end only)
 * @param reconstructClips clips in a reconstruction picture (0 = no pictures)
 */
public record LogSection(int everySteps, String metrics, Progress progress, boolean plots, int reconstructEvery,
                         int reconstructClips) {

    /** How progress is shown. */
    public enum Progress implements Section.Choice {
        AUTO("auto"), BAR("bar"), LINES("lines");

        private final String key;

        Progress(String key) {
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }
    }

    public LogSection {
        require(everySteps >= 1, "every_steps", everySteps, "must be at least 1");
        require(metrics != null && metrics.matches("[A-Za-z0-9._-]+"), "metrics", metrics,
                "must be a plain file name such as metrics.csv");
        require(reconstructEvery >= 0, "reconstruct_every", reconstructEvery, "must not be negative (0 = at the end)");
        require(reconstructClips >= 0 && reconstructClips <= 64, "reconstruct_clips", reconstructClips,
                "must be in [0, 64] (0 = no pictures)");
    }

    static LogSection read(Section s) {
        int every = s.integer("every_steps", 20);
        String metrics = s.string("metrics", "metrics.csv");
        Progress progress = s.choice("progress", Progress.class, Progress.AUTO);
        boolean plots = s.bool("plots", true);
        int reconstructEvery = s.integer("reconstruct_every", 0);
        int reconstructClips = s.integer("reconstruct_clips", 4);
        s.finish();
        return s.build(() -> new LogSection(every, metrics, progress, plots, reconstructEvery, reconstructClips));
    }
}
