package org.tubelet.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.tubelet.datasets.Seeds;
import org.tubelet.datasets.synthetic.MovingShapes;
import org.tubelet.datasets.synthetic.SyntheticConfig;
import org.tubelet.datasets.video.VideoFormat;
import org.tubelet.io.AtomicFiles;
import org.tubelet.recipe.Recipe;
import org.tubelet.recipe.Recipes;

/**
 * The VideoMAE claim reproduced at demo size ({@code pretrain-demo}, {@code make pretrain-demo}): on generated videos
 * of several shapes moving one way ({@link MovingShapes.Renderer#SHAPES}; the class is the direction),
 * <ol>
 *   <li>pretrain a small VideoMAE on N unlabelled videos ({@value #PRETRAIN_RECIPE}, reading a list of bare paths),
 *   <li>fine-tune it with only k labelled videos per class ({@value #FINETUNE_RECIPE}),
 *   <li>fine-tune the same architecture from scratch with the same k videos, schedule and steps,
 *   <li>report the validation top-1 of both (after the last step) for every k and seed.
 * </ol>
 * The seed of a fine-tuning run picks its k videos per class (the k videos of a smaller k are among those of a larger
 * one), its head's (and the scratch model's) initialisation, data order and augmentation; the pretraining runs once.
 * The warm-ups scale with the steps (1/30 of the pretraining, 1/10 of a fine-tuning run). The generated videos are
 * kept in {@code <dir>/data} and reused by a later run with the same numbers; the runs in {@code <dir>/runs} start
 * afresh every time.
 */
public final class PretrainDemo {
    /** The pretraining recipe (bundled). */
    public static final String PRETRAIN_RECIPE = "videomae_pretrain_demo";
    /** The fine-tuning recipe (bundled); its preset gives the scratch model. */
    public static final String FINETUNE_RECIPE = "videomae_finetune_demo";
    /** The model preset both fine-tuning arms share. */
    public static final String PRESET = "videomae-demo";
    private static final int CLASSES = 4;

    private PretrainDemo() {
    }

