package org.tubelet.train.listeners;

import java.nio.file.Path;
import org.tubelet.train.eval.EvalResult;
import org.tubelet.train.loop.TrainContext;
import org.tubelet.train.loop.TrainListener;

/** Redraws the PNG plots after each evaluation and at the end. */
public final class PlotListener implements TrainListener {
    private final Path dir;

    public PlotListener(Path dir) {
        this.dir = dir;
    }

    @Override
    public void onEvaluation(TrainContext ctx, EvalResult result) throws Exception {
        Plots.write(dir, ctx.metrics());
    }

    @Override
    public void onEnd(TrainContext ctx, Throwable failure) throws Exception {
        Plots.write(dir, ctx.metrics());
    }
}
