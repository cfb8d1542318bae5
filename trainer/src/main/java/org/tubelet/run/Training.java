package org.tubelet.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tubelet.datasets.video.UnreadableVideo;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.io.Safetensors;
import org.tubelet.models.Architecture;
import org.tubelet.models.InputSize;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.videomae.TubeMaskGenerator;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.models.zoo.Models;
import org.tubelet.recipe.CheckpointSection;
import org.tubelet.recipe.LogSection;
import org.tubelet.recipe.Recipe;
import org.tubelet.recipe.ScheduleSection;
import org.tubelet.recipe.Task;
import org.tubelet.train.checkpoint.CheckpointListener;
import org.tubelet.train.checkpoint.Checkpoints;
import org.tubelet.train.data.RankShare;
import org.tubelet.train.eval.MaskedReconstruction;
import org.tubelet.train.listeners.EarlyStopping;
import org.tubelet.train.listeners.EvalListener;
import org.tubelet.train.listeners.MetricsListener;
import org.tubelet.train.listeners.PlotListener;
import org.tubelet.train.listeners.ProgressListener;
import org.tubelet.train.listeners.ReconstructionListener;
import org.tubelet.train.listeners.RunImages;
import org.tubelet.train.listeners.TensorBoardListener;
import org.tubelet.train.loop.GradientReducer;
import org.tubelet.train.loop.NonFiniteLossException;
import org.tubelet.train.loop.Objective;
import org.tubelet.train.loop.TrainContext;
import org.tubelet.train.loop.Trainer;
import org.tubelet.train.optim.LayerIds;
import org.tubelet.train.optim.LrSchedule;
import org.tubelet.train.optim.Optimizer;
import org.tubelet.train.optim.Param;
import org.tubelet.train.optim.ParamGroups;
import org.tubelet.train.optim.WeightEma;

/**
 * One training run of a recipe ({@code train --recipe R}): data, model, objective, optimiser, schedule and listeners,
 * resumed from the run folder's newest checkpoint when there is one ({@code checkpoint.resume: auto}).
 */
public final class Training {
    /** The run folder's description of the parameter groups: layer ids, lr scales, weight decay. */
    public static final String PARAM_GROUPS = "param_groups.json";
    private static final Logger LOG = LogManager.getLogger(Training.class);
    /** The run folder's sub-folder of TensorBoard event files ({@code log.tensorboard}). */
    public static final String TENSORBOARD_DIR = "tb";

    private Training() {
    }

    /**
     * Trains the recipe: from scratch, or from the run folder's newest checkpoint.
     *
     * @param r   the recipe
     * @param out where the progress lines go (the CLI's standard output)
     * @return what the run did and where its files are
     * @throws TrainingFailed when training stopped on a non-finite loss (the last good checkpoint is named)
     */
    public static TrainResult run(Recipe r, PrintStream out) throws Exception {
        return run(r, out, GradientReducer.SINGLE);
    }

