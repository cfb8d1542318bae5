package org.tubelet.train.optim;

import static org.tubelet.models.ConfigException.require;

/**
 * Learning rate per optimiser step: linear warmup from 0 to {@code peak} over {@code warmup} steps, then cosine decay
 * to {@code min} at step {@code total} (or constant at {@code peak}).
 */
public record LrSchedule(double peak, double min, long warmup, long total, boolean cosine) {

    public LrSchedule {
        require(peak > 0, "lr", peak, "must be positive");
        require(min >= 0 && min <= peak, "min_lr", min, "must be in [0, lr = " + peak + "]");
        require(warmup >= 0, "warmup_steps", warmup, "must not be negative");
        require(total >= 1, "total steps", total, "must be at least 1");
    }

    /** The rate used by update number {@code step} (0-based). */
    public double at(long step) {
        if (step < warmup) {
            return peak * (step + 1) / (double) warmup;
        }
        if (!cosine) {
            return peak;
        }
        long span = Math.max(1, total - warmup);
        double progress = Math.min(1.0, (step - warmup) / (double) span);
        return min + 0.5 * (peak - min) * (1 + Math.cos(Math.PI * progress));
    }
}
