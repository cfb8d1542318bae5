package org.tubelet.run;

import java.nio.file.Path;
import java.util.List;
import org.tubelet.datasets.video.UnreadableVideo;
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
 * @param skipped        the unreadable videos skipped since the run began (listed in the run folder's
 *                       {@value SkippedVideos#FILE}), sorted by path
 */
public record TrainResult(String name, long steps, String stopReason, EvalResult lastEval, Path bestCheckpoint,
                          Path runDir, List<String> files, double seconds, List<UnreadableVideo> skipped) {
    public TrainResult {
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
    }
}
