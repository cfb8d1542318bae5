package org.tubelet.recipe;

import static org.tubelet.models.ConfigException.require;

import java.util.List;

/**
 * {@code schedule:} the learning rate, per optimiser step: linear warmup from 0, then cosine decay to {@code min_lr}
 * at the last step, a constant rate, or step decay (the rate times {@code gamma} at each milestone epoch).
 *
 * @param name cosine, constant or steps
 * @param warmupSteps warmup length in optimiser steps (ignored when {@code warmup_epochs} is set)
 * @param warmupEpochs warmup length in epochs, or null when given in steps
 * @param minLr learning rate at the end of the cosine (and the floor of step decay)
 * @param milestones epochs (ascending, may be fractional) at which step decay multiplies the rate by {@code gamma};
 *     null unless {@code name} is steps
 * @param gamma the step decay's factor per milestone; null unless {@code name} is steps
 */
public record ScheduleSection(Name name, int warmupSteps, Double warmupEpochs, double minLr, List<Double> milestones,
                             Double gamma) {

    /** Decay shapes. */
    public enum Name implements Section.Choice {
        COSINE("cosine"), CONSTANT("constant"), STEPS("steps");

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
        boolean steps = name == Name.STEPS;
        require(steps == (milestones != null), "milestones", milestones,
                steps ? "must be given for name: steps (epochs, e.g. [11, 14])" : "are only read by name: steps");
        require(steps == (gamma != null), "gamma", gamma, "is only read by name: steps");
        if (steps) {
            milestones = List.copyOf(milestones);
            require(!milestones.isEmpty(), "milestones", milestones, "must list at least one epoch");
            for (int i = 0; i < milestones.size(); i++) {
                require(milestones.get(i) > 0 && (i == 0 || milestones.get(i) > milestones.get(i - 1)), "milestones",
                        milestones, "must be positive and strictly increasing");
            }
            require(gamma > 0 && gamma <= 1, "gamma", gamma, "must be in (0, 1]");
        }
    }

    static ScheduleSection read(Section s) {
        Name name = s.choice("name", Name.class, Name.COSINE);
        int warmup = s.integer("warmup_steps", 0, 0);
        Double warmupEpochs = s.number("warmup_epochs").orElse(null);
        double minLr = s.number("min_lr", 0.0);
        List<Double> milestones = s.numbers("milestones").orElse(null);
        Double gamma = s.number("gamma").orElse(name == Name.STEPS ? 0.1 : null);
        s.finish();
        return s.build(() -> new ScheduleSection(name, warmup, warmupEpochs, minLr, milestones, gamma));
    }
}
