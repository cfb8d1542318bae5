package org.tubelet.cli;

import org.tubelet.engine.Engine;
import org.tubelet.engine.NativeEnvironment;
import org.tubelet.run.doctor.Probes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar trainer.jar <command>}: the Tubelet command line. Exit codes: 0 ok, 1 failure, 2 bad usage or
 * config.
 */
@Command(name = "trainer", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Train, fine-tune, pretrain, run and export video transformers (ViViT, TimeSformer, VideoMAE).",
        subcommands = {TrainCommand.class, EvalCommand.class, ExportCommand.class, PredictCommand.class,
                ForwardCommand.class, PreprocessCommand.class, DatasetCommand.class, BenchCommand.class,
                DemoCommand.class, ReconstructCommand.class, PretrainDemoCommand.class, DoctorCommand.class,
                CompletionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Option(names = "--verbose", description = "Print stack traces of errors, and DL4J's own warnings and console "
            + "lines (hidden otherwise).", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code java -jar trainer.jar --recipe R [--set k=v]...} is {@code train --recipe R ...}. */
    @CommandLine.Mixin
    RecipeOptions recipe;

    /** {@code --version}: the version Maven wrote into {@code org/tubelet/tubelet.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Probes.tubeletVersion();
            return new String[]{"Tubelet " + (v == null ? "(unknown version)" : v)};
        }
    }

    @Override
    public void run() {
        if (recipe.recipe == null && recipe.sets.isEmpty()) {
            spec.commandLine().usage(spec.commandLine().getOut());
            return;
        }
        try {
            spec.commandLine().setExecutionResult(TrainCommand.run(recipe));
        } catch (Exception e) {
            throw new CommandLine.ExecutionException(spec.commandLine(), e.getMessage(), e);
        }
    }

    public static void main(String[] args) {
        start(args);
        System.exit(run(args));
    }

    /**
     * What every Tubelet program does first: re-executes itself with the native-library settings when they are
     * missing (exiting with the child's code; exit code 2 for a setting such as {@code TUBELET_MALLOC} that names
     * nothing usable), then quiets DL4J's console and installs the engine. Before ND4J loads: the native libraries
     * read the settings once.
     */
    public static void start(String[] args) {
        try {
            NativeEnvironment.relaunchIfNeeded(args).ifPresent(System::exit);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("tubelet: " + e.getMessage());
            System.exit(2);
        }
        Dl4jOutput.show(verbose(args));         // before anything loads DL4J's classes: some warn as they load
        Engine.install();                       // ND4J's build for this processor, Tubelet's sessions and kernels
    }

    private static boolean verbose(String... args) {
        return java.util.Arrays.asList(args).contains("--verbose");
    }

    /** Runs the CLI and returns the exit code (used by tests). */
    public static int run(String... args) {
        return run(null, args);
    }

    /** Same, with the error messages going to {@code err} instead of standard error (null: standard error). */
    static int run(java.io.PrintWriter err, String... args) {
        boolean verbose = verbose(args);
        Dl4jOutput.show(verbose);
        CommandLine cl = new CommandLine(new Main());
        if (err != null) {
            cl.setErr(err);
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);          // --engine sums as well as SUMS
        cl.setExecutionExceptionHandler(new CliErrors(verbose));
        cl.setParameterExceptionHandler(CliErrors::handleParameterException);
        return cl.execute(args);
    }
}
