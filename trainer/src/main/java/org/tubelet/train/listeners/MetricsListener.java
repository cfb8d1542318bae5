package org.tubelet.train.listeners;

import java.nio.file.Path;
import java.util.List;
import org.tubelet.train.eval.EvalResult;
import org.tubelet.train.loop.MetricsRow;
import org.tubelet.train.loop.StepResult;
import org.tubelet.train.loop.TrainContext;
import org.tubelet.train.loop.TrainListener;

/**
 * Keeps {@code metrics.csv} equal to the run's metrics rows, in their order: every step and evaluation is appended as
 * it happens; on start (and on resume) the file is rewritten with the rows so far, dropping anything a killed process
 * wrote after its last checkpoint.
 */
public final class MetricsListener implements TrainListener {
    private final Path file;
    private MetricsCsv csv;
    private int written;

    public MetricsListener(Path file) {
        this.file = file;
    }

    @Override
    public void onStart(TrainContext ctx) throws Exception {
        csv = MetricsCsv.open(file, ctx.metrics());
        written = ctx.metrics().size();
    }

    @Override
    public void onStep(TrainContext ctx, StepResult step) throws Exception {
        flush(ctx);
    }

    @Override
    public void onEvaluation(TrainContext ctx, EvalResult result) throws Exception {
        flush(ctx);
    }

    private void flush(TrainContext ctx) throws Exception {
        List<MetricsRow> rows = ctx.metrics();
        while (written < rows.size()) {
            csv.append(rows.get(written++));
        }
    }

    @Override
    public void onEnd(TrainContext ctx, Throwable failure) throws Exception {
        if (csv != null) {
            flush(ctx);
            csv.close();
        }
    }
}
