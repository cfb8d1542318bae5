package org.tubelet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tubelet.datasets.check.DatasetCheck;
import org.tubelet.datasets.check.DatasetReport;
import org.tubelet.datasets.layout.AnnotationIssue;
import org.tubelet.datasets.layout.DatasetIndex;
import org.tubelet.datasets.layout.Layout;
import org.tubelet.datasets.layout.LayoutOptions;
import org.tubelet.datasets.video.ClipSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dataset ...}: tools for datasets on disk. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Dataset tools.",
        subcommands = {DatasetCommand.Check.class, CommandLine.HelpCommand.class})
final class DatasetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code dataset check}: scans a dataset (headers, optionally every frame) and prints counts per class,
     * durations, fps, sizes, codecs and every unreadable file with its reason. Exit 0 when it finished (even with
     * bad files), 1 with {@code --strict} when a file or annotation line is bad, 2 for bad arguments.
     */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Scan a dataset and report classes, durations, fps, sizes, codecs and unreadable files.")
    static final class Check implements Callable<Integer> {
        @Option(names = "--annotations", required = true, paramLabel = "FILE",
                description = "Annotation file (list .txt/.csv, Kinetics .csv, UCF101 list, SSv2 .json) or a folder "
                        + "of class folders.")
        Path annotations;

        @Option(names = "--layout", paramLabel = "LAYOUT",
                description = "list, kinetics, ucf101, ssv2 or folders (default: inferred from the annotation path).")
        String layout;

        @Option(names = "--root", paramLabel = "DIR", description = "Folder the annotation's video paths are relative to.")
        Path root;

        @Option(names = "--decode", description = "Decode every frame of every video (slow, finds corruption).")
        boolean decode;

        @Option(names = "--strict", description = "Exit 1 when any file or annotation line is bad.")
        boolean strict;

        @Option(names = "--workers", defaultValue = "2", description = "Threads (default: ${DEFAULT-VALUE}).")
        int workers;

        @Override
        public Integer call() throws Exception {
            if (!Files.exists(annotations)) {
                throw new IllegalArgumentException("--annotations " + annotations + ": no such file or folder");
            }
            if (workers <= 0) {
                throw new IllegalArgumentException("--workers " + workers + ": expected a positive number");
            }
            Layout l = layout == null ? Layout.infer(annotations) : parseLayout(layout);
            DatasetIndex index = l.read(annotations, Optional.ofNullable(root), LayoutOptions.defaults());
            System.out.println("layout: " + l.name().toLowerCase(Locale.ROOT) + ", " + index.samples().size()
                    + " videos, " + index.labels().size() + " classes");
            for (AnnotationIssue issue : index.issues()) {
                System.out.println("annotation: " + issue);
            }
            DatasetReport report = new DatasetCheck(ClipSource.standard(), workers, decode)
                    .run(index.samples(), index.labels());
            System.out.println(report.toText());
            boolean bad = !report.ok() || !index.issues().isEmpty();
            return strict && bad ? CliErrors.FAILURE : CliErrors.OK;
        }

        private static Layout parseLayout(String name) {
            try {
                return Layout.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--layout " + name
                        + ": expected one of list, kinetics, ucf101, ssv2, folders");
            }
        }
    }
}
