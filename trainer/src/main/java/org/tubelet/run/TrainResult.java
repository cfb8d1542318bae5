package org.tubelet.run;

import java.nio.file.Path;
import java.util.List;
import org.tubelet.train.eval.EvalResult;

/**
 * What a training run did.
 *
 * @param name           the recipe's name
 * @param steps          optimiser steps done (in all, a resumed run included)
 * @param stopReason     why it stopped before the planned steps (early stopping), or null
 * @param lastEval       the last validation result, or null without validation
 * @param bestCheckpoint the best checkpoint by {@code checkpoint.keep_best}, or null
 * @param runDir         the run folder (absolute)
 * @param files          what the run folder holds, relative names
 * @param seconds        wall time of this process's training
 */
public record TrainResult(String name, long steps, String stopReason, EvalResult lastEval, Path bestCheckpoint,
                          Path runDir, List<String> files, double seconds) {
    public TrainResult {
        files = List.copyOf(files);
    }
}
