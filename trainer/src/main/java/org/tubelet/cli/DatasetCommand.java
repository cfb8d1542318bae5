package org.tubelet.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tubelet.datasets.layout.AnnotationIssue;
import org.tubelet.datasets.layout.Layout;
import org.tubelet.recipe.DataSection;
import org.tubelet.recipe.Recipe;
import org.tubelet.run.DatasetChecks;
import org.tubelet.run.RecipeAnnotations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dataset ...}: tools for datasets on disk. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Dataset tools.",
        subcommands = {DatasetCommand.Check.class, LoaderBenchCommand.class, CommandLine.HelpCommand.class})
final class DatasetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code dataset check}: scans a dataset (headers, optionally every frame) and prints counts per class,
     * durations, fps, sizes, codecs and every unreadable file with its reason; either one annotation file
     * ({@code --annotations}) or a recipe's training and validation files ({@code --recipe}), read exactly as training
     * reads them. Exit 0 when it finished (even with bad files), 1 with {@code --strict} when a file or annotation
     * line is bad, 2 for bad arguments.
     */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Scan a dataset and report classes, durations, fps, sizes, codecs and unreadable files.",
                    "Give exactly one of --annotations FILE (with --layout/--root) and --recipe R (the recipe's "
                            + "data.train and data.val with its format, root and labels; --set overrides keys)."})
    static final class Check implements Callable<Integer> {
        @Option(names = "--annotations", paramLabel = "FILE",
                description = "Annotation file (list .txt, CSV list .csv with a path,label header, Kinetics .csv, "
                        + "UCF101 list, SSv2 .json) or a folder of class folders.")
        Path annotations;

        @CommandLine.Mixin
        RecipeOptions recipe;

        @Option(names = "--layout", paramLabel = "LAYOUT",
                description = "list, csv, kinetics, ucf101, ssv2 or folders (default: inferred from the annotation "
                        + "path; a .csv by its first row: a header with a 'path' column is csv, with 'label' or "
                        + "'youtube_id' kinetics).")
        String layout;

        @Option(names = "--root", paramLabel = "DIR", description = "Folder the annotation's video paths are relative to.")
        Path root;

        @Option(names = "--unlabelled", description = "Read the videos only, as pretraining does: a list of bare "
                + "paths, a folder of videos with or without class folders; labels, if given, are ignored.")
        boolean unlabelled;

        @Option(names = "--decode", description = "Decode every frame of every video (slow, finds corruption).")
        boolean decode;

        @Option(names = "--strict", description = "Exit 1 when any file or annotation line is bad.")
        boolean strict;

        @Option(names = "--workers", defaultValue = "2", description = "Threads (default: ${DEFAULT-VALUE}).")
        int workers;

        @Override
        public Integer call() throws Exception {
            boolean fromRecipe = recipe.recipe != null;
            if (fromRecipe == (annotations != null)) {
                throw new IllegalArgumentException((fromRecipe ? "--annotations and --recipe were both given"
                        : "neither --annotations nor --recipe was given") + ": give exactly one, e.g. --annotations "
                        + "train.txt --root videos/ or --recipe quickstart");
            }
            if (workers <= 0) {
                throw new IllegalArgumentException("--workers " + workers + ": expected a positive number");
            }
            boolean bad = fromRecipe ? checkRecipe() : checkAnnotations();
            return strict && bad ? CliErrors.FAILURE : CliErrors.OK;
        }

        /** {@code --annotations}: one file with the given or inferred layout. Returns whether anything is bad. */
        private boolean checkAnnotations() throws Exception {
            if (!recipe.sets.isEmpty()) {
                throw new IllegalArgumentException("--set " + recipe.sets.get(0) + ": --set changes a recipe; it "
                        + "needs --recipe");
            }
            DatasetChecks.Scan scan = DatasetChecks.annotations(annotations,
                    Optional.ofNullable(layout).map(Check::parseLayout), root, workers, decode, unlabelled);
            print(scan);
            return scan.bad();
        }

        /** {@code --recipe}: the recipe's training and validation files, one report each. */
        private boolean checkRecipe() throws Exception {
            if (unlabelled) {
                throw new IllegalArgumentException("--unlabelled cannot be combined with --recipe: a pretraining "
                        + "recipe (task: pretraining) reads its videos without labels");
            }
            if (layout != null || root != null) {
                throw new IllegalArgumentException((layout != null ? "--layout" : "--root") + " cannot be combined "
                        + "with --recipe: the recipe's data.format and data.root are used (change them with --set "
                        + "data.root=DIR)");
            }
            Recipe r = recipe.load();
            DataSection d = r.data();
            System.out.println("recipe " + r.name() + " (" + r.source() + "): format " + d.format().key()
                    + (d.root() == null ? "" : ", root " + d.root()));
            DatasetChecks.RecipeCheck check = DatasetChecks.recipe(r, workers, decode);
            if (check.nothingToScan() != null) {
                System.out.println(check.nothingToScan());
                return false;
            }
            check.notes().forEach(System.out::println);
            for (DatasetChecks.Scan scan : check.scans()) {
                System.out.println();
                System.out.println(scan.title() + ": " + scan.file()
                        + (scan.title().equals("val") ? " (read with the training classes)" : ""));
                print(scan);
                if (scan.index().samples().isEmpty()) {
                    System.out.println("no readable videos: training needs at least one. "
                            + RecipeAnnotations.layoutHelp(d));
                }
            }
            return check.bad();
        }

        /** The annotation problems and the report of one scan. */
        private static void print(DatasetChecks.Scan scan) {
            System.out.println("layout: " + scan.layoutName() + ", " + scan.index().samples().size() + " videos, "
                    + (scan.index().unlabelled() ? "unlabelled" : scan.index().labels().size() + " classes"));
            for (AnnotationIssue issue : scan.index().issues()) {
                System.out.println("annotation: " + issue);
            }
            System.out.println(scan.report().toText());
        }

        private static Layout parseLayout(String name) {
            return Arrays.stream(Layout.values()).filter(l -> l.key().equals(name.toLowerCase(Locale.ROOT)))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("--layout " + name + ": expected one"
                            + " of " + String.join(", ", Arrays.stream(Layout.values()).map(Layout::key).toList())));
        }
    }
}
