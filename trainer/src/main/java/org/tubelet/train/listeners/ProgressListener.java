package org.tubelet.train.listeners;

import java.io.PrintStream;
import java.util.Locale;
import org.tubelet.train.eval.EvalResult;
import org.tubelet.train.loop.StepResult;
import org.tubelet.train.loop.TrainContext;
import org.tubelet.train.loop.TrainListener;

/**
 * Shows progress: on a terminal a single self-updating line with a bar and the ETA; otherwise a plain log line every
 * {@code everySteps} steps (and for each evaluation).
 */
public final class ProgressListener implements TrainListener {
    private final PrintStream out;
    private final boolean bar;
    private final int everySteps;
    private long startNanos;
    private long startStep;
    private long lastDraw;
    private double lossEma = Double.NaN;

    public ProgressListener(PrintStream out, boolean bar, int everySteps) {
        this.out = out;
        this.bar = bar;
        this.everySteps = everySteps;
    }

    @Override
    public void onStart(TrainContext ctx) {
        startNanos = System.nanoTime();
        startStep = ctx.step();
        String from = ctx.step() == 0 ? "" : " (resuming at step " + ctx.step() + ")";
        out.printf(Locale.ROOT, "training %d steps, %d batches per epoch%s%n", ctx.totalSteps(),
                ctx.batchesPerEpoch(), from);
    }

    @Override
    public void onStep(TrainContext ctx, StepResult r) {
        lossEma = Double.isNaN(lossEma) ? r.loss() : 0.9 * lossEma + 0.1 * r.loss();
        long now = System.nanoTime();
        boolean last = r.step() == ctx.totalSteps();
        if (bar) {
            if (now - lastDraw > 250_000_000L || last) {
                lastDraw = now;
                out.print("\r" + line(ctx, r, now) + "\u001b[K");
                if (last) {
                    out.println();
                }
                out.flush();
            }
        } else if (r.step() % everySteps == 0 || last) {
            out.println(line(ctx, r, now));
        }
    }

    private String line(TrainContext ctx, StepResult r, long now) {
        double done = r.step() / (double) ctx.totalSteps();
        double elapsed = (now - startNanos) / 1e9;
        long stepsDone = r.step() - startStep;
        double eta = stepsDone == 0 ? 0 : elapsed / stepsDone * (ctx.totalSteps() - r.step());
        String head = bar ? barOf(done) + " " : "";
        String val = ctx.lastEval() == null ? "" : ctx.lastEval().hasAccuracy()
                ? String.format(Locale.ROOT, "  val top-1 %.1f%%", 100 * ctx.lastEval().top1())
                : String.format(Locale.ROOT, "  val loss %.4f", ctx.lastEval().loss());
        return String.format(Locale.ROOT,
                "%sstep %d/%d  epoch %.2f  loss %.4f  lr %.2e  %.1f clips/s  wait %.0f ms%s  elapsed %s  ETA %s",
                head, r.step(), ctx.totalSteps(), r.epoch(), lossEma, r.lr(), r.clipsPerSecond(), r.dataWaitMillis(),
                val, time(elapsed), time(eta));
    }

    @Override
    public void onEvaluation(TrainContext ctx, EvalResult result) {
        if (bar) {
            out.print("\r\u001b[K");
        }
        out.printf(Locale.ROOT, "eval @ step %d: %s%n", ctx.step(), result.summary());
    }

    @Override
    public void onEnd(TrainContext ctx, Throwable failure) {
        if (bar) {
            out.println();
        }
        if (ctx.stopReason() != null) {
            out.println(ctx.stopReason());
        }
    }

    private static String barOf(double done) {
        int width = 24;
        int full = (int) Math.round(done * width);
        return "[" + "#".repeat(full) + ".".repeat(width - full) + "] " + String.format(Locale.ROOT, "%3.0f%%",
                100 * done);
    }

    static String time(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
