package org.tubelet.cli;

import org.tubelet.train.checkpoint.Checkpoints;

/** {@code --weights raw|ema|auto} of export and eval, as the option spells it. */
enum WeightsOption {
    auto(Checkpoints.Weights.AUTO), ema(Checkpoints.Weights.EMA), raw(Checkpoints.Weights.RAW);

    final Checkpoints.Weights weights;

    WeightsOption(Checkpoints.Weights weights) {
        this.weights = weights;
    }
}