    /**
     * Trains one replica of a data-parallel run ({@code distributed.workers} of them, see {@link GradientReducer}):
     * every rank builds the same model, resumes from the run folder's newest checkpoint (which all ranks must see),
     * reads its own share of each step's batches ({@link RankShare}) and applies the same update. Rank 0 alone
     * evaluates, prints progress, and writes checkpoints, metrics, plots and the run files; the others print nothing.
     *
     * @param replicas this rank and the way to the others ({@link GradientReducer#SINGLE} for one process)
     */
    public static TrainResult run(Recipe r, PrintStream out, GradientReducer replicas) throws Exception {
        if (replicas.ranks() != r.distributed().workers()) {
            throw new IllegalArgumentException(r.source() + ": distributed.workers = " + r.distributed().workers()
                    + " but " + replicas.ranks() + " replicas were started");
        }
        boolean lead = replicas.rank() == 0;
        if (!lead) {
            out = new PrintStream(java.io.OutputStream.nullOutputStream());
        }
        // Every checkpoint is an HF export; one line per checkpoint at INFO would drown the progress output.
        org.apache.logging.log4j.core.config.Configurator.setLevel(HfCheckpoint.class.getName(),
                org.apache.logging.log4j.Level.WARN);
        // The loader's per-epoch throughput line: the progress output already shows clips/s and data wait.
        org.apache.logging.log4j.core.config.Configurator.setLevel("org.tubelet.datasets.loader.Epoch",
                org.apache.logging.log4j.Level.WARN);
        Path runDir = Path.of(r.checkpoint().dir());
        Checkpoints store = new Checkpoints(runDir.resolve("checkpoints"));
        if (store.latest().isPresent() && r.checkpoint().resume() == CheckpointSection.Resume.NEVER) {
            throw new IllegalArgumentException(r.source() + ": checkpoint.resume = never but " + store.dir()
                    + " already holds checkpoints; set another checkpoint.dir, delete the folder, or resume: auto");
        }
        // A checkpoint whose files do not match their checksums is named, set aside and skipped for an older one.
        Optional<Path> resumeFrom = store.latestIntact(out::println);
        if (resumeFrom.isPresent()) {
            Checkpoints.requireResumable(resumeFrom.get());   // before anything is built or written
        }
        ModelConfig base = Wiring.baseConfig(r);
        boolean classify = r.task() == Task.CLASSIFICATION;
        boolean validate = lead && (classify || Datasets.hasValidation(r));   // pretraining: when there is a val file
        RankShare share = new RankShare(replicas.rank(), replicas.ranks(), r.optim().accumulateSteps());
        try (DataSources data = Datasets.open(r, base, true, validate, r.data().evalViews(), share)) {
            ModelConfig config = classify ? Wiring.withLabels(base, data.classNames()) : base;
            Architecture arch = Wiring.architecture(r, config);
            TubeMaskGenerator masks = classify ? null : Wiring.masks(r, config);
            int masked = masks == null ? 0 : masks.maskedPerClip();
            ModelGraph g = resumeFrom.isPresent() ? Models.build(config, arch, InputSize.of(config), masked)
                    : Wiring.model(r, config, arch, masked);
            if (resumeFrom.isPresent()) {
                // Weights go in before anything derives from the graph (its gradient function, the engines):
                // measured, setting them afterwards made the second step after a resume use stale arrays.
                Path weights = resumeFrom.get().resolve(HfCheckpoint.WEIGHTS);
                HfCheckpoint.loadWeights(g, Safetensors.read(weights).tensors(), weights.toString());
            }
            Objective objective = !classify ? Objective.pretraining(g, masks, r.train().seed())
                    : r.data().mixup().enabled() ? Objective.softTargets(g)     // smoothing is in the mixed targets
                    : Objective.classification(g, r.train().labelSmoothing());
            Optimizer optimizer = Wiring.optimizer(r.optim());

            int batchesPerEpoch = data.train().batchesPerEpoch();
            int accumulate = r.optim().accumulateSteps() * replicas.ranks();     // micro-batches of a global step
            long stepsPerEpoch = Math.max(1, batchesPerEpoch / accumulate);
            long total = r.train().maxSteps() > 0 ? r.train().maxSteps() : r.train().epochs() * stepsPerEpoch;
            LrSchedule schedule = schedule(r, stepsPerEpoch, total);
            TrainContext ctx = new TrainContext(g, optimizer, batchesPerEpoch, accumulate, total, r.train().seed());

            String recipeYaml = r.toYaml();
            java.util.Map<String, String> modelFiles = java.util.Map.of(
                    Checkpoints.PREPROCESSOR, Wiring.processor(r.data().processor(), config).toJson(),
                    Checkpoints.SAMPLER, Wiring.samplerJson(config.numFrames(), r.data().sampler()));
            CheckpointSection cs = r.checkpoint();
            // pretraining has one validation metric: its reconstruction loss
            String metric = cs.keepsBest() && (classify || (data.val() != null && "val_loss".equals(cs.keepBest())))
                    ? cs.keepBest() : null;
            CheckpointListener checkpoints = new CheckpointListener(store, cs.everySteps(), cs.keepLast(), metric,
                    cs.higherIsBetter(), r.optim().name().key(), recipeYaml, modelFiles);
            List<Param> params = ParamGroups.of(g, r.optim().noWeightDecay(), r.optim().layerDecay());
            WeightEma ema = r.train().ema() == null ? null : new WeightEma(r.train().ema(), params);
            ctx.keepEma(ema);
            if (resumeFrom.isPresent()) {
                resume(resumeFrom.get(), g, optimizer, ctx, checkpoints, r, recipeYaml, out);
            } else {
                out.printf(Locale.ROOT, "%s: %s, %,d parameters, %s; %s%s%s%n", r.name(), arch.hfClass(),
                        g.layout().parameterCount(), classify ? config.meta().numLabels() + " classes"
                                : "masking " + masked + " of " + masks.tokens() + " tokens per clip", optimizer,
                        r.optim().layerDecay() < 1 ? ", layer decay " + r.optim().layerDecay() : "",
                        ema == null ? "" : ", " + ema);
            }
            if (lead) {
                Files.createDirectories(runDir);
                org.tubelet.io.AtomicFiles.writeString(runDir.resolve("recipe.yaml"), recipeYaml);
                org.tubelet.io.AtomicFiles.writeString(runDir.resolve(PARAM_GROUPS), ParamGroups.json(params,
                        LayerIds.of(g), r.optim().layerDecay(), r.optim().lr(), r.schedule().minLr(),
                        r.optim().weightDecay()));
            }

            Trainer trainer = new Trainer(objective, data.train(), optimizer, schedule, params,
                    r.optim().clipGradNorm(), ctx);
            if (replicas.ranks() > 1) {
                trainer.replicate(replicas);
            }
            MaskedReconstruction masking = classify ? null : new MaskedReconstruction(masks, r.train().seed());
            if (data.val() != null) {
                trainer.listen(classify
                        ? new EvalListener(data.val(), r.train().evalEvery(), r.train().evalAtEnd(), runDir)
                        : new EvalListener(model -> masking.evaluate(model, data.val()), r.train().evalEvery(),
                                r.train().evalAtEnd(), runDir));
            }
            TensorBoardListener tensorBoard = lead && r.log().tensorboard()
                    ? new TensorBoardListener(runDir.resolve(TENSORBOARD_DIR), recipeYaml) : null;
            if (lead && !classify && r.log().reconstructClips() > 0) {
                RunImages images = new RunImages(runDir);
                if (tensorBoard != null) {
                    images.alsoTo(tensorBoard);
                }
                trainer.listen(Reconstructions.listener(r, (VideoMaeConfig) config, data, masking, images));
            }
            if (lead) {
                listen(trainer, r, checkpoints, metric, runDir, out);
            }
            if (tensorBoard != null) {              // after the picture listener: its last picture precedes the close
                trainer.listen(tensorBoard);
            }
            long started = System.nanoTime();
            List<UnreadableVideo> skipped;
            try {
                trainer.run();
            } catch (NonFiniteLossException e) {
                Path good = checkpoints.lastWritten();
                throw new TrainingFailed("stopped: " + e.getMessage() + ". Last good checkpoint: "
                        + (good == null ? "none yet" : good) + ". Lower optim.lr, set optim.clip_grad_norm, or check "
                        + "that batch's videos.", e);
            } finally {
                skipped = lead ? recordSkipped(runDir, data) : List.of();   // rank 0 writes the run folder
            }
            List<String> files = new ArrayList<>(List.of(r.log().metrics(), "recipe.yaml", PARAM_GROUPS,
                    "checkpoints/"));
            if (!skipped.isEmpty()) {
                files.add(SkippedVideos.FILE);
            }
            if (r.log().plots()) {
                files.addAll(List.of("loss.png", "lr.png"));
                if (ctx.lastEval() != null && ctx.lastEval().hasAccuracy()) {
                    files.addAll(List.of("accuracy.png", "confusion.csv"));
                }
            }
            if (!classify && r.log().reconstructClips() > 0) {
                files.add(ReconstructionListener.TAG + "/");
            }
            if (r.log().tensorboard()) {
                files.add(TENSORBOARD_DIR + "/");
            }
            Path best = checkpoints.bestStep() < 0 ? null
                    : runDir.resolve("checkpoints").resolve(Checkpoints.folderName(checkpoints.bestStep()));
            return new TrainResult(r.name(), ctx.step(), ctx.stopReason(), ctx.lastEval(), best,
                    runDir.toAbsolutePath().normalize(), files, (System.nanoTime() - started) / 1e9, skipped);
        }
    }

