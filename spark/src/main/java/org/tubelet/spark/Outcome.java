package org.tubelet.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import org.tubelet.datasets.video.DecodeFailure;
import org.tubelet.datasets.video.UnreadableVideo;
import org.tubelet.run.TrainResult;
import org.tubelet.train.eval.EvalResult;

/** Rank 0's {@link TrainResult} (its skipped videos as path, reason, detail) as it travels from the training task to the driver (plain serialisable values). */
record Outcome(String name, long steps, String stopReason, double[] eval, long[][] confusion, int[] evalCounts,
               List<String> classNames, String bestCheckpoint, String runDir, List<String> files, double seconds,
               String reduceSummary, List<String[]> skipped) implements Serializable {

    static Outcome of(TrainResult r, String reduceSummary) {
        EvalResult e = r.lastEval();
        return new Outcome(r.name(), r.steps(), r.stopReason(),
                e == null ? null : new double[]{e.top1(), e.top5(), e.meanClassAccuracy(), e.loss()},
                e == null ? null : e.confusion(), e == null ? null : new int[]{e.videos(), e.viewsPerVideo()},
                e == null ? null : List.copyOf(e.classNames()),
                r.bestCheckpoint() == null ? null : r.bestCheckpoint().toString(), r.runDir().toString(),
                List.copyOf(r.files()), r.seconds(), reduceSummary, r.skipped().stream()
                        .map(u -> new String[]{u.path().toString(), u.reason().name(), u.detail()}).toList());
    }

    TrainResult result() {
        EvalResult e = eval == null ? null : new EvalResult(eval[0], eval[1], eval[2], eval[3], confusion,
                evalCounts[0], evalCounts[1], classNames);
        return new TrainResult(name, steps, stopReason, e, bestCheckpoint == null ? null : Path.of(bestCheckpoint),
                Path.of(runDir), files, seconds, skipped.stream()
                .map(u -> new UnreadableVideo(Path.of(u[0]), DecodeFailure.valueOf(u[1]), u[2])).toList());
    }
}
