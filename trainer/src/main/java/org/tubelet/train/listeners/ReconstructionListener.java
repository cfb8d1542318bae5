package org.tubelet.train.listeners;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tubelet.engine.GraphSessions;
import org.tubelet.train.eval.MaskedReconstruction;
import org.tubelet.train.loop.StepResult;
import org.tubelet.train.loop.TrainContext;
import org.tubelet.train.loop.TrainListener;

/**
 * VideoMAE pretraining: draws the reconstructions of a fixed set of clips under their fixed masks
 * ({@link MaskedReconstruction}, the same clips and masks every time) every {@code everySteps} optimiser steps and
 * after the last one, as {@link ReconstructionGrid} pictures in {@code <run>/reconstructions/step-NNNNNNNN.png}.
 */
public final class ReconstructionListener implements TrainListener {
    /** The run-folder sub-folder (and image tag) of the pictures. */
    public static final String TAG = "reconstructions";
    private static final Logger LOG = LogManager.getLogger(ReconstructionListener.class);

    private final MaskedReconstruction.Clips clips;
    private final boolean[][] masks;
    private final ReconstructionGrid grid;
    private final RunImages images;
    private final int everySteps;
    private final String source;
    private long lastDrawn = -1;

    /**
     * @param clips      the clips to show
     * @param masking    their fixed masks
     * @param grid       how to draw them
     * @param images     where pictures go
     * @param everySteps draw every N steps (0 = only at the end)
     * @param source     what the clips are, for the caption (e.g. "validation clips")
     */
    public ReconstructionListener(MaskedReconstruction.Clips clips, MaskedReconstruction masking,
                                  ReconstructionGrid grid, RunImages images, int everySteps, String source) {
        this.clips = clips;
        this.masks = clips.masks(masking);
        this.grid = grid;
        this.images = images;
        this.everySteps = everySteps;
        this.source = source;
    }

    @Override
    public void onStep(TrainContext ctx, StepResult step) throws Exception {
        if (everySteps > 0 && step.step() % everySteps == 0) {
            draw(ctx);
        }
    }

    @Override
    public void onEnd(TrainContext ctx, Throwable failure) throws Exception {
        if (failure == null && ctx.step() > 0 && lastDrawn != ctx.step()) {
            draw(ctx);
        }
    }

    private void draw(TrainContext ctx) throws Exception {
        MaskedReconstruction.Output out = MaskedReconstruction.run(ctx.graph(), clips.pixels(), masks);
        BufferedImage img = grid.draw(clips.pixels(), masks, out.predictions(), String.format(Locale.ROOT,
                "step %d: %s (videos %s), their loss %.4f", ctx.step(), source,
                java.util.Arrays.toString(clips.videoIds()), out.loss()));
        GraphSessions.freeInferenceMemory(ctx.graph().sd());
        Path file = images.write(TAG, ctx.step(), img);
        lastDrawn = ctx.step();
        LOG.debug("reconstructions @ step {}: {}", ctx.step(), file);
    }
}