    /**
     * Lists the videos the training and validation loaders skipped in the run folder's {@value SkippedVideos#FILE}
     * (with those of the runs this one resumed) and logs how many and which. A failure to write the list (a full
     * disk) is logged, never thrown: it must not hide why the run stopped.
     */
    private static List<UnreadableVideo> recordSkipped(Path runDir, DataSources data) {
        List<UnreadableVideo> found = new ArrayList<>(data.train().unreadable());
        if (data.val() != null) {
            found.addAll(data.val().unreadable());
        }
        List<UnreadableVideo> all;
        try {
            all = SkippedVideos.record(runDir, found);
        } catch (java.io.IOException e) {
            LOG.warn("could not write {}: {}", runDir.resolve(SkippedVideos.FILE), e.toString());
            all = found;
        }
        if (!all.isEmpty()) {
            LOG.warn("{} unreadable video(s) skipped (listed in {}): {}", all.size(), runDir.resolve(SkippedVideos.FILE),
                    all.stream().map(u -> u.path().toString()).collect(java.util.stream.Collectors.joining(", ")));
        }
        return all;
    }

    /**
     * What a data-parallel run does once before its replicas start: writes the recipe's generated dataset when it is
     * missing ({@code data.generate}), so that the replicas do not all write it at the same time.
     */
    public static void prepareData(Recipe r) throws IOException {
        if (r.data().format() != org.tubelet.recipe.DataSection.Format.SYNTHETIC) {
            VideoData.generateIfMissing(r.data());
        }
    }

