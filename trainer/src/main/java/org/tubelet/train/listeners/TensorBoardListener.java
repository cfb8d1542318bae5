package org.tubelet.train.listeners;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.tubelet.io.tensorboard.EventFileWriter;
import org.tubelet.train.eval.EvalResult;
import org.tubelet.train.loop.MetricsRow;
import org.tubelet.train.loop.StepResult;
import org.tubelet.train.loop.TrainContext;
import org.tubelet.train.loop.TrainListener;

/**
 * Writes the run for TensorBoard into one new event file per start of the run ({@code <run>/tb/}): every value of
 * every metrics row as a scalar tagged {@code train/<metrics.csv column>} or {@code val/<column without "val_">}
 * ({@link #TAGS}; a pretraining run's {@code val/loss} is its validation reconstruction loss), the confusion matrix
 * of each classification evaluation as an image ({@code val/confusion_matrix}), every picture the run draws through
 * {@link RunImages} under its tag (the reconstruction grids: {@code reconstructions}) and the resolved recipe as text
 * ({@code recipe}). A resumed run marks its first new step as a restart, so TensorBoard
 * drops what a killed run wrote after the checkpoint.
 */
public final class TensorBoardListener implements TrainListener, RunImages.Sink {
    /** A scalar's tag and where its value comes from. */
    record Tag(String name, ToDoubleFunction<MetricsRow> value) {
    }

    /** One tag per {@code metrics.csv} column but the step. */
    static final List<Tag> TAGS = List.of(
            new Tag("train/epoch", MetricsRow::epoch),
            new Tag("train/lr", MetricsRow::lr),
            new Tag("train/loss", MetricsRow::loss),
            new Tag("train/grad_norm", MetricsRow::gradNorm),
            new Tag("train/clips_per_s", MetricsRow::clipsPerS),
            new Tag("train/data_wait_ms", MetricsRow::dataWaitMs),
            new Tag("train/step_ms", MetricsRow::stepMs),
            new Tag("val/loss", MetricsRow::valLoss),
            new Tag("val/top1", MetricsRow::valTop1),
            new Tag("val/top5", MetricsRow::valTop5),
            new Tag("val/mean_class_acc", MetricsRow::valMeanClassAcc));
    public static final String CONFUSION_TAG = "val/confusion_matrix";
    public static final String RECIPE_TAG = "recipe";

    private final Path dir;
    private final String recipeYaml;
    private EventFileWriter writer;
    private int written;

    /**
     * @param dir        the folder of the event files (created)
     * @param recipeYaml the resolved recipe, shown in the Text tab
     */
    public TensorBoardListener(Path dir, String recipeYaml) {
        this.dir = dir;
        this.recipeYaml = recipeYaml;
    }

    @Override
    public void onStart(TrainContext ctx) throws Exception {
        writer = EventFileWriter.create(dir);
        if (ctx.step() > 0) {
            writer.restart(ctx.step() + 1);
        }
        writer.text(RECIPE_TAG, ctx.step(), codeBlock(recipeYaml));
        written = ctx.metrics().size();
        writer.flush();
    }

    @Override
    public void onStep(TrainContext ctx, StepResult step) throws Exception {
        rows(ctx);
        writer.flush();
    }

    @Override
    public void onEvaluation(TrainContext ctx, EvalResult result) throws Exception {
        rows(ctx);
        if (result.hasAccuracy()) {
            writer.image(CONFUSION_TAG, ctx.step(), ConfusionImage.png(result));
        }
        writer.flush();
    }

    @Override
    public void image(String tag, long step, byte[] png) throws IOException {
        if (writer != null) {                     // pictures drawn before the start or after the end are not logged
            writer.image(tag, step, png);
            writer.flush();
        }
    }

    @Override
    public void onEnd(TrainContext ctx, Throwable failure) throws Exception {
        if (writer != null) {
            rows(ctx);
            writer.close();
            writer = null;
        }
    }

    private void rows(TrainContext ctx) throws IOException {
        List<MetricsRow> rows = ctx.metrics();
        while (written < rows.size()) {
            MetricsRow r = rows.get(written++);
            for (Tag t : TAGS) {
                double v = t.value().applyAsDouble(r);
                // an evaluation row repeats its step's epoch and lr: TensorBoard gets each (tag, step) once
                if (!Double.isNaN(v) && r.isEval() == t.name().startsWith("val/")) {
                    writer.scalar(t.name(), r.step(), v);
                }
            }
        }
    }

    /** Markdown that shows the text as it is: every line indented by four spaces. */
    static String codeBlock(String text) {
        return text.lines().map(l -> "    " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
