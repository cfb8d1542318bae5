package org.tubelet.recipe;

import static org.tubelet.models.ConfigException.require;

import org.tubelet.models.videomae.MaskingStrategy;
import org.tubelet.train.optim.WeightEma;

/**
 * {@code train:} how long and how.
 *
 * @param epochs passes over the training set (used when {@code max_steps} is 0)
 * @param maxSteps optimiser steps; when > 0 it overrides {@code epochs}
 * @param seed seeds initialisation, data order, augmentation, dropout and masks
 * @param labelSmoothing cross-entropy label smoothing (classification)
 * @param evalEvery evaluate every N optimiser steps (0 = only at the end of each epoch)
 * @param evalAtEnd evaluate once more after the last step
 * @param maskRatio fraction of tubes masked per clip (pretraining)
 * @param maskType how the masked tokens are chosen (pretraining): {@code tube} (the paper's: the same spatial
 *     positions at every temporal index) or {@code random} (any tokens, the same count per clip)
 * @param earlyStopPatience stop after this many evaluations without improvement of {@code checkpoint.keep_best}'s
 *     metric (0 = never)
 * @param ema {@code train.ema:} an exponential moving average of the weights ({@code decay}, {@code every_steps},
 *     {@code eval}), or null (no {@code ema} section) for none
 */
public record TrainSection(int epochs, long maxSteps, long seed, double labelSmoothing, int evalEvery,
                           boolean evalAtEnd, double maskRatio, MaskingStrategy maskType,
                           int earlyStopPatience, WeightEma.Settings ema) {

    public TrainSection {
        require(epochs >= 1, "epochs", epochs, "must be at least 1");
        require(maxSteps >= 0, "max_steps", maxSteps, "must not be negative (0 = use epochs)");
        require(labelSmoothing >= 0 && labelSmoothing < 1, "label_smoothing", labelSmoothing, "must be in [0, 1)");
        require(evalEvery >= 0, "eval_every", evalEvery, "must not be negative (0 = once per epoch)");
        require(maskRatio > 0 && maskRatio < 1, "mask_ratio", maskRatio, "must be in (0, 1)");
        require(maskType != null, "mask_type", maskType, "expected tube or random");
        require(earlyStopPatience >= 0, "early_stop_patience", earlyStopPatience, "must not be negative");
    }

    static TrainSection read(Section s) {
        int epochs = s.integer("epochs", 10);
        long maxSteps = s.longValue("max_steps").orElse(0L);
        long seed = s.longValue("seed").orElse(0L);
        double smoothing = s.number("label_smoothing", 0.0);
        int evalEvery = s.integer("eval_every", 0);
        boolean evalAtEnd = s.bool("eval_at_end", true);
        double maskRatio = s.number("mask_ratio", 0.9);
        MaskingStrategy maskType = s.choice("mask_type", MaskingStrategy.class, MaskingStrategy.TUBE);
        int patience = s.integer("early_stop_patience", 0);
        WeightEma.Settings ema = s.has("ema") ? ema(s.section("ema")) : null;
        s.finish();
        return s.build(() -> new TrainSection(epochs, maxSteps, seed, smoothing, evalEvery, evalAtEnd, maskRatio,
                maskType, patience, ema));
    }

    private static WeightEma.Settings ema(Section s) {
        double decay = s.number("decay", 0.9999);
        int every = s.integer("every_steps", 1);
        boolean eval = s.bool("eval", true);
        s.finish();
        return s.build(() -> new WeightEma.Settings(decay, every, eval));
    }
}
