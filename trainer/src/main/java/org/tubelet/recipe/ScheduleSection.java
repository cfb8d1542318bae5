package org.tubelet.recipe;

import static org.tubelet.models.ConfigException.require;

/**
 * {@code schedule:} the learning rate, per optimiser step: linear warmup from 0, then cosine (or constant) decay to
 * {@code min_lr} at the last step.
 *
 * @param name cosine or constant
 * @param warmupSteps warmup length in optimiser steps (ignored when {@code warmup_epochs} is set)
 * @param warmupEpochs warmup length in epochs, or null when given in steps
 * @param minLr learning rate at the end of the cosine
 */
public record ScheduleSection(Name name, int warmupSteps, Double warmupEpochs, double minLr) {

    /** Decay shapes. */
    public enum Name implements Section.Choice {
        COSINE("cosine"), CONSTANT("constant");

        private final String key;

        Name(String key) {
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }
    }

    public ScheduleSection {
        require(warmupSteps >= 0, "warmup_steps", warmupSteps, "must not be negative");
        require(warmupEpochs == null || warmupEpochs >= 0, "warmup_epochs", warmupEpochs, "must not be negative");
        require(minLr >= 0, "min_lr", minLr, "must not be negative");
    }

    static ScheduleSection read(Section s) {
        Name name = s.choice("name", Name.class, Name.COSINE);
        int warmup = s.integer("warmup_steps", 0, 0);
        Double warmupEpochs = s.number("warmup_epochs").orElse(null);
        double minLr = s.number("min_lr", 0.0);
        s.finish();
        return s.build(() -> new ScheduleSection(name, warmup, warmupEpochs, minLr));
    }
}