    /**
     * What to run.
     *
     * @param dir            where data, runs and results go
     * @param unlabelled     N: videos to pretrain on (labels not read)
     * @param valVideos      validation videos (balanced over the classes)
     * @param shots          the k values: labelled videos per class
     * @param seeds          fine-tuning seeds
     * @param pretrainSteps  optimiser steps of the pretraining
     * @param finetuneSteps  optimiser steps of every fine-tuning run (both arms)
     * @param pretrainSets   extra {@code --set} overrides of the pretraining recipe
     * @param finetuneSets   extra {@code --set} overrides of both fine-tuning arms
     */
    public record Settings(Path dir, int unlabelled, int valVideos, List<Integer> shots, List<Long> seeds,
                           long pretrainSteps, long finetuneSteps, List<String> pretrainSets,
                           List<String> finetuneSets) {
        public Settings {
            shots = List.copyOf(shots);
            seeds = List.copyOf(seeds);
            pretrainSets = List.copyOf(pretrainSets);
            finetuneSets = List.copyOf(finetuneSets);
            require(unlabelled >= CLASSES && unlabelled % CLASSES == 0, "--unlabelled " + unlabelled
                    + ": expected a positive multiple of " + CLASSES);
            require(valVideos >= CLASSES && valVideos % CLASSES == 0, "--val " + valVideos + ": expected a positive "
                    + "multiple of " + CLASSES);
            require(!shots.isEmpty() && shots.stream().allMatch(k -> k >= 1 && k * CLASSES <= unlabelled),
                    "--shots " + shots + ": expected values in [1, " + unlabelled / CLASSES + "] (labelled videos "
                            + "per class, taken from the " + unlabelled + " videos)");
            require(!seeds.isEmpty(), "--seeds: expected at least one");
            require(pretrainSteps >= 1 && finetuneSteps >= 1, "--pretrain-steps and --finetune-steps must be "
                    + "positive");
        }

        /** The demo as documented: minutes on a 2-core machine. */
        public static Settings standard(Path dir) {
            return new Settings(dir, 1200, 400, List.of(5, 20), List.of(0L, 1L, 2L), 6000, 300, List.of(),
                    List.of());
        }

        /** A smoke run of every phase (a couple of minutes): the numbers mean nothing. */
        public static Settings quick(Path dir) {
            return new Settings(dir, 32, 16, List.of(2), List.of(0L), 10, 6, List.of("log.reconstruct_every=5"),
                    List.of());
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    /**
     * One k and seed.
     *
     * @param shots     labelled videos per class
     * @param seed      the fine-tuning seed
     * @param scratch   val top-1 of the model trained from scratch
     * @param pretrained val top-1 of the model fine-tuned from the pretraining
     */
    public record Row(int shots, long seed, double scratch, double pretrained) {
    }

    /**
     * What the demo measured.
     *
     * @param settings     what ran
     * @param rows         one per k and seed
     * @param pretrainRun  the pretraining run folder (reconstructions/, metrics.csv, loss.png)
     * @param pretrainLoss the pretraining's last validation reconstruction loss
     * @param seconds      wall time of the whole demo
     * @param results      the Markdown report written
     */
    public record Result(Settings settings, List<Row> rows, Path pretrainRun, double pretrainLoss, double seconds,
                         Path results) {
        /** The table: per k, mean ± sd over seeds of both arms and the gap, in points of top-1. */
        public String table() {
            StringBuilder b = new StringBuilder();
            b.append("| labelled videos per class (k) | from scratch | pretrained | gap (points) | per seed: scratch "
                    + "/ pretrained |\n|---|---|---|---|---|\n");
            for (int k : settings.shots()) {
                List<Row> rs = rows.stream().filter(r -> r.shots() == k).toList();
                double[] s = rs.stream().mapToDouble(Row::scratch).toArray();
                double[] p = rs.stream().mapToDouble(Row::pretrained).toArray();
                StringBuilder per = new StringBuilder();
                for (Row r : rs) {
                    per.append(per.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f / %.1f",
                            100 * r.scratch(), 100 * r.pretrained()));
                }
                b.append(String.format(Locale.ROOT, "| %d | %s | %s | %+.1f | %s |%n", k, meanSd(s), meanSd(p),
                        100 * (mean(p) - mean(s)), per));
            }
            return b.toString();
        }

        private static String meanSd(double[] v) {
            double m = mean(v);
            double sq = 0;
            for (double x : v) {
                sq += (x - m) * (x - m);
            }
            double sd = v.length > 1 ? Math.sqrt(sq / (v.length - 1)) : 0;
            return String.format(Locale.ROOT, "%.1f %% ± %.1f", 100 * m, 100 * sd);
        }

        private static double mean(double[] v) {
            double s = 0;
            for (double x : v) {
                s += x;
            }
            return v.length == 0 ? Double.NaN : s / v.length;
        }
    }

    /**
     * Runs the demo: data, pretraining, both fine-tuning arms for every k and seed; progress lines go to {@code out},
     * each run's own output to {@code <run>/train.log}.
     */
    public static Result run(Settings s, PrintStream out) throws Exception {
        long t0 = System.nanoTime();
        Configurator.setLevel("org.tubelet", Level.WARN);          // every run's details are in its own files
        Configurator.setLevel("org.nd4j", Level.ERROR);            // a warning per label-smoothed loss it builds
        Path data = s.dir().resolve("data");
        Path runs = s.dir().resolve("runs");
        AtomicFiles.deleteTree(runs);
        out.printf(Locale.ROOT, "pretrain-demo: %d unlabelled videos, k = %s labelled per class, seeds %s, in %s%n",
                s.unlabelled(), s.shots(), s.seeds(), s.dir().toAbsolutePath());

        long phase = System.nanoTime();
        List<String> lines = generate(s, data);
        writeLists(s, data, lines);
        out.printf(Locale.ROOT, "data: %d + %d generated mp4 videos, unlabelled.txt and the labelled subsets in %s "
                + "(%.0f s)%n", s.unlabelled(), s.valVideos(), data, seconds(phase));

        phase = System.nanoTime();
        Path pretrainRun = runs.resolve("pretrain");
        List<String> pre = new ArrayList<>(List.of("data.root=" + data, "data.train=unlabelled.txt",
                "data.val=val.txt", "data.generate=false", "train.max_steps=" + s.pretrainSteps(),
                "checkpoint.dir=" + pretrainRun, "log.progress=lines",
                "schedule.warmup_steps=" + Math.max(1, s.pretrainSteps() / 30)));
        pre.addAll(s.pretrainSets());
        TrainResult p = train(Recipes.load(PRETRAIN_RECIPE, pre), pretrainRun);
        double preLoss = p.lastEval() == null ? Double.NaN : p.lastEval().loss();
        out.printf(Locale.ROOT, "pretraining: %d steps, validation reconstruction loss %.4f (%.0f s); pictures in "
                + "%s%n", p.steps(), preLoss, seconds(phase), pretrainRun.resolve("reconstructions"));

        List<Row> rows = new ArrayList<>();
        for (int k : s.shots()) {
            for (long seed : s.seeds()) {
                phase = System.nanoTime();
                double scratch = finetune(s, data, runs, k, seed, false);
                double pretrained = finetune(s, data, runs, k, seed, true);
                rows.add(new Row(k, seed, scratch, pretrained));
                out.printf(Locale.ROOT, "k = %d, seed %d: val top-1 from scratch %.1f %%, pretrained %.1f %% "
                        + "(%.0f s)%n", k, seed, 100 * scratch, 100 * pretrained, seconds(phase));
            }
        }
        Path results = s.dir().resolve("results.md");
        Result r = new Result(s, rows, pretrainRun, preLoss, seconds(t0), results);
        AtomicFiles.writeString(results, report(r));
        out.println();
        out.print(r.table());
        out.printf(Locale.ROOT, "%nwhole demo: %.1f min; report: %s%n", r.seconds() / 60, results);
        return r;
    }

    /** One fine-tuning run; its validation top-1 after the last step. */
    private static double finetune(Settings s, Path data, Path runs, int k, long seed, boolean pretrained)
            throws Exception {
        Path dir = runs.resolve(String.format(Locale.ROOT, "%s-k%d-seed%d", pretrained ? "pretrained" : "scratch", k,
                seed));
        List<String> sets = new ArrayList<>(List.of("data.root=" + data, "data.train=" + labelledList(k, seed),
                "data.val=val.txt", "train.seed=" + seed, "train.max_steps=" + s.finetuneSteps(),
                "train.eval_every=" + s.finetuneSteps(),
                "checkpoint.dir=" + dir, "log.progress=lines",
                "schedule.warmup_steps=" + Math.max(1, s.finetuneSteps() / 10)));
        if (pretrained) {
            sets.addAll(List.of("model.init_from=" + runs.resolve("pretrain"), "model.preset=null"));
        } else {
            sets.addAll(List.of("model.init_from=null", "model.preset=" + PRESET));
        }
        sets.addAll(s.finetuneSets());
        Recipe recipe = Recipes.load(FINETUNE_RECIPE, sets);
        if (recipe.data().batchSize() > k * CLASSES) {                // a batch cannot hold more than the videos
            sets.add("data.batch_size=" + k * CLASSES);
            recipe = Recipes.load(FINETUNE_RECIPE, sets);
        }
        TrainResult r = train(recipe, dir);
        if (r.lastEval() == null) {
            throw new IllegalStateException(dir + ": the fine-tuning recipe evaluated nothing (train.eval_at_end)");
        }
        return r.lastEval().top1();
    }

    private static TrainResult train(Recipe r, Path dir) throws Exception {
        Files.createDirectories(dir);
        try (OutputStream log = Files.newOutputStream(dir.resolve("train.log"));
             PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            return Training.run(r, ps);
        }
    }

    /** The generated videos ({@code train.txt} lines "path label"), written unless the same set is there already. */
    private static List<String> generate(Settings s, Path data) throws IOException {
        SyntheticConfig c = new SyntheticConfig(CLASSES, s.unlabelled() / CLASSES, s.valVideos() / CLASSES, 16, 64,
                64, 25, 7, VideoFormat.MP4_H264);
        String stamp = c + " " + MovingShapes.Renderer.SHAPES + "\n";
        Path marker = data.resolve("generated.txt");
        if (!Files.isRegularFile(marker) || !Files.readString(marker).equals(stamp)) {
            AtomicFiles.deleteTree(data);
            MovingShapes.generate(data, c, MovingShapes.Renderer.SHAPES);
            AtomicFiles.writeString(marker, stamp);
        }
        return Files.readAllLines(data.resolve("train.txt")).stream().filter(l -> !l.isBlank()).toList();
    }

    /**
     * {@code unlabelled.txt}: every training video as a bare path; {@code train_k<k>_seed<s>.txt}: k videos per
     * class, the first k of a per-class order drawn from the seed (so a smaller k's videos are among a larger one's).
     */
    private static void writeLists(Settings s, Path data, List<String> lines) throws IOException {
        StringBuilder unlabelled = new StringBuilder();
        List<List<String>> byClass = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            byClass.add(new ArrayList<>());
        }
        for (String line : lines) {
            int cut = line.lastIndexOf(' ');
            unlabelled.append(line, 0, cut).append('\n');
            byClass.get(Integer.parseInt(line.substring(cut + 1).strip())).add(line);
        }
        AtomicFiles.writeString(data.resolve("unlabelled.txt"), unlabelled.toString());
        for (long seed : s.seeds()) {
            List<List<String>> order = new ArrayList<>();
            for (int c = 0; c < CLASSES; c++) {
                List<String> shuffled = new ArrayList<>(byClass.get(c));
                SplittableRandom rng = new SplittableRandom(Seeds.of(seed, 0x4B53484FL, c));
                for (int i = shuffled.size() - 1; i > 0; i--) {
                    java.util.Collections.swap(shuffled, i, rng.nextInt(i + 1));
                }
                order.add(shuffled);
            }
            for (int k : s.shots()) {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < k; i++) {
                    for (List<String> cls : order) {
                        b.append(cls.get(i)).append('\n');
                    }
                }
                AtomicFiles.writeString(data.resolve(labelledList(k, seed)), b.toString());
            }
        }
    }

    static String labelledList(int k, long seed) {
        return String.format(Locale.ROOT, "train_k%d_seed%d.txt", k, seed);
    }

    private static String report(Result r) {
        Settings s = r.settings();
        return "# VideoMAE pretraining demo\n\n"
                + String.format(Locale.ROOT, "%d unlabelled videos for pretraining (%d steps), %d validation videos, "
                        + "%d fine-tuning steps per run, seeds %s; recipes %s and %s (preset %s); extra settings: "
                        + "pretraining %s, fine-tuning %s.%n%n", s.unlabelled(), s.pretrainSteps(), s.valVideos(),
                s.finetuneSteps(), s.seeds(), PRETRAIN_RECIPE, FINETUNE_RECIPE, PRESET, s.pretrainSets(),
                s.finetuneSets())
                + String.format(Locale.ROOT, "Validation top-1 after the last fine-tuning step (chance: %.0f %%):%n%n",
                100.0 / CLASSES)
                + r.table()
                + String.format(Locale.ROOT, "%nPretraining: validation reconstruction loss %.4f; reconstructions in "
                        + "%s.%nWhole demo: %.1f min.%n", r.pretrainLoss(), r.pretrainRun().resolve("reconstructions"),
                r.seconds() / 60);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

}