    /** Rank 0's (or the single process's) listeners that write: checkpoints, metrics, progress, plots. */
    private static void listen(Trainer trainer, Recipe r, CheckpointListener checkpoints, String metric, Path runDir,
                               PrintStream out) {
        trainer.listen(checkpoints);
        if (metric != null && r.train().earlyStopPatience() > 0) {
            trainer.listen(new EarlyStopping(metric, r.checkpoint().higherIsBetter(), r.train().earlyStopPatience()));
        }
        trainer.listen(new MetricsListener(runDir.resolve(r.log().metrics())));
        boolean bar = r.log().progress() == LogSection.Progress.BAR
                || (r.log().progress() == LogSection.Progress.AUTO && System.console() != null);
        trainer.listen(new ProgressListener(out, bar, r.log().everySteps()));
        if (r.log().plots()) {
            trainer.listen(new PlotListener(runDir));
        }
    }

    /** Training failed in a way the user should read about (exit code 1, no stack trace). */
    public static final class TrainingFailed extends RuntimeException {
        TrainingFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static LrSchedule schedule(Recipe r, long stepsPerEpoch, long total) {
        ScheduleSection s = r.schedule();
        long warmup = s.warmupEpochs() != null ? Math.round(s.warmupEpochs() * stepsPerEpoch) : s.warmupSteps();
        if (warmup >= total) {
            throw new IllegalArgumentException(r.source() + ": schedule warmup (" + warmup + " steps) must be shorter "
                    + "than the run (" + total + " steps)");
        }
        if (s.minLr() > r.optim().lr()) {
            throw new IllegalArgumentException(r.source() + ": schedule.min_lr = " + s.minLr() + " is above optim.lr = "
                    + r.optim().lr());
        }
        List<Long> milestones = s.milestones() == null ? List.of()                   // epochs → optimiser steps
                : s.milestones().stream().map(e -> Math.max(1, Math.round(e * stepsPerEpoch))).toList();
        LrSchedule.Decay decay = switch (s.name()) {
            case COSINE -> LrSchedule.Decay.COSINE;
            case CONSTANT -> LrSchedule.Decay.CONSTANT;
            case STEPS -> LrSchedule.Decay.STEPS;
        };
        return new LrSchedule(r.optim().lr(), s.minLr(), warmup, total, decay, milestones,
                s.gamma() == null ? 1.0 : s.gamma());
    }

    private static void resume(Path checkpoint, ModelGraph g, Optimizer optimizer, TrainContext ctx,
                               CheckpointListener checkpoints, Recipe r, String recipeYaml, PrintStream out)
            throws Exception {
        Checkpoints.Loaded l = Checkpoints.read(checkpoint);
        optimizer.loadState(l.optimizerState());
        resumeEma(ctx.ema(), l, g);
        ctx.resumeAt(l.state().step(), l.metrics());
        checkpoints.restore(l.state(), checkpoint);
        if (l.state().batchesPerEpoch() != ctx.batchesPerEpoch() || l.state().accumulate() != ctx.accumulate()
                || l.state().seed() != ctx.seed()) {
            LOG.warn("The data, accumulation or seed changed since {} was written (batches/epoch {} → {}, "
                            + "accumulation {} → {}, seed {} → {}): the resumed run will not repeat the original exactly",
                    checkpoint, l.state().batchesPerEpoch(), ctx.batchesPerEpoch(), l.state().accumulate(),
                    ctx.accumulate(), l.state().seed(), ctx.seed());
        } else if (l.recipeYaml() != null && !withoutHeader(l.recipeYaml()).equals(withoutHeader(recipeYaml))) {
            LOG.warn("The recipe differs from the one {} was trained with (see its recipe.yaml); continuing with the "
                    + "current one", checkpoint);
        }
        out.printf(Locale.ROOT, "%s: resuming from %s (step %d of %d)%n", r.name(), checkpoint, l.state().step(),
                ctx.totalSteps());
    }

    /** The moving average continues from the checkpoint's; a run that turned it on or off since is told so. */
    private static void resumeEma(WeightEma ema, Checkpoints.Loaded l, ModelGraph g) {
        if (ema != null && l.emaWeights() != null) {
            ema.load(l.emaWeights(), g, l.dir().resolve(Checkpoints.EMA).toString());
        } else if (ema != null) {
            LOG.warn("{} holds no moving average of the weights (train.ema was off): the average starts from its "
                    + "weights", l.dir());
        } else if (l.emaWeights() != null) {
            LOG.warn("{} holds a moving average of the weights but train.ema is now off: it is not continued",
                    l.dir());
        }
    }

    private static String withoutHeader(String yaml) {
        return yaml.lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
    }
}
