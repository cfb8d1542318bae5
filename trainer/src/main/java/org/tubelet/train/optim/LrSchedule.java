package org.tubelet.train.optim;

import static org.tubelet.models.ConfigException.require;

import java.util.List;

/**
 * Learning rate per optimiser step: linear warmup from 0 to {@code peak} over {@code warmup} steps, then one of
 * three decays ({@link Decay}): cosine to {@code min} at step {@code total}, constant at {@code peak}, or steps
 * (the rate is multiplied by {@code gamma} at each milestone step, as TimeSformer's and SlowFast's
 * {@code steps_with_relative_lrs} policy does).
 *
 * @param milestones optimiser steps (ascending; equal steps apply their factors together) at which a step decay
 *     multiplies the rate by {@code gamma}; empty for the other decays
 */
public record LrSchedule(double peak, double min, long warmup, long total, Decay decay, List<Long> milestones,
                         double gamma) {

    /** The shape of the schedule after warmup. */
    public enum Decay { COSINE, CONSTANT, STEPS }

    public LrSchedule {
        require(peak > 0, "lr", peak, "must be positive");
        require(min >= 0 && min <= peak, "min_lr", min, "must be in [0, lr = " + peak + "]");
        require(warmup >= 0, "warmup_steps", warmup, "must not be negative");
        require(total >= 1, "total steps", total, "must be at least 1");
        require(gamma > 0 && gamma <= 1, "gamma", gamma, "must be in (0, 1]");
        milestones = List.copyOf(milestones);
        require(decay == Decay.STEPS || milestones.isEmpty(), "milestones", milestones,
                "are only used by the steps decay");
        for (int i = 0; i < milestones.size(); i++) {
            require(milestones.get(i) > 0 && (i == 0 || milestones.get(i) >= milestones.get(i - 1)), "milestones",
                    milestones, "must be positive and ascending");
        }
    }

    /** Warmup then cosine decay ({@code cosine = true}) or a constant rate. */
    public LrSchedule(double peak, double min, long warmup, long total, boolean cosine) {
        this(peak, min, warmup, total, cosine ? Decay.COSINE : Decay.CONSTANT, List.of(), 1.0);
    }

    /** The rate used by update number {@code step} (0-based). */
    public double at(long step) {
        if (step < warmup) {
            return peak * (step + 1) / (double) warmup;
        }
        return switch (decay) {
            case CONSTANT -> peak;
            case STEPS -> {
                double lr = peak;
                for (long m : milestones) {
                    if (step >= m) {
                        lr *= gamma;
                    }
                }
                yield Math.max(min, lr);
            }
            case COSINE -> {
                long span = Math.max(1, total - warmup);
                double progress = Math.min(1.0, (step - warmup) / (double) span);
                yield min + 0.5 * (peak - min) * (1 + Math.cos(Math.PI * progress));
            }
        };
    }
}
